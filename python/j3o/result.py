"""The result file (docs/file-formats.md) in memory, and its answers as DataFrames with names."""
import dataclasses
import math
import os
from typing import Dict, Optional

import h5py
import numpy as np
import pandas as pd

from .files import temp_beside
from .h5text import scalar, text

ROUTES = {0: "local", 1: "edge", 2: "cloud"}
SUMMARY_F64 = ("accuracy", "served_fraction", "upper_bound", "gap", "wall_s")


@dataclasses.dataclass
class Result:
    instance: str            # /@instance, the path as given to the solver
    instance_sha256: str
    method: str
    ranks: int
    git: str
    summary: Dict[str, object]   # accuracy, served_fraction, upper_bound, gap, wall_s (float), status (str)
    onload_client: np.ndarray    # u8 [N][M]
    onload_edge: np.ndarray      # u8 [E][M]
    duty_cycle_s: np.ndarray     # [E]
    client: np.ndarray           # offload rows [R]
    task: np.ndarray
    route: np.ndarray
    model: np.ndarray
    fraction: np.ndarray
    trace: Dict[str, np.ndarray]
    # a re-plan's (bin/j3o -previous): the previous plan's path and SHA-256, the budgets given (NaN: none),
    # each cluster's churn in MB and its sum; empty / None for a plan made without -previous
    previous: str = ""
    previous_sha256: str = ""
    swap_budget_mb: float = math.nan
    swap_budget_total_mb: float = math.nan
    churn_cluster_mb: Optional[np.ndarray] = None   # [E]
    churn_total_mb: float = math.nan
    # /shared (name, price, capacity, use: the prices a re-plan starts from) and /onload/demand_hash
    # (which clusters' demand a re-plan finds unchanged); /warm (LP bases) is not kept
    shared: Dict[str, np.ndarray] = dataclasses.field(default_factory=dict)
    demand_hash: Optional[np.ndarray] = None        # u64 [E]


def read_summary(path):
    """Provenance and /summary of a result file without its arrays, plus `format` (/@format as found)
    and `has_summary`; the caller checks that format is j3o-result. Raises OSError when not HDF5."""
    with h5py.File(path, "r") as f:
        return _header(f)


def _header(f):
    s = f["summary"].attrs if "summary" in f else {}
    out = {"format": text(f.attrs.get("format", b"")), "has_summary": "summary" in f,
           "method": text(f.attrs.get("method", "")), "ranks": scalar(f.attrs.get("ranks", 0), int),
           "instance": text(f.attrs.get("instance", "")), "instance_sha256": text(f.attrs.get("instance_sha256", "")),
           "git": text(f.attrs.get("git", "")), "status": text(s.get("status", "")),
           # a re-plan's: the previous plan, the budgets (nan: none given), the total churn (nan: no re-plan)
           "previous": text(f.attrs.get("previous", "")), "previous_sha256": text(f.attrs.get("previous_sha256", "")),
           "swap_budget_mb": scalar(f.attrs.get("swap_budget_mb", math.nan)),
           "swap_budget_total_mb": scalar(f.attrs.get("swap_budget_total_mb", math.nan)),
           "churn_total_mb": scalar(f["churn"].attrs.get("total_mb", math.nan)) if "churn" in f else math.nan}
    for k in SUMMARY_F64:
        out[k] = scalar(s.get(k, math.nan))
    return out


def read(path):
    with h5py.File(path, "r") as f:
        fmt = text(f.attrs.get("format", b""))
        if fmt != "j3o-result":
            raise ValueError("%s: /@format is '%s', not 'j3o-result'" % (path, fmt))
        h = _header(f)
        off = {k: f["offload/" + k][()] for k in ("client", "task", "route", "model", "fraction")}
        trace = {k: f["trace"][k][()] for k in f["trace"]} if "trace" in f else {}
        return Result(instance=h["instance"], instance_sha256=h["instance_sha256"], method=h["method"],
                      ranks=h["ranks"], git=h["git"],
                      summary={k: h[k] for k in SUMMARY_F64 + ("status",)},
                      onload_client=f["onload/client"][()], onload_edge=f["onload/edge"][()],
                      duty_cycle_s=f["onload/duty_cycle_s"][()],
                      client=off["client"].astype(np.int64), task=off["task"].astype(np.int64),
                      route=off["route"].astype(np.int64), model=off["model"].astype(np.int64),
                      fraction=off["fraction"].astype(np.float64), trace=trace,
                      previous=h["previous"], previous_sha256=h["previous_sha256"],
                      swap_budget_mb=h["swap_budget_mb"], swap_budget_total_mb=h["swap_budget_total_mb"],
                      churn_cluster_mb=f["churn/cluster_mb"][()] if "churn/cluster_mb" in f else None,
                      churn_total_mb=h["churn_total_mb"],
                      shared={k: f["shared"][k][()] for k in f["shared"]} if "shared" in f else {},
                      demand_hash=f["onload/demand_hash"][()] if "onload/demand_hash" in f else None)


