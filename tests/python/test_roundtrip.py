"""Export then import gives the same instance, every number bit for bit."""
import struct

import numpy as np
import pytest

import j3o
from conftest import generate, tool


@pytest.mark.parametrize("family,opts", [("paper", []), ("paper-batch", []),
                                         ("scale", ["-edges", "12", "-clients_per_edge", "15"])])
def test_export_import_bitwise(tmp_path, family, opts):
    src = generate(tmp_path / "src.h5", family, 5, *opts)
    tool("j3o-export", src, tmp_path / "dep")
    tool("j3o-import", tmp_path / "dep", "-o", tmp_path / "back.h5")
    a, b = j3o.read_instance(src), j3o.read_instance(tmp_path / "back.h5")
    assert j3o.bitwise_equal(a, b) == []
    assert b.name == a.name and b.edge_name == ["edge-%d" % e for e in range(a.E)]
    # exported again, the folder is byte-identical (names included)
    tool("j3o-export", tmp_path / "back.h5", tmp_path / "dep2")
    for t in ("system", "tasks", "models", "accuracy", "edges", "clients", "demand"):
        assert (tmp_path / "dep" / (t + ".csv")).read_bytes() == (tmp_path / "dep2" / (t + ".csv")).read_bytes(), t


def awkward(rng, n, extremes=False):
    """Doubles whose shortest decimal is long: random mantissas and exponents; with extremes the
    smallest subnormal and the largest double first."""
    bits = rng.integers(0, 2 ** 52, n, dtype=np.uint64) | np.uint64(1023 << 52)  # [1, 2)
    x = bits.view(np.float64) * np.exp2(rng.integers(-40, 40, n).astype(float))
    if extremes:
        x[0], x[1] = 5e-324, 1.7976931348623157e308
    return x


def test_f64_repr_round_trip(tmp_path):
    rng = np.random.default_rng(7)
    inst, _ = j3o.read_deployment(j3o_campus())
    inst.client_uplink_mb_s = awkward(rng, inst.N, extremes=True)
    inst.demand = np.where(inst.demand > 0, awkward(rng, inst.demand.size).reshape(inst.demand.shape), 0.0)
    inst.accuracy = np.where(inst.accuracy > 0, rng.uniform(0.001, 1, inst.accuracy.shape), 0.0)
    inst.edge_cloud_latency_s = awkward(rng, inst.E) * 1e-300
    j3o.write_instance(inst, tmp_path / "a.h5")
    tool("j3o-export", tmp_path / "a.h5", tmp_path / "dep")
    tool("j3o-import", tmp_path / "dep", "-o", tmp_path / "b.h5", "-q")
    a, b = j3o.read_instance(tmp_path / "a.h5"), j3o.read_instance(tmp_path / "b.h5")
    assert j3o.bitwise_equal(a, b) == []
    assert b.client_uplink_mb_s[0] == 5e-324 and struct.pack("<d", b.client_uplink_mb_s[1]) == struct.pack("<d", 1.7976931348623157e308)


def test_negative_zero_demand_survives(tmp_path):
    inst, _ = j3o.read_deployment(j3o_campus())
    inst.demand[0, 0] = -0.0
    j3o.write_instance(inst, tmp_path / "a.h5")
    tool("j3o-export", tmp_path / "a.h5", tmp_path / "dep")
    tool("j3o-import", tmp_path / "dep", "-o", tmp_path / "b.h5", "-q")
    assert j3o.bitwise_equal(j3o.read_instance(tmp_path / "a.h5"), j3o.read_instance(tmp_path / "b.h5")) == []


def j3o_campus():
    from conftest import CAMPUS
    return CAMPUS
