"""Derived instances: a base instance with some numbers scaled, recording where it came from.

A scale is DATASET:FACTOR, DATASET a f64 dataset (`/edges/backhaul_mb_s`) or attribute
(`/cloud@gflops`) of the instance, FACTOR a finite number >= 0. The derived file is a copy of
the base with each target multiplied by its factor (f64 multiply) and a group /derived holding
@base_sha256 (SHA-256 of the base file), @base (its path as given), /derived/target (string [S])
and /derived/factor (f64 [S]).
"""
import math
import os
import re
import shutil

import h5py
import numpy as np

from .tables import NUMBER
from .files import temp_beside
from .h5text import text, texts
from . import instance, validate
from .instance import sha256

SPEC = re.compile(r"^(/[A-Za-z0-9_/]+?)(?:@([A-Za-z0-9_]+))?:(.+)$")


def parse(spec):
    """(target, factor) from DATASET:FACTOR; raises ValueError naming the rule broken."""
    m = SPEC.match(spec)
    if not m:
        raise ValueError("scale '%s': want DATASET:FACTOR, e.g. /edges/backhaul_mb_s:0.5 or /cloud@gflops:2" % spec)
    target = m.group(1) + ("@" + m.group(2) if m.group(2) else "")
    if not NUMBER.match(m.group(3).strip()):
        raise ValueError("scale '%s': factor '%s' is not a number" % (spec, m.group(3)))
    f = float(m.group(3))
    if not (math.isfinite(f) and f >= 0):
        raise ValueError("scale '%s': factor must be finite and >= 0" % spec)
    return target, f


def _apply(f, target, factor):
    obj, _, attr = target.partition("@")
    if obj not in f:
        raise ValueError("scale %s: the instance has no %s" % (target, obj))
    if attr:
        if attr not in f[obj].attrs:
            raise ValueError("scale %s: the instance has no attribute %s" % (target, target))
        v = np.asarray(f[obj].attrs[attr])
        if v.dtype.kind != "f":
            raise ValueError("scale %s: not a floating-point attribute" % target)
        f[obj].attrs[attr] = (v * np.float64(factor)).astype(v.dtype)
        return
    ds = f[obj]
    if not isinstance(ds, h5py.Dataset) or ds.dtype.kind != "f":
        raise ValueError("scale %s: not a floating-point dataset" % target)
    ds[...] = ds[()] * np.float64(factor)


def derive(base, scales, out):
    """Writes out (atomically) = base with scales [(target, factor), ...] applied; returns the base's SHA-256."""
    targets = [t for t, _ in scales]
    dup = sorted({t for t in targets if targets.count(t) > 1})
    if dup:
        raise ValueError("scale %s given more than once" % dup[0])
    digest = sha256(base)
    tmp = temp_beside(out, ".tmp.h5")
    try:
        shutil.copyfile(base, tmp)
        with h5py.File(tmp, "r+") as f:
            if "derived" in f:
                del f["derived"]
            for t, k in scales:
                _apply(f, t, k)
            g = f.create_group("derived")
            g.attrs["base_sha256"] = np.bytes_(digest)
            g.attrs["base"] = os.fsencode(base).decode("utf-8", "replace")
            g.create_dataset("target", data=np.array(targets, dtype=object), dtype=h5py.string_dtype("utf-8"))
            g.create_dataset("factor", data=np.array([k for _, k in scales], dtype=np.float64))
            # a trace step's /demand_trace describes the base, not this file
            if "demand_trace" in f:
                del f["demand_trace"]
        scaled = instance.read(tmp)
        bad = validate.problems(scaled) + validate.unsound(scaled)
        if bad:
            raise ValueError("%s: the scaled instance breaks a rule: %s%s" % (out, bad[0], "" if len(bad) == 1 else
                                                                          " (and %d more)" % (len(bad) - 1)))
        os.replace(tmp, out)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise
    return digest


def provenance(path):
    """{'base_sha256', 'base', 'scales': [(target, factor)]} of a derived instance, None for any other."""
    with h5py.File(path, "r") as f:
        if "derived" not in f:
            return None
        g = f["derived"]
        return {"base_sha256": text(g.attrs.get("base_sha256", b"")), "base": text(g.attrs.get("base", b"")),
                "scales": list(zip(texts(g["target"]), [float(v) for v in g["factor"][()]]))}
