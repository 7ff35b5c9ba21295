"""Demand traces: a sequence of instances from one base, for re-planning (docs/running.md).

Every step file is a copy of the base with only /clients/demand replaced and a group /demand_trace
added (docs/file-formats.md). With base demand L[n][t], S steps, drift d, amplitude A, noise sigma:

    pattern   p_t(s) = 1 + A sin(2 pi s / S + phi_t),  phi_t uniform in [0, 2 pi) per task
    noise     eps_n(s) = exp(sigma z - sigma^2 / 2),  z standard normal per client and step (mean 1)
    target    G[n][t](s) = L[n][t] p_t(s) eps_n(s)
    drifting  B(0) = G(0);  B(s) = B(s-1) * clip(G(s) / B(s-1), 1 - d, 1 + d)
    flash     f_n(s) = product of the factors of the flash crowds on client n's edge active at s
    demand    D[n][t](s) = B[n][t](s) f_n(s)

so every demand moves toward its daily target by a factor in [1 - d, 1 + d] per step (d = 0 keeps
step 0's demand throughout) except where a flash crowd starts or ends, and a zero base demand stays
zero. A flash crowd picks an edge, a first step in [1, S), a length of 1-3 steps (cut at the last
step) and a factor in [2, 4]: its edge's clients' demand is that factor times what it would be, a
jump beyond the drift bound. The phases, the noise and the flash crowds come from three independent
streams of the seed, so -flash changes nothing on the other edges.
"""
import math
import os
import re
import shutil

import h5py
import numpy as np

from .files import temp_beside
from .instance import sha256

GROUP = "demand_trace"
STEP_FILE = re.compile(r"^step-([0-9]+)\.h5$")
FLASH_FACTOR = (2.0, 4.0)
FLASH_STEPS = (1, 3)
# a nonzero demand outside this range is refused by the instance readers (docs/file-formats.md)
DEMAND_RANGE = (1e-6, 1e9)


def step_name(s, steps):
    """step-00.h5, ...: zero-padded to the width of the last index (at least 2 digits)."""
    return "step-%0*d.h5" % (max(2, len(str(steps - 1))), s)


def flash_crowds(E, steps, count, seed):
    """[(edge, first step, length, factor)] of count flash crowds, from the seed's flash stream."""
    rng = np.random.default_rng([seed, 2])
    out = []
    for _ in range(count):
        e = int(rng.integers(E))
        first = int(rng.integers(1, steps))
        length = int(rng.integers(FLASH_STEPS[0], FLASH_STEPS[1] + 1))
        out.append((e, first, min(length, steps - first), float(rng.uniform(*FLASH_FACTOR))))
    return out


def phases(T, seed):
    """phi_t of every task, from the seed's phase stream."""
    return np.random.default_rng([seed, 0]).uniform(0.0, 2.0 * math.pi, T)


def demands(base, client_edge, steps, drift, seed, crowds, amplitude, noise):
    """Yields (s, D(s)) for s = 0..steps-1 (module docstring); crowds from flash_crowds."""
    phase = phases(base.shape[1], seed)
    z = np.random.default_rng([seed, 1]).standard_normal((steps, base.shape[0]))
    prev = None
    for s in range(steps):
        pattern = 1.0 + amplitude * np.sin(2.0 * math.pi * s / steps + phase)
        target = base * pattern[None, :] * np.exp(noise * z[s] - 0.5 * noise * noise)[:, None]
        if prev is None:
            cur = target
        else:
            ratio = np.divide(target, prev, out=np.ones_like(prev), where=prev > 0)
            cur = prev * np.clip(ratio, 1.0 - drift, 1.0 + drift)
        prev = cur
        flash = np.ones(base.shape[0])
        for e, first, length, factor in crowds:
            if first <= s < first + length:
                flash[client_edge == e] *= factor
        yield s, cur * flash[:, None]


def _check_range(cur, where):
    nz = np.abs(cur[cur != 0])
    if nz.size and (nz.min() < DEMAND_RANGE[0] or nz.max() > DEMAND_RANGE[1]):
        v = nz.min() if nz.min() < DEMAND_RANGE[0] else nz.max()
        raise ValueError("%s: /clients/demand: a nonzero demand must lie in [%g, %g] (%r): choose a smaller "
                         "-drift, -amplitude or -noise" % (where, DEMAND_RANGE[0], DEMAND_RANGE[1], float(v)))


def _write_step(base, out, demand, attrs, crowds):
    tmp = temp_beside(out, ".tmp.h5")
    try:
        shutil.copyfile(base, tmp)
        with h5py.File(tmp, "r+") as f:
            f["clients/demand"][...] = demand
            # a derived base's /derived describes the base, not this step (whose demand is the trace's)
            for old in (GROUP, "derived"):
                if old in f:
                    del f[old]
            g = f.create_group(GROUP)
            for k, v in attrs.items():
                g.attrs[k] = v
            g.create_dataset("flash_edge", data=np.array([c[0] for c in crowds], dtype=np.int32))
            g.create_dataset("flash_first_step", data=np.array([c[1] for c in crowds], dtype=np.int32))
            g.create_dataset("flash_steps", data=np.array([c[2] for c in crowds], dtype=np.int32))
            g.create_dataset("flash_factor", data=np.array([c[3] for c in crowds], dtype=np.float64))
        os.replace(tmp, out)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise


def write(base, inst, outdir, steps, drift, seed, flash, amplitude, noise):
    """Writes outdir/step-NN.h5 for every step (each atomically); returns their paths. The step files
    of an earlier trace in outdir that this one does not write again are removed (a shorter trace
    leaves no stale steps behind)."""
    digest = sha256(base)
    crowds = flash_crowds(inst.E, steps, flash, seed)
    # every step checked before the first is written, so a refused trace writes nothing
    for s, cur in demands(inst.demand, inst.client_edge, steps, drift, seed, crowds, amplitude, noise):
        _check_range(cur, os.path.join(outdir, step_name(s, steps)))
    os.makedirs(outdir, exist_ok=True)
    paths = []
    for s, cur in demands(inst.demand, inst.client_edge, steps, drift, seed, crowds, amplitude, noise):
        out = os.path.join(outdir, step_name(s, steps))
        attrs = {"base_sha256": np.bytes_(digest), "base": os.fsencode(base).decode("utf-8", "replace"),
                 "step": np.int32(s), "steps": np.int32(steps), "seed": np.int64(seed), "drift": np.float64(drift),
                 "amplitude": np.float64(amplitude), "noise": np.float64(noise),
                 "phase": phases(inst.T, seed)}
        _write_step(base, out, cur, attrs, crowds)
        paths.append(out)
    for name in os.listdir(outdir):
        p = os.path.join(outdir, name)
        if STEP_FILE.match(name) and p not in paths and not os.path.samefile(p, base) and step_of(p) is not None:
            os.unlink(p)
    return paths


def step_of(path):
    """(step, steps, base_sha256) of a trace step file, None for any other file."""
    try:
        with h5py.File(path, "r") as f:
            if GROUP not in f:
                return None
            a = f[GROUP].attrs
            return int(a["step"]), int(a["steps"]), bytes(np.asarray(a["base_sha256"]).reshape(-1)[0]).decode()
    except (OSError, KeyError, ValueError):
        return None
