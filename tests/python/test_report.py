"""j3o-report: the tables re-add to the result (accuracy, placement, served + dropped = demand)."""
import json
import os

import numpy as np
import pandas as pd
import pytest

import j3o
from conftest import CAMPUS, generate, solve, tool


@pytest.fixture(scope="module")
def campus(tmp_path_factory):
    d = tmp_path_factory.mktemp("campus")
    inst = d / "campus.h5"
    tool("j3o-import", CAMPUS, "-o", inst, "-q")
    res = solve(inst, d / "r.h5", "j3o", 2)
    p = tool("j3o-report", inst, res, "-o", d / "report")
    return str(inst), res, str(d / "report"), p.stdout


def test_routes_readd_to_accuracy(campus):
    ipath, rpath, out, _ = campus
    inst, res = j3o.read_instance(ipath), j3o.read_result(rpath)
    routes = pd.read_csv(os.path.join(out, "routes.csv"), keep_default_na=False)
    assert list(routes.columns) == ["client", "task", "route", "model", "fraction", "qps"]
    assert len(routes) == len(res.fraction) > 0
    assert set(routes["route"]) <= {"local", "edge", "cloud"}
    # docs/formulation.md: A = sum w_t qps a_mt / sum_nt w_t lambda_nt, from the names alone
    t = {n: k for k, n in enumerate(inst.task_name)}
    m = {n: k for k, n in enumerate(inst.model_name)}
    c = {n: k for k, n in enumerate(inst.client_name)}
    num = sum(inst.weight[t[r.task]] * r.qps * inst.accuracy[m[r.model], t[r.task]] for r in routes.itertuples())
    den = float((inst.weight[None, :] * inst.demand).sum())
    assert abs(num / den - res.summary["accuracy"]) <= 1e-6
    for r in routes.itertuples():
        assert abs(r.qps - r.fraction * inst.demand[c[r.client], t[r.task]]) <= 1e-12 * max(1, r.qps)


def test_dropped_plus_served_is_demand(campus):
    ipath, _, out, _ = campus
    inst = j3o.read_instance(ipath)
    routes = pd.read_csv(os.path.join(out, "routes.csv"), keep_default_na=False)
    dropped = pd.read_csv(os.path.join(out, "dropped.csv"), keep_default_na=False)
    assert len(dropped) > 0 and (dropped["qps"] > 0).all()
    total = {}
    for df in (routes, dropped):
        for r in df.itertuples():
            total[(r.client, r.task)] = total.get((r.client, r.task), 0.0) + r.qps
    want = {(inst.client_name[n], inst.task_name[k]): inst.demand[n, k]
            for n in range(inst.N) for k in range(inst.T) if inst.demand[n, k] > 0}
    assert set(total) <= set(want)
    for key, q in want.items():
        assert abs(total.get(key, 0.0) - q) <= 1e-9 * q, key
    s = json.load(open(os.path.join(out, "summary.json")))
    assert abs(s["dropped_qps"] - dropped["qps"].sum()) <= 1e-9 * s["demand_qps"]
    assert abs(s["demand_qps"] - inst.demand.sum()) <= 1e-9


def test_placement_matches_onload(campus):
    ipath, rpath, out, _ = campus
    inst, res = j3o.read_instance(ipath), j3o.read_result(rpath)
    pl = pd.read_csv(os.path.join(out, "placement.csv"), keep_default_na=False)
    got = {(r.tier, r.device, r.model) for r in pl.itertuples()}
    want = {("client", inst.client_name[n], inst.model_name[k]) for n, k in zip(*np.nonzero(res.onload_client))}
    want |= {("edge", inst.edge_name[e], inst.model_name[k]) for e, k in zip(*np.nonzero(res.onload_edge))}
    assert got == want and len(pl) == len(want) > 0
    for r in pl.itertuples():
        assert r.memory_mb == inst.memory_mb[inst.model_name.index(r.model)]


def test_utilization_and_summary(campus):
    ipath, rpath, out, text = campus
    inst, res = j3o.read_instance(ipath), j3o.read_result(rpath)
    u = pd.read_csv(os.path.join(out, "utilization.csv"), keep_default_na=False, na_values=[""])
    assert len(u) == 3 * inst.N + 4 * inst.E + 2
    # edge memory: sum of resident models' memory, by name
    pl = pd.read_csv(os.path.join(out, "placement.csv"), keep_default_na=False)
    for e, name in enumerate(inst.edge_name):
        row = u[(u.resource == "edge_memory_mb") & (u.entity == name)].iloc[0]
        assert abs(row.used - pl[(pl.tier == "edge") & (pl.device == name)].memory_mb.sum()) <= 1e-9
        assert row.capacity == inst.edge_memory_mb[e] and row.used <= row.capacity * (1 + 1e-6)
    assert (u.utilization.dropna() <= 1 + 1e-6).all()          # the checker accepted the result
    cams = u[(u.resource == "client_memory_mb") & u.entity.str.contains("camera")]
    assert cams.utilization.isna().all() and (cams.capacity == 0).all()   # no memory: no ratio
    s = json.load(open(os.path.join(out, "summary.json")))
    assert s["accuracy"] == res.summary["accuracy"] and s["method"] == "j3o" and s["status"] == res.summary["status"]
    assert [t["task"] for t in s["per_task"]] == inst.task_name and len(s["tightest"]) == 10
    assert "accuracy        %.6f" % res.summary["accuracy"] in text
    assert "Library, level 2" in text or "Engineering" in text or "Stadium" in text or "Residence hall" in text
    for png in ("utilization.png", "tasks.png"):
        b = open(os.path.join(out, png), "rb").read()
        assert b[:8] == b"\x89PNG\r\n\x1a\n" and len(b) > 10000


