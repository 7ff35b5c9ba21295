#!/usr/bin/python3
"""independent_milp.py: an independent exact solve of a j3o instance, for cross-checking bin/j3o -method exact.

Reads the instance HDF5 file (docs/file-formats.md) with h5py, writes the full MILP of docs/formulation.md as a
CPLEX-LP text file, solves it with the `cbc` command-line binary and prints the optimal normalized
accuracy. Shares no code with the C solver: its own rule-11 tests, its own batching model
(a binary y_emc per edge, model and cycle instead of y_em, k_ec and a linearized product).

usage: independent_milp.py INSTANCE.h5 [--lp FILE.lp] [--seconds S] [--keep]
Prints "accuracy A" and "status optimal|stopped"; exits nonzero when cbc fails.
"""
import argparse
import os
import re
import subprocess
import sys
import tempfile
from collections import defaultdict

import h5py
import numpy as np


def read_instance(path):
    with h5py.File(path, "r") as f:
        g = lambda name: np.asarray(f[name][()], dtype=float)
        inst = dict(
            d=g("tasks/input_mb"), D=g("tasks/deadline_s"), w=g("tasks/weight"),
            s=g("models/memory_mb"), g0=g("models/gflop_fixed"), g1=g("models/gflop_per_query"),
            a=g("models/accuracy"), cloud=np.asarray(f["models/cloud"][()]).astype(int),
            Se=g("edges/memory_mb"), Fe=g("edges/gflops"), We=g("edges/cell_mb_s"),
            Be=g("edges/backhaul_mb_s"), delta=g("edges/cloud_latency_s"),
            edge=np.asarray(f["clients/edge"][()]).astype(int),
            Sn=g("clients/memory_mb"), Fn=g("clients/gflops"), r=g("clients/uplink_mb_s"),
            lam=g("clients/demand"),
            Fc=float(f["cloud"].attrs["gflops"]), Bc=float(f["cloud"].attrs["ingress_mb_s"]),
            rho=float(f["params"].attrs["rho"]),
            C=g("params/duty_cycles_s") if "params/duty_cycles_s" in f else np.zeros(0),
        )
    inst["a"] = inst["a"].reshape(len(inst["s"]), len(inst["d"]))
    inst["lam"] = inst["lam"].reshape(len(inst["edge"]), len(inst["d"]))
    return inst


class LP:
    """Collects a maximization in CPLEX-LP syntax."""

    def __init__(self):
        self.obj = {}
        self.rows = []
        self.bounds = []
        self.binaries = []
        self.names = set()

    def var(self, name, lo=0.0, hi=1.0, binary=False):
        assert name not in self.names
        self.names.add(name)
        (self.binaries if binary else self.bounds).append((name, lo, hi))
        return name

    def row(self, terms, sense, rhs):
        terms = [(c, v) for c, v in terms if c != 0.0]
        if terms:
            self.rows.append((terms, sense, rhs))

    @staticmethod
    def expr(terms):
        out, line = [], []
        for c, v in terms:
            line.append("%s %.17g %s" % ("-" if c < 0 else "+", abs(c), v))
            if len(line) == 8:
                out.append(" ".join(line))
                line = []
        if line:
            out.append(" ".join(line))
        return "\n   ".join(out) if out else "0 dummy_zero"

    def write(self, path):
        with open(path, "w") as f:
            f.write("\\ j3o exact MILP (independent)\nMaximize\n obj: ")
            terms = [(c, v) for v, c in self.obj.items() if c != 0.0]
            f.write(self.expr(terms) if terms else "0 " + next(iter(self.names), "none"))
            f.write("\nSubject To\n")
            for k, (terms, sense, rhs) in enumerate(self.rows):
                f.write(" r%d: %s %s %.17g\n" % (k, self.expr(terms), sense, rhs))
            f.write("Bounds\n")
            for v, lo, hi in self.bounds:
                f.write(" %.17g <= %s <= %.17g\n" % (lo, v, hi))
            f.write("Binaries\n")
            for v, _, _ in self.binaries:
                f.write(" %s\n" % v)
            f.write("End\n")


