"""A re-plan's result from Python: churn per cluster and the models loaded add up to /churn, and a
copy written by the package keeps what bin/j3o-check needs to check it against the previous plan."""
import shutil

import h5py
import numpy as np

import j3o
from conftest import BIN, generate, run, tool


def test_replan_churn_loaded_and_copy(tmp_path):
    a = generate(tmp_path / "a.h5", "paper", 3)
    p0 = tmp_path / "p0.h5"
    run(BIN + "/j3o", "-i", a, "-o", p0, "-j3o_quiet")
    # the same entities, another demand: task 0's gone, task 1's tripled
    b = tmp_path / "b.h5"
    shutil.copy(a, b)
    with h5py.File(b, "r+") as f:
        d = f["clients/demand"][()]
        d[:, 1] *= 3
        d[:, 0] = 0
        f["clients/demand"][...] = d
    p1 = tmp_path / "p1.h5"
    out = run(BIN + "/j3o", "-i", b, "-o", p1, "-previous", p0, "-swap_budget_mb", "1e4").stdout
    tool("j3o-check", b, p1, "-previous", p0)
    inst, res, prev = j3o.read_instance(b), j3o.read_result(p1), j3o.read_result(p0)
    assert res.previous_sha256 == j3o.sha256(p0) and res.swap_budget_mb == 1e4
    assert np.isnan(res.swap_budget_total_mb) and prev.churn_cluster_mb is None
    ch, ld = j3o.churn(inst, res), j3o.loaded(inst, res, prev)
    assert list(ch["edge"]) == [inst.edge_label(e) for e in range(inst.E)]
    assert res.churn_total_mb > 0 and len(ld) > 0, "the demand change loads no model: no test of the churn"
    assert np.isclose(ch["churn_mb"].sum(), res.churn_total_mb, rtol=1e-12)
    assert np.isclose(ld["memory_mb"].sum(), res.churn_total_mb, rtol=1e-9)
    # the summary table says the same
    line = "  churn              %.1f MB, %d model%s loaded that %s did not hold" % (
        res.churn_total_mb, len(ld), "" if len(ld) == 1 else "s", p0)
    assert line in out.splitlines(), out
    # j3o-report says it too, with the budget given
    rep = tool("j3o-report", b, p1).stdout
    assert "churn           %.1f MB loaded that %s did not hold (swap_budget_mb 10000 MB)" % (
        res.churn_total_mb, p0) in rep.splitlines(), rep
    # the copy is checked against the previous plan as the original is, and re-planned from
    j3o.write_result(res, tmp_path / "copy.h5")
    tool("j3o-check", b, tmp_path / "copy.h5", "-previous", p0)
    p = tool("j3o-check", b, tmp_path / "copy.h5", ok=False)
    assert p.returncode == 2 and "pass -previous" in p.stderr, p.stderr
    back = j3o.read_result(tmp_path / "copy.h5")
    assert np.array_equal(back.churn_cluster_mb, res.churn_cluster_mb) and np.array_equal(back.demand_hash, res.demand_hash)
    assert all(np.array_equal(back.shared[k], res.shared[k]) for k in res.shared) and back.shared.keys() == res.shared.keys()
    run(BIN + "/j3o", "-i", b, "-o", tmp_path / "p2.h5", "-previous", tmp_path / "copy.h5", "-j3o_quiet")
    tool("j3o-check", b, tmp_path / "p2.h5", "-previous", tmp_path / "copy.h5")
    # a Result that says it is a re-plan but has no churn is written without it, and reported with "-"
    res2 = j3o.read_result(p1)
    res2.churn_cluster_mb, res2.churn_total_mb = None, float("nan")
    j3o.write_result(res2, tmp_path / "nochurn.h5")
    p = tool("j3o-check", b, tmp_path / "nochurn.h5", "-previous", p0, ok=False)
    assert p.returncode == 2 and "/churn" in p.stderr, p.stdout + p.stderr
    from j3o import report
    assert "churn           - MB loaded" in report.text(report.summary(inst, res2))
    # a copy whose churn is not the plan's is rejected
    res.churn_cluster_mb = res.churn_cluster_mb + 1.0
    j3o.write_result(res, tmp_path / "bad.h5")
    p = tool("j3o-check", b, tmp_path / "bad.h5", "-previous", p0, ok=False)
    assert p.returncode == 1, p.stdout + p.stderr