def test_per_task_served_fraction(campus):
    ipath, rpath, _, _ = campus
    inst, res = j3o.read_instance(ipath), j3o.read_result(rpath)
    t = j3o.per_task(inst, res)
    w = inst.weight
    served = (w * t.served_qps).sum() / (w * t.demand_qps).sum()
    assert abs(served - res.summary["served_fraction"]) <= 1e-6


def test_unnamed_instance_by_index_and_wrong_instance(tmp_path):
    inst = generate(tmp_path / "g.h5", "paper", 2, "-edges", "2", "-clients_per_edge", "3")
    res = solve(inst, tmp_path / "r.h5", "greedy")
    p = tool("j3o-report", inst, res, "-o", tmp_path / "rep")
    routes = pd.read_csv(tmp_path / "rep" / "routes.csv", keep_default_na=False, dtype={"client": str})
    assert len(routes) and set(routes["client"]) <= {"client-%d" % n for n in range(6)}
    # the report names unnamed entities as j3o-export does
    tool("j3o-export", inst, tmp_path / "dep")
    exported = pd.read_csv(tmp_path / "dep" / "clients.csv", keep_default_na=False)
    assert list(exported["name"]) == ["client-%d" % n for n in range(6)]
    assert set(pd.read_csv(tmp_path / "dep" / "edges.csv")["name"]) == {"edge-0", "edge-1"}
    util = pd.read_csv(tmp_path / "rep" / "utilization.csv", keep_default_na=False)
    assert set(util["entity"]) == {"client-%d" % n for n in range(6)} | {"edge-0", "edge-1", "cloud"}
    # printed resource names are bin/j3o's summary wording; the tables keep the dataset-like ids
    tight = p.stdout.split("tightest resources", 1)[1].split("\n\n")[0].splitlines()[1:]
    words = {"client memory", "client compute", "client uplink", "edge memory", "edge compute", "cell uplink",
             "backhaul", "cloud compute", "cloud ingress"}
    assert tight and all(any(l.strip().startswith(w + " ") for w in words) for l in tight), p.stdout
    assert "backhaul_mb_s" in set(util["resource"])
    other = generate(tmp_path / "o.h5", "paper", 3, "-edges", "2", "-clients_per_edge", "3")
    p = tool("j3o-report", other, res, ok=False)
    assert p.returncode == 1 and "the result belongs to another instance" in p.stderr


def test_write_result_round_trip(campus, tmp_path):
    """A result written by the package passes bin/j3o-check and reads back the same; a planted
    overload (every fraction doubled) is rejected by the checker."""
    ipath, rpath, _, _ = campus
    res = j3o.read_result(rpath)
    j3o.write_result(res, tmp_path / "copy.h5")
    tool("j3o-check", ipath, tmp_path / "copy.h5")
    back = j3o.read_result(tmp_path / "copy.h5")
    for k in ("onload_client", "onload_edge", "duty_cycle_s", "client", "task", "route", "model", "fraction"):
        assert np.array_equal(getattr(back, k), getattr(res, k)), k
    assert repr(back.summary) == repr(res.summary)         # repr: NaN (no bound) compares equal
    assert back.trace.keys() == res.trace.keys()
    res.fraction = 2 * res.fraction
    j3o.write_result(res, tmp_path / "bad.h5")
    p = tool("j3o-check", ipath, tmp_path / "bad.h5", ok=False)
    assert p.returncode == 1, p.stdout + p.stderr


def test_report_into_a_closed_pipe(campus):
    """A reader that stops early (j3o-report ... | head): the tool ends by SIGPIPE, as cat does, with
    nothing on stderr (no "Broken pipe" line)."""
    import signal
    import subprocess
    from conftest import BIN, ENV
    inst, res = campus[0], campus[1]
    p = subprocess.Popen([os.path.join(BIN, "j3o-report"), inst, res], stdout=subprocess.PIPE,
                         stderr=subprocess.PIPE, env=ENV)
    p.stdout.close()  # before the tool writes: its first write meets a closed pipe
    err = p.stderr.read().decode()
    assert p.wait() == -signal.SIGPIPE and err == "", (p.returncode, err)