def build(inst):
    d, D, w = inst["d"], inst["D"], inst["w"]
    s, g0, g1, a = inst["s"], inst["g0"], inst["g1"], inst["a"]
    lam, edge, C, rho = inst["lam"], inst["edge"], inst["C"], inst["rho"]
    N, T = lam.shape
    M, E = len(s), len(inst["Se"])
    g = g0 + g1
    batching = len(C) > 0
    cycles = list(range(len(C))) if batching else [None]
    # c(t): most accurate cloud model with a > 0, lowest index on ties
    cm = []
    for t in range(T):
        best = None
        for m in range(M):
            if inst["cloud"][m] and a[m, t] > 0 and (best is None or a[m, t] > a[best, t]):
                best = m
        cm.append(best)
    twd = float((lam * w[None, :]).sum())
    # objective in units where a coefficient is ~1 (cbc's tolerances are absolute); A = obj / npairs
    npairs = int((lam > 0).sum())
    lp = LP()
    u, v, z = {}, {}, {}
    for n in range(N):
        e, rn, Fn = edge[n], inst["r"][n], inst["Fn"][n]
        for t in range(T):
            if lam[n, t] <= 0:
                continue
            wl = w[t] * lam[n, t] * npairs / twd
            for m in range(M):
                if a[m, t] <= 0:
                    continue
                if Fn > 0 and g[m] / Fn <= D[t]:
                    u[n, t, m] = lp.var("u_%d_%d_%d" % (n, t, m))
                    lp.obj[u[n, t, m]] = wl * a[m, t]
                if rn <= 0 or inst["Fe"][e] <= 0:
                    continue
                for c in cycles:
                    lat = d[t] / rn + (2 * C[c] if batching else g[m] / inst["Fe"][e])
                    if lat <= D[t]:
                        name = "v_%d_%d_%d" % (n, t, m) + ("_%d" % c if batching else "")
                        v[n, t, m, c] = lp.var(name)
                        lp.obj[name] = wl * a[m, t]
            if cm[t] is not None and rn > 0 and d[t] / rn + inst["delta"][e] <= D[t]:
                z[n, t] = lp.var("z_%d_%d" % (n, t))
                lp.obj[z[n, t]] = wl * a[cm[t], t]
    x = {}
    for (n, t, m) in u:
        if (n, m) not in x:
            x[n, m] = lp.var("x_%d_%d" % (n, m), binary=True)
    # residency at the edge: y_em (no batching) or y_emc (model m resident on e running cycle c)
    y = {}
    for (n, t, m, c) in v:
        if (edge[n], m, c) not in y:
            y[edge[n], m, c] = lp.var("y_%d_%d" % (edge[n], m) + ("_%d" % c if batching else ""), binary=True)
    if batching:
        k = {(e, c): lp.var("k_%d_%d" % (e, c), binary=True) for e in range(E) for c in cycles}
        for e in range(E):
            lp.row([(1.0, k[e, c]) for c in cycles], "=", 1)
        for (e, m, c), yv in y.items():
            lp.row([(1.0, yv), (-1.0, k[e, c])], "<=", 0)
    # group the route variables by client, task and edge
    by_nt = defaultdict(list)     # (n, t) -> all route variables
    local_n = defaultdict(list)   # n -> (coef lam g, u)
    up_n = defaultdict(list)      # n -> (coef lam d, v or z)
    cell_e = defaultdict(list)    # e -> (lam d, v or z)
    bh_e = defaultdict(list)      # e -> (lam d, z)
    cpu_ec = defaultdict(list)    # (e, c) -> (coef, v)
    for (n, t, m), q in u.items():
        by_nt[n, t].append(q)
        local_n[n].append((lam[n, t] * g[m], q))
        lp.row([(1.0, q), (-1.0, x[n, m])], "<=", 0)
    for (n, t, m, c), q in v.items():
        e = edge[n]
        by_nt[n, t].append(q)
        up_n[n].append((lam[n, t] * d[t], q))
        cell_e[e].append((lam[n, t] * d[t], q))
        cpu_ec[e, c].append((lam[n, t] * (g1[m] if batching else g[m]), q))
        lp.row([(1.0, q), (-1.0, y[e, m, c])], "<=", 0)
    for (n, t), q in z.items():
        e = edge[n]
        by_nt[n, t].append(q)
        up_n[n].append((lam[n, t] * d[t], q))
        cell_e[e].append((lam[n, t] * d[t], q))
        bh_e[e].append((lam[n, t] * d[t], q))
    for q in by_nt.values():
        lp.row([(1.0, v_) for v_ in q], "<=", 1)
    mem_n, mem_e = defaultdict(list), defaultdict(list)
    for (n, m), xv in x.items():
        mem_n[n].append((s[m], xv))
    for (e, m, c), yv in y.items():
        mem_e[e].append((s[m], yv))
        if batching:
            cpu_ec[e, c].append((g0[m] / C[c], yv))
    for n in range(N):
        lp.row(mem_n[n], "<=", inst["Sn"][n])
        lp.row(local_n[n], "<=", rho * inst["Fn"][n])
        lp.row(up_n[n], "<=", inst["r"][n])
    for e in range(E):
        lp.row(mem_e[e], "<=", inst["Se"][e])
        for c in cycles:
            lp.row(cpu_ec[e, c], "<=", rho * inst["Fe"][e])
        lp.row(cell_e[e], "<=", inst["We"][e])
        lp.row(bh_e[e], "<=", inst["Be"][e])
    lp.row([(lam[n, t] * g[cm[t]], q) for (n, t), q in z.items()], "<=", rho * inst["Fc"])
    lp.row([(lam[n, t] * d[t], q) for (n, t), q in z.items()], "<=", inst["Bc"])
    lp.scale = npairs
    return lp, twd


