"""Derived instances: exact scaling, provenance, and refusals."""
import h5py
import numpy as np

import j3o
from conftest import CAMPUS, tool


def test_scales_and_provenance(tmp_path):
    base = tmp_path / "campus.h5"
    tool("j3o-import", CAMPUS, "-o", base, "-q")
    out = tmp_path / "d.h5"
    tool("j3o-derive", base, "-o", out, "-scale", "/edges/backhaul_mb_s:0.5", "-scale", "/clients/demand:1.2",
         "-scale", "/cloud@gflops:0.5")
    a, b = j3o.read_instance(base), j3o.read_instance(out)
    assert (b.edge_backhaul_mb_s == a.edge_backhaul_mb_s * 0.5).all()
    assert (b.demand == a.demand * 1.2).all() and (b.demand != a.demand).any()
    assert b.cloud_gflops == a.cloud_gflops * 0.5
    assert b.edge_name == a.edge_name and b.client_name == a.client_name
    a.edge_backhaul_mb_s, a.demand, a.cloud_gflops = b.edge_backhaul_mb_s, b.demand, b.cloud_gflops
    assert j3o.bitwise_equal(a, b) == []                 # nothing else changed
    p = j3o.provenance(out)
    assert p["base_sha256"] == j3o.sha256(base)
    assert p["scales"] == [("/edges/backhaul_mb_s", 0.5), ("/clients/demand", 1.2), ("/cloud@gflops", 0.5)]
    info = j3o.instance_info(out)
    assert info["base_sha256"] == p["base_sha256"] and info["scales"] == p["scales"]
    assert j3o.provenance(base) is None


def test_refusals(tmp_path):
    base = tmp_path / "campus.h5"
    tool("j3o-import", CAMPUS, "-o", base, "-q")
    cases = [("/edges/bandwidth:2", "the instance has no /edges/bandwidth"),
             ("/clients/edge:2", "not a floating-point dataset"),
             ("/cloud@speed:2", "no attribute /cloud@speed"),
             ("/edges/gflops:-1", "factor must be finite and >= 0"),
             ("/edges/gflops:fast", "is not a number"),
             ("edges/gflops:2", "want DATASET:FACTOR"),
             # a factor that breaks an instance rule, or a magnitude the solver refuses: no file
             ("/params@rho:2", "x.h5: the scaled instance breaks a rule: /params@rho: must be in (0, 1]"),
             ("/clients/demand:1e12", "x.h5: the scaled instance breaks a rule: /clients/demand[")]
    for spec, why in cases:
        p = tool("j3o-derive", base, "-o", tmp_path / "x.h5", "-scale", spec, ok=False)
        assert p.returncode == 1 and why in p.stderr, (spec, p.stderr)
        assert not (tmp_path / "x.h5").exists()
    p = tool("j3o-derive", base, "-o", tmp_path / "x.h5", "-scale", "/edges/gflops:2", "-scale", "/edges/gflops:3", ok=False)
    assert p.returncode == 1 and "given more than once" in p.stderr
    assert [f.name for f in tmp_path.iterdir()] == ["campus.h5"]       # no temporary file left
    with h5py.File(base, "r") as f:
        assert "derived" not in f and np.isfinite(f["edges/gflops"][()]).all()


def test_provenance_of_the_immediate_base(tmp_path):
    """A derived file keeps no /demand_trace of its base (a trace step), and a trace step of a derived
    base no /derived: each would describe the base, not the file."""
    base = tmp_path / "campus.h5"
    tool("j3o-import", CAMPUS, "-o", base, "-q")
    tool("j3o-trace", base, tmp_path / "t", "-steps", "2")
    step = tmp_path / "t" / "step-01.h5"
    tool("j3o-derive", step, "-o", tmp_path / "d.h5", "-scale", "/edges/backhaul_mb_s:0.5")
    with h5py.File(tmp_path / "d.h5", "r") as f:
        assert "derived" in f and "demand_trace" not in f
    assert j3o.provenance(tmp_path / "d.h5")["base_sha256"] == j3o.sha256(step)
    tool("j3o-trace", tmp_path / "d.h5", tmp_path / "t2", "-steps", "2")
    with h5py.File(tmp_path / "t2" / "step-00.h5", "r") as f:
        assert "demand_trace" in f and "derived" not in f
    assert j3o.provenance(tmp_path / "t2" / "step-00.h5") is None
