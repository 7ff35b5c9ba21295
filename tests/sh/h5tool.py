"""h5tool.py: what the shell tests compute from instance and result files (independently of j3o's C code).

  h5tool.py attr RESULT NAME                 prints /summary@NAME
  h5tool.py use INSTANCE RESULT              prints the result's cloud compute (GFLOP/s) and ingress (MB/s)
  h5tool.py starve FILE                      every other edge and its clients keep 1 % of their compute: those
                                             clusters need the cloud, the others only prefer it
  h5tool.py open SRC DST                     DST = SRC with a cloud that never binds
  h5tool.py cut SRC DST UF UB FF FB          DST = SRC with rho F_c = FF x UF and B_c = FB x UB (a cloud use)
  h5tool.py churn INSTANCE RESULT PREV      each cluster's churn (MB) recomputed from x, y against PREV, then
                                             the number of models loaded that PREV did not hold
  h5tool.py same REF RESULT...               every RESULT equals REF: /onload, /offload, the summary (accuracy,
                                             served fraction, bound, gap, status) and the price trace
"""
import shutil, sys
import h5py, numpy as np


def use(inst, res):
    with h5py.File(inst, "r") as f, h5py.File(res, "r") as r:
        lam = f["clients/demand"][...]
        d = f["tasks/input_mb"][...]
        g = f["models/gflop_fixed"][...] + f["models/gflop_per_query"][...]
        o = r["offload"]
        route, n, t, m, x = (o[k][...] for k in ("route", "client", "task", "model", "fraction"))
        c = route == 2
        q = lam[n[c], t[c]] * x[c]
        return float((q * g[m[c]]).sum()), float((q * d[t[c]]).sum())


def churn(inst, res, prev):
    with h5py.File(inst, "r") as f:
        s = f["models/memory_mb"][()]; edge = f["clients/edge"][()]
    with h5py.File(res, "r") as r, h5py.File(prev, "r") as p:
        x, y = r["onload/client"][()].astype(bool), r["onload/edge"][()].astype(bool)
        xp, yp = p["onload/client"][()].astype(bool), p["onload/edge"][()].astype(bool)
    newx, newy = x & ~xp, y & ~yp
    c = newy.astype(float) @ s
    np.add.at(c, edge, newx.astype(float) @ s)
    return c, int(newx.sum() + newy.sum())


def text(v):
    return v.decode() if isinstance(v, bytes) else str(v)


def same(ref, other):
    """Bit for bit, floats too (sums over clusters go in cluster order on any number of ranks)."""
    with h5py.File(ref, "r") as a, h5py.File(other, "r") as b:
        for k in ("accuracy", "served_fraction", "upper_bound", "gap"):
            x, y = float(a["summary"].attrs[k]), float(b["summary"].attrs[k])
            assert (np.isnan(x) and np.isnan(y)) or x == y, (other, k, repr(x), repr(y))
        assert text(a["summary"].attrs["status"]) == text(b["summary"].attrs["status"]), (other, "status")
        names = ["onload/client", "onload/edge", "onload/duty_cycle_s"]
        names += ["offload/" + k for k in ("client", "task", "route", "model", "fraction")]
        assert ("trace" in a) == ("trace" in b), (other, "/trace in one result only")
        if "trace" in a:
            names += ["trace/" + k for k in ("mu_F", "mu_B", "dual_value", "best_primal", "gap")]
        for k in names:
            x, y = a[k][...], b[k][...]
            assert x.shape == y.shape, (other, k, x.shape, y.shape)
            assert np.array_equal(x, y, equal_nan=x.dtype.kind == "f"), (other, k, x[x != y][:5], y[x != y][:5])


def main(argv):
    cmd = argv[1]
    if cmd == "attr":
        with h5py.File(argv[2], "r") as r:
            v = r["summary"].attrs[argv[3]]
            print(text(v) if isinstance(v, (bytes, str)) else repr(float(v)))
    elif cmd == "use":
        print("%.17g %.17g" % use(argv[2], argv[3]))
    elif cmd == "churn":
        c, n = churn(argv[2], argv[3], argv[4])
        print(" ".join("%.17g" % v for v in c), n)
    elif cmd == "starve":
        with h5py.File(argv[2], "r+") as f:
            e = f["clients/edge"][...]
            F = f["edges/gflops"][...]; F[::2] *= 0.01; f["edges/gflops"][...] = F
            c = f["clients/gflops"][...]; c[e % 2 == 0] *= 0.01; f["clients/gflops"][...] = c
    elif cmd == "open":
        shutil.copy(argv[2], argv[3])
        with h5py.File(argv[3], "r+") as f:
            f["cloud"].attrs["gflops"] = 1e12
            f["cloud"].attrs["ingress_mb_s"] = 1e12
    elif cmd == "cut":
        uF, uB = float(argv[4]), float(argv[5])
        assert uF > 0 and uB > 0, ("the open cloud is unused", argv[2], uF, uB)
        shutil.copy(argv[2], argv[3])
        with h5py.File(argv[3], "r+") as f:
            f["cloud"].attrs["gflops"] = float(argv[6]) * uF / float(f["params"].attrs["rho"])
            f["cloud"].attrs["ingress_mb_s"] = float(argv[7]) * uB
    else:
        assert cmd == "same", "h5tool.py: unknown command " + cmd
        for other in argv[3:]:
            same(argv[2], other)


main(sys.argv)
