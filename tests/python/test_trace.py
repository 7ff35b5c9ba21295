"""Demand traces (scripts/trace.py, bin/j3o-trace): deterministic, the base's entities, the drift bound,
flash crowds, and refusals that leave the base and foreign files alone."""
import os

import h5py
import numpy as np
import pytest

import j3o
from conftest import ROOT, generate, run, tool

TRACE = os.path.join(ROOT, "scripts", "trace.py")


def trace(*args, ok=True):
    return run(TRACE, *args, ok=ok)


@pytest.fixture(scope="module")
def base(tmp_path_factory):
    return generate(tmp_path_factory.mktemp("base") / "base.h5", "paper", 3, "-edges", 3)


def everything(path):
    """{'/path' or '/path@attr': bytes} of every dataset and attribute of a file."""
    out = {}
    with h5py.File(path, "r") as f:
        def add(name, obj):
            if isinstance(obj, h5py.Dataset):
                out["/" + name] = (obj.dtype.str, obj.shape, obj[()].tobytes() if obj.dtype.kind != "O" else repr(obj[()]))
            for k, v in obj.attrs.items():
                out["/%s@%s" % (name, k)] = repr(v)
        add("", f)
        f.visititems(add)
    return out


def steps(d):
    return sorted(os.listdir(d))


def demand(path):
    with h5py.File(path, "r") as f:
        return f["clients/demand"][()]


def flash_factors(path):
    """f_n(s) [S][N] from the crowds a step file records: the product of the active crowds' factors."""
    with h5py.File(path, "r") as f:
        g, edge, S = f["demand_trace"], f["clients/edge"][()], int(f["demand_trace"].attrs["steps"])
        crowds = list(zip(g["flash_edge"][()], g["flash_first_step"][()], g["flash_steps"][()], g["flash_factor"][()]))
    out = np.ones((S, len(edge)))
    for e, first, length, factor in crowds:
        out[first:first + length, edge == e] *= factor
    return out, crowds, edge


def test_deterministic(base, tmp_path):
    trace(base, tmp_path / "a", "-steps", 5, "-seed", 7)
    trace(base, tmp_path / "b", "-steps", 5, "-seed", 7)
    trace(base, tmp_path / "c", "-steps", 5, "-seed", 8)
    tool("j3o-trace", base, tmp_path / "d", "-steps", 5, "-seed", 7)       # bin/j3o-trace: the same tool
    names = ["step-%02d.h5" % s for s in range(5)]
    assert steps(tmp_path / "a") == names and steps(tmp_path / "b") == names
    for n in names:
        assert (tmp_path / "a" / n).read_bytes() == (tmp_path / "b" / n).read_bytes(), n
        assert (tmp_path / "a" / n).read_bytes() == (tmp_path / "d" / n).read_bytes(), n
        assert not np.array_equal(demand(tmp_path / "a" / n), demand(tmp_path / "c" / n)), n


def test_same_entities_and_provenance(base, tmp_path):
    trace(base, tmp_path / "t", "-steps", 4)
    ref = everything(base)
    digest = j3o.sha256(base)
    prev = demand(base)
    for s, n in enumerate(steps(tmp_path / "t")):
        p = str(tmp_path / "t" / n)
        got = everything(p)
        trace_keys = {k for k in got if k.startswith("/demand_trace")}
        assert set(got) - trace_keys == set(ref), n
        differ = [k for k in ref if got[k] != ref[k]]
        assert differ == ["/clients/demand"], (n, differ)   # the demand changes, nothing else
        with h5py.File(p, "r") as f:
            a = f["demand_trace"].attrs
            assert a["base_sha256"].decode() == digest and a["base"] == str(base)
            assert (int(a["step"]), int(a["steps"]), float(a["drift"])) == (s, 4, 0.1)
        d = demand(p)
        assert d.shape == prev.shape and ((d > 0) == (demand(base) > 0)).all()
        j3o.read_instance(p)            # a valid instance for the package's reader
        prev = d


@pytest.mark.parametrize("drift", ["0.05", "0.3"])
def test_drift_bound(base, tmp_path, drift):
    trace(base, tmp_path / "t", "-steps", 12, "-drift", drift, "-flash", 3, "-seed", 2)
    d = [demand(tmp_path / "t" / n) for n in steps(tmp_path / "t")]
    f, crowds, _ = flash_factors(tmp_path / "t" / "step-00.h5")
    assert len(crowds) == 3
    bound = float(drift)
    hit = 0
    for s in range(1, len(d)):
        calm = (f[s] == 1) & (f[s - 1] == 1)        # no flash crowd starts or ends here
        assert calm.any()
        assert ((d[s] > 0) == (d[s - 1] > 0)).all()        # a zero demand stays zero, no other gets there
        pos = (d[s - 1] > 0) & calm[:, None]
        r = d[s][pos] / d[s - 1][pos]
        assert (np.abs(r - 1) <= bound * (1 + 1e-12)).all(), (s, r.min(), r.max())
        hit += int((np.abs(np.abs(r - 1) - bound) < 1e-12).sum())
    assert hit > 0          # the bound binds somewhere, so the check above checks something