def solve(lp, path, seconds):
    sol = path + ".sol"
    cmd = ["cbc", path, "ratioGap", "1e-9", "allowableGap", "1e-10"]
    if seconds > 0:
        cmd += ["sec", str(seconds)]
    cmd += ["solve", "solution", sol]
    p = subprocess.run(cmd, capture_output=True, text=True)
    if p.returncode != 0 or not os.path.exists(sol):
        sys.stderr.write(p.stdout + p.stderr)
        raise SystemExit("independent_milp: cbc failed")
    with open(sol) as f:
        head = f.readline()
        values = {}
        for line in f:
            parts = line.split()
            if len(parts) >= 3:
                i = 1 if parts[0] != "**" else 2  # "**" marks an infeasible row/column
                values[parts[i]] = float(parts[i + 1])
    os.remove(sol)
    status = "optimal" if head.startswith("Optimal") else "stopped"
    # objective recomputed from the route variables (cbc prints few digits and may flip the sign)
    acc = sum(c * values.get(v, 0.0) for v, c in lp.obj.items()) / lp.scale
    return acc, status, head.strip()


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("instance")
    ap.add_argument("--lp", help="write the LP file here (default: a temporary file)")
    ap.add_argument("--seconds", type=float, default=0)
    ap.add_argument("--keep", action="store_true", help="keep the temporary LP file")
    args = ap.parse_args()
    inst = read_instance(args.instance)
    lp, twd = build(inst)
    if twd <= 0:
        print("accuracy 0\nstatus optimal")
        return
    path = args.lp
    if path is None:
        fd, path = tempfile.mkstemp(suffix=".lp")
        os.close(fd)
    lp.write(path)
    try:
        acc, status, head = solve(lp, path, args.seconds)
    finally:
        if args.lp is None and not args.keep:
            os.remove(path)
    print("accuracy %.12f" % acc)
    print("status %s" % status)
    print("cbc: %s" % re.sub(r"\s+", " ", head))


if __name__ == "__main__":
    main()