def write(res, path):
    """Writes res to path atomically in the layout bin/j3o writes (a result built in Python, for
    instance by your own heuristic, can then be checked with bin/j3o-check)."""
    tmp = temp_beside(path, ".tmp.h5")
    try:
        with h5py.File(tmp, "w") as f:
            for k in ("format", "instance_sha256", "method", "git"):
                f.attrs[k] = np.bytes_(("j3o-result" if k == "format" else getattr(res, k)).encode("ascii"))
            f.attrs["instance"] = np.bytes_(os.fsencode(res.instance))  # a path: its bytes, as bin/j3o writes it
            f.attrs["version"] = np.int32(1)
            f.attrs["ranks"] = np.int32(res.ranks)
            g = f.create_group("summary")
            for k in SUMMARY_F64:
                g.attrs[k] = np.float64(res.summary[k])
            g.attrs["status"] = np.bytes_(res.summary["status"].encode("ascii"))
            f.create_dataset("onload/client", data=np.asarray(res.onload_client, dtype=np.uint8))
            f.create_dataset("onload/edge", data=np.asarray(res.onload_edge, dtype=np.uint8))
            f.create_dataset("onload/duty_cycle_s", data=np.asarray(res.duty_cycle_s, dtype=np.float64))
            for k, dt in (("client", np.int64), ("task", np.int32), ("route", np.int8), ("model", np.int32),
                          ("fraction", np.float64)):
                f.create_dataset("offload/" + k, data=np.asarray(getattr(res, k), dtype=dt))
            for k, v in res.trace.items():
                f.create_dataset("trace/" + k, data=np.asarray(v, dtype=np.float64))
            if res.previous_sha256:
                f.attrs["previous"] = np.bytes_(os.fsencode(res.previous))
                f.attrs["previous_sha256"] = np.bytes_(res.previous_sha256.encode("ascii"))
                for k in ("swap_budget_mb", "swap_budget_total_mb"):
                    if not math.isnan(getattr(res, k)):
                        f.attrs[k] = np.float64(getattr(res, k))
                if res.churn_cluster_mb is not None:  # bin/j3o-check -previous then says it is missing
                    f.create_dataset("churn/cluster_mb", data=np.asarray(res.churn_cluster_mb, dtype=np.float64))
                    f["churn"].attrs["total_mb"] = np.float64(res.churn_total_mb)
            for k, v in res.shared.items():
                f.create_dataset("shared/" + k, data=v)
            if res.demand_hash is not None:
                f.create_dataset("onload/demand_hash", data=np.asarray(res.demand_hash, dtype=np.uint64))
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise


def placement(inst, res):
    """tier, device, model, memory_mb: one row per resident model (clients, then edges)."""
    rows = []
    for tier, x, label in (("client", res.onload_client, inst.client_label), ("edge", res.onload_edge, inst.edge_label)):
        for i, m in zip(*np.nonzero(x)):
            rows.append((tier, label(int(i)), inst.model_name[m], float(inst.memory_mb[m])))
    return pd.DataFrame(rows, columns=["tier", "device", "model", "memory_mb"])


def loaded(inst, res, prev):
    """tier, device, model, memory_mb: one row per model res holds that prev (a result of the same
    instance's entities, the plan res re-planned from) did not: what the re-plan loads, its churn."""
    rows = placement(inst, res)
    held = placement(inst, prev)
    key = ["tier", "device", "model"]
    m = rows.merge(held[key], on=key, how="left", indicator=True)
    return m[m["_merge"] == "left_only"].drop(columns="_merge").reset_index(drop=True)


def churn(inst, res):
    """edge, churn_mb: each cluster's churn of a re-plan (/churn/cluster_mb), by edge name; raises
    ValueError for a plan made without -previous."""
    if res.churn_cluster_mb is None:
        raise ValueError("the result carries no /churn: it was not solved with -previous")
    return pd.DataFrame({"edge": [inst.edge_label(e) for e in range(inst.E)], "churn_mb": res.churn_cluster_mb})


def routes(inst, res):
    """client, task, route, model, fraction, qps (= fraction x demand), in /offload order."""
    qps = inst.demand[res.client, res.task] * res.fraction
    return pd.DataFrame({
        "client": [inst.client_label(int(n)) for n in res.client],
        "task": [inst.task_name[t] for t in res.task],
        "route": [ROUTES[int(r)] for r in res.route],
        "model": [inst.model_name[m] for m in res.model],
        "fraction": res.fraction, "qps": qps})


def served(inst, res):
    """[N][T] fraction of each client's demand for each task that some route serves."""
    s = np.zeros((inst.N, inst.T))
    np.add.at(s, (res.client, res.task), res.fraction)
    return s


def dropped(inst, res):
    """client, task, qps: the unserved demand of each pair with positive demand (a pair served within
    1e-12 of its whole demand is left out)."""
    left = inst.demand * np.clip(1.0 - served(inst, res), 0.0, None)
    n, t = np.nonzero((inst.demand > 0) & (left > 1e-12 * inst.demand))
    return pd.DataFrame({"client": [inst.client_label(int(i)) for i in n],
                         "task": [inst.task_name[k] for k in t], "qps": left[n, t]})


def route_accuracy(inst, res):
    """Accuracy of each /offload row's model for its task (the cloud route's model is c(t))."""
    return inst.accuracy[res.model, res.task]


def per_task(inst, res):
    """task, demand_qps, served_qps, served_fraction, mean_accuracy (over served queries)."""
    q = inst.demand[res.client, res.task] * res.fraction
    a = route_accuracy(inst, res)
    dem = inst.demand.sum(axis=0)
    sq = np.bincount(res.task, q, inst.T)
    aq = np.bincount(res.task, q * a, inst.T)
    with np.errstate(invalid="ignore", divide="ignore"):
        return pd.DataFrame({"task": inst.task_name, "demand_qps": dem, "served_qps": sq,
                             "served_fraction": np.where(dem > 0, sq / np.where(dem > 0, dem, 1), np.nan),
                             "mean_accuracy": np.where(sq > 0, aq / np.where(sq > 0, sq, 1), np.nan)})


def accuracy(inst, res):
    """A = sum w_t qps a / sum w_t lambda_nt (docs/formulation.md), recomputed from /offload."""
    q = inst.demand[res.client, res.task] * res.fraction
    total = float((inst.weight[None, :] * inst.demand).sum())
    return float((inst.weight[res.task] * q * route_accuracy(inst, res)).sum()) / total if total > 0 else 0.0