def test_zero_drift_keeps_step_zero(base, tmp_path):
    trace(base, tmp_path / "t", "-steps", 3, "-drift", 0, "-flash", 0)
    d = [demand(tmp_path / "t" / n) for n in steps(tmp_path / "t")]
    assert np.array_equal(d[0], d[1]) and np.array_equal(d[0], d[2]) and not np.array_equal(d[0], demand(base))


def test_flash_crowds(base, tmp_path):
    trace(base, tmp_path / "f", "-steps", 8, "-flash", 2, "-seed", 5)
    trace(base, tmp_path / "q", "-steps", 8, "-flash", 0, "-seed", 5)
    f, crowds, edge = flash_factors(tmp_path / "f" / "step-00.h5")
    assert len(crowds) == 2 and (f > 1).any()
    for e, first, length, factor in crowds:
        assert 0 <= e < 3 and 1 <= first < 8 and 1 <= length <= 3 and 2 <= factor <= 4
    assert (f[0] == 1).all() and (f == 1).any(axis=0).all()
    for s, n in enumerate(steps(tmp_path / "f")):
        a, b = demand(tmp_path / "f" / n), demand(tmp_path / "q" / n)
        # the crowd's edge: its factor times the demand without crowds, bit for bit; elsewhere the same bits
        assert np.array_equal(a, b * f[s][:, None]), n
        if (f[s] > 1).any():
            assert (a[f[s] > 1] > b[f[s] > 1]).any(), n


def test_refusals_leave_files_alone(base, tmp_path):
    pristine = open(base, "rb").read()
    d = tmp_path / "t"
    d.mkdir()
    inside = d / "step-00.h5"
    inside.write_bytes(pristine)
    for args, why in [((inside, d, "-steps", 3), "is the input base"),
                      ((inside, d, "-steps", 3, "-force"), "is the input base"),
                      ((base, base), "is the input base"),
                      ((base, d, "-steps", 1), "-steps 1: expected an integer >= 2"),
                      ((base, d, "-drift", "1.5"), "-drift 1.5: expected a number in [0, 1]"),
                      ((base, d, "-seed", "-3"), "-seed -3: expected an integer >= 0"),
                      ((tmp_path / "none.h5", d), "cannot be read")]:
        p = trace(*args, ok=False)
        assert p.returncode == 1 and why in p.stderr and len(p.stderr.splitlines()) == 1, (args, p.stderr)
    assert open(base, "rb").read() == pristine and inside.read_bytes() == pristine
    assert steps(d) == ["step-00.h5"]
    # demand the readers would refuse (below 1e-6) at some step: refused before any step is written
    tiny = tmp_path / "tiny.h5"
    tiny.write_bytes(pristine)
    with h5py.File(tiny, "r+") as f:
        d = f["clients/demand"][()]
        d[d > 0] = 2e-6
        f["clients/demand"][...] = d
    p = trace(tiny, tmp_path / "x", "-steps", 6, "-drift", "0.3", "-noise", "1", ok=False)
    assert p.returncode == 1 and "a nonzero demand must lie in [1e-06, 1e+09]" in p.stderr, p.stderr
    assert not (tmp_path / "x").exists()
    # a folder with someone else's file: refused, then written into with -force (the file kept)
    other = tmp_path / "o"
    other.mkdir()
    (other / "notes.txt").write_text("mine")
    p = trace(base, other, "-steps", 2, ok=False)
    assert p.returncode == 1 and "holds notes.txt" in p.stderr and steps(other) == ["notes.txt"]
    (other / "step-01.h5").write_text("not hdf5")
    trace(base, other, "-steps", 2, "-force")
    assert steps(other) == ["notes.txt", "step-00.h5", "step-01.h5"] and (other / "notes.txt").read_text() == "mine"
    # a shorter trace replaces a longer one without stale steps; a usage mistake exits 2
    trace(base, other, "-steps", 3, "-force")
    trace(base, other, "-steps", 2, "-force")
    assert steps(other) == ["notes.txt", "step-00.h5", "step-01.h5"]
    assert trace(base, ok=False).returncode == 2
