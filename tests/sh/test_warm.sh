#!/usr/bin/env bash
# A re-plan's warm start (-previous, -j3o_warm): on the same instance it reproduces the previous plan
# (every cluster's onloading reused at the previous prices, kept through recovery's quotas and fill (whose capped
# searches may drop a model), no
# churn; where recovery ran the routing is solved again: the accuracy within 2e-6 in section 1, 1e-4
# in 1b); after a drift its price search starts at
# the previous final prices and its bound and offloading LPs at the saved bases (-j3o_save_basis), the result passes
# j3o-check and its accuracy is within 0.5 % of a cold solve's; a greedy plan is only a start; a cluster whose demand changed is
# never reused; -j3o_warm false starts cold.
set -u
cd "$(dirname "$0")/../.."
. tests/sh/lib.sh

cat > "$tmp/warm.py" <<'PYEOF'
# warm.py CMD ...: what this test reads from results with h5py (independently of j3o's C code)
import sys, h5py, numpy as np
cmd = sys.argv[1]
if cmd == "onload":  # onload A B [REL]: /onload of A and B bit for bit, accuracy within REL (1e-9)
    with h5py.File(sys.argv[2], "r") as a, h5py.File(sys.argv[3], "r") as b:
        for k in ("client", "edge", "duty_cycle_s", "demand_hash"):
            assert np.array_equal(a["onload"][k][()], b["onload"][k][()]), ("onload differs", k)
        x, y = (float(f["summary"].attrs["accuracy"]) for f in (a, b))
        tol = float(sys.argv[4]) if len(sys.argv) > 4 else 1e-9
        assert abs(x - y) <= tol * x, ("accuracy differs", x, y)
elif cmd == "kept":  # kept PREV RESULT: RESULT holds no model PREV did not (recovery's capped searches may drop
    # one: J3oClWarmKeep), most clusters exactly PREV's onloading, no churn, accuracy within 1e-4 of PREV's
    with h5py.File(sys.argv[2], "r") as a, h5py.File(sys.argv[3], "r") as b:
        for k in ("client", "edge"):
            assert np.all(b["onload"][k][()] <= a["onload"][k][()]), ("a model loaded that PREV did not hold", k)
        for k in ("client", "edge"):
            same = np.all(a["onload"][k][()] == b["onload"][k][()], axis=1)
            assert same.mean() >= 0.9, (k, "rows that are PREV's", same.sum(), "of", len(same))
        assert b["churn"].attrs["total_mb"] == 0, ("churn", b["churn"].attrs["total_mb"])
        x, y = (float(f["summary"].attrs["accuracy"]) for f in (a, b))
        assert y >= (1 - 1e-4) * x, ("accuracy", y, "previous", x)
elif cmd == "late":  # late PREV RESULT [subset]: RESULT stopped by its time limit holds PREV's onloading (with
    # subset: the part of it that can serve, the exact MILP having no column for a model that cannot), and serves
    subset = len(sys.argv) > 4 and sys.argv[4] == "subset"
    with h5py.File(sys.argv[2], "r") as a, h5py.File(sys.argv[3], "r") as b:
        assert b["summary"].attrs["status"] in (b"time_limit", "time_limit"), b["summary"].attrs["status"]
        for k in ("client", "edge", "duty_cycle_s"):
            if subset and k != "duty_cycle_s":
                assert np.all(b["onload"][k][()] <= a["onload"][k][()]), ("a model PREV did not hold", k)
            else:
                assert np.array_equal(a["onload"][k][()], b["onload"][k][()]), ("onload differs", k)
        assert b["churn"].attrs["total_mb"] == 0, ("churn", b["churn"].attrs["total_mb"])
        acc = float(b["summary"].attrs["accuracy"])
        assert acc >= 0.9 * float(a["summary"].attrs["accuracy"]), ("accuracy", acc)
elif cmd == "late-routes":  # late-routes PREV RESULT KINDS: RESULT stopped by its time limit holds PREV's
    # onloading where routes of KINDS (e.g. "0,2") use models, nothing elsewhere, and routes of KINDS alone
    kinds = {int(k) for k in sys.argv[4].split(",")}
    with h5py.File(sys.argv[2], "r") as a, h5py.File(sys.argv[3], "r") as b:
        assert b["summary"].attrs["status"] in (b"time_limit", "time_limit"), b["summary"].attrs["status"]
        for k, kind in (("client", 0), ("edge", 1)):
            want = a["onload"][k][()] if kind in kinds else 0 * a["onload"][k][()]
            assert np.array_equal(b["onload"][k][()], want), ("onload", k)
        used = set(np.unique(b["offload/route"][()]).tolist())
        assert used <= kinds, ("routes of kinds", used, "allowed", kinds)
        assert float(b["summary"].attrs["accuracy"]) > 0, "every query dropped"
elif cmd == "shrink":  # shrink IN OUT: IN with every client's memory halved and every edge's at 70 %
    import shutil
    shutil.copyfile(sys.argv[2], sys.argv[3])
    with h5py.File(sys.argv[3], "r+") as f:
        for d, k in (("clients/memory_mb", 0.5), ("edges/memory_mb", 0.7)):
            f[d][...] = f[d][()] * k
elif cmd == "late-fit":  # late-fit PREV RESULT: RESULT stopped by its time limit on an instance where PREV does
    # not fit holds part of PREV's onloading (some models unloaded, none loaded), and serves
    with h5py.File(sys.argv[2], "r") as a, h5py.File(sys.argv[3], "r") as b:
        assert b["summary"].attrs["status"] in (b"time_limit", "time_limit"), b["summary"].attrs["status"]
        unloaded = 0
        for k in ("client", "edge"):
            assert np.all(b["onload"][k][()] <= a["onload"][k][()]), ("a model loaded that PREV did not hold", k)
            unloaded += int((a["onload"][k][()] > b["onload"][k][()]).sum())
        assert unloaded > 0, "PREV fits as it is: no test of its part that fits"
        assert b["churn"].attrs["total_mb"] == 0, ("churn", b["churn"].attrs["total_mb"])
        acc = float(b["summary"].attrs["accuracy"])
        assert acc >= 0.5 * float(a["summary"].attrs["accuracy"]), ("accuracy", acc)
elif cmd == "start":  # start PREV RESULT: RESULT's first trace row is at PREV's final prices, which bind
    with h5py.File(sys.argv[2], "r") as p, h5py.File(sys.argv[3], "r") as r:
        price = dict(zip((n.decode() for n in p["shared/name"][()]), p["shared/price"][()]))
        first = (r["trace/mu_F"][0], r["trace/mu_B"][0])
        want = (price["cloud_gflops"], price["cloud_ingress_mb_s"])
        assert want[0] > 0 or want[1] > 0, ("the previous prices are 0: no test of the start", want)
        assert first == want, ("first trace row", first, "previous prices", want)
elif cmd == "bases":  # bases RESULT E: /warm holds a basis for some cycle of every cluster (-j3o_save_basis)
    with h5py.File(sys.argv[2], "r") as r:
        size, basis = r["warm/bound_basis_size"][()], r["warm/bound_basis"]
        E = int(sys.argv[3]); K = len(size) // E
        assert len(size) == E * K and basis.shape == (E * K, size.max()), (size.shape, basis.shape)
        assert (size.reshape(E, K).max(axis=1) > 0).all(), ("a cluster without a saved basis", size)
        assert basis.compression == "gzip", "deflated"
        dual = r["warm/bound_basis_dual"][()]
        assert dual.shape == size.shape and set(np.unique(dual)) <= {0, 1}, ("bound_basis_dual", dual)
        assert (size[dual == 1] > 0).all(), "a dual basis flag on a row without a basis"
        osize, obasis = r["warm/offload_basis_size"][()], r["warm/offload_basis"]
        assert osize.shape == size.shape and obasis.shape == (E * K, osize.max()), (osize.shape, obasis.shape)
        assert (osize.reshape(E, K).max(axis=1) > 0).all(), ("a cluster without a saved routing basis", osize)
        assert obasis.compression == "gzip", "deflated"
elif cmd == "offsize":  # offsize SRC DST V: DST = SRC with V (a number, or "over": the width + 1) as the size of
    # the first saved offloading basis; prints that row and the width
    import shutil
    shutil.copy(sys.argv[2], sys.argv[3])
    with h5py.File(sys.argv[3], "r+") as f:
        size, width = f["warm/offload_basis_size"], f["warm/offload_basis"].shape[1]
        row = int(np.flatnonzero(size[()] > 0)[0])
        size[row] = width + 1 if sys.argv[4] == "over" else int(sys.argv[4])
        print(row, width)
elif cmd == "dual":  # dual SRC DST V: DST = SRC with /warm/bound_basis_dual[0] = V, or without it (V = drop)
    import shutil
    shutil.copy(sys.argv[2], sys.argv[3])
    with h5py.File(sys.argv[3], "r+") as f:
        if sys.argv[4] == "drop": del f["warm/bound_basis_dual"]
        else: f["warm/bound_basis_dual"][0] = int(sys.argv[4])
elif cmd == "widen":  # widen SRC DST V: DST = SRC with /warm/offload_basis stored as int16, its first saved
    # basis's first status V (a number, or "same": unchanged); prints that row
    import shutil
    shutil.copy(sys.argv[2], sys.argv[3])
    with h5py.File(sys.argv[3], "r+") as f:
        b = f["warm/offload_basis"][()].astype(np.int16)
        row = int(np.flatnonzero(f["warm/offload_basis_size"][()] > 0)[0])
        if sys.argv[4] != "same": b[row, 0] = int(sys.argv[4])
        del f["warm/offload_basis"]
        f["warm/offload_basis"] = b
        print(row)
elif cmd == "status":  # status SRC DST V: DST = SRC with V as the first status of its first saved offloading
    # basis (a number, or "flag": that status with CLP's flag bit 8 added); prints that row
    import shutil
    shutil.copy(sys.argv[2], sys.argv[3])
    with h5py.File(sys.argv[3], "r+") as f:
        b = f["warm/offload_basis"]
        row = int(np.flatnonzero(f["warm/offload_basis_size"][()] > 0)[0])
        b[row, 0] = (b[row, 0] | 8) if sys.argv[4] == "flag" else int(sys.argv[4])
        print(row)
elif cmd == "wide":  # wide SRC DST W: DST = SRC with /warm/offload_basis W columns wide (zeros, never written:
    # a small file)
    import shutil
    shutil.copy(sys.argv[2], sys.argv[3])
    with h5py.File(sys.argv[3], "r+") as f:
        rows = f["warm/offload_basis"].shape[0]
        del f["warm/offload_basis"]
        f.create_dataset("warm/offload_basis", (rows, int(sys.argv[4])), dtype=np.uint8, chunks=(1, 1 << 16),
                         compression="gzip")
elif cmd == "gaps":  # gaps RESULT E KIND: /warm/search_gap f64 [E], all finite in [0, 1] (KIND finite) or all NaN
    with h5py.File(sys.argv[2], "r") as r:
        g = r["warm/search_gap"]
        assert g.shape == (int(sys.argv[3]),) and g.dtype == np.float64, (g.shape, g.dtype)
        g = g[()]
        if sys.argv[4] == "finite": assert np.isfinite(g).all() and (g >= 0).all() and (g <= 1).all(), g
        else: assert np.isnan(g).all(), ("small clusters have no search gap", g)
elif cmd == "samegaps":  # samegaps A B SAME: /warm/search_gap of A and B bit for bit (SAME 1) or not (0)
    with h5py.File(sys.argv[2], "r") as a, h5py.File(sys.argv[3], "r") as b:
        eq = np.array_equal(a["warm/search_gap"][()], b["warm/search_gap"][()])
        assert eq == (sys.argv[4] == "1"), ("search gaps equal:", eq)
elif cmd == "setgap":  # setgap SRC DST V: DST = SRC with /warm/search_gap[0] = V, or one row short (V = short)
    import shutil
    shutil.copy(sys.argv[2], sys.argv[3])
    with h5py.File(sys.argv[3], "r+") as f:
        g = f["warm/search_gap"][()]
        del f["warm/search_gap"]
        if sys.argv[4] == "short": g = g[1:]
        elif sys.argv[4] == "text": g = np.array([b"x"] * len(g))
        else: g[0] = float(sys.argv[4])
        f["warm/search_gap"] = g
elif cmd == "radius":  # radius RESULT R: the second trace row is on the trust box of radius R around the first
    with h5py.File(sys.argv[2], "r") as r:
        R = float(sys.argv[3])
        mu = np.array([r["trace/" + k][:2] for k in ("mu_F", "mu_B")])
        assert mu.shape == (2, 2), ("expected two price evaluations at least", mu)
        on = mu[:, 0] > 0
        assert on.any(), ("no price > 0 at the start", mu)
        rel = np.abs(mu[on, 1] / mu[on, 0] - 1)
        assert (rel <= R * (1 + 1e-9)).all() and np.isclose(rel.max(), R, rtol=1e-6), ("radius", R, rel, mu)
elif cmd == "evals":  # evals RESULT N: N price evaluations (/trace has a row for each, then the final one)
    with h5py.File(sys.argv[2], "r") as r:
        n = len(r["trace/mu_F"]) - 1
        assert n == int(sys.argv[3]), ("price evaluations", n, "expected", int(sys.argv[3]))
elif cmd == "bound":  # bound A B REL: A's bound is at most B's and at least (1 - REL) B's
    with h5py.File(sys.argv[2], "r") as a, h5py.File(sys.argv[3], "r") as b:
        x, y = (float(f["summary"].attrs["upper_bound"]) for f in (a, b))
        assert (1 - float(sys.argv[4])) * y <= x <= y, ("bound", x, "against", y)
elif cmd == "nobases":  # nobases RESULT: no /warm without -j3o_save_basis
    with h5py.File(sys.argv[2], "r") as r:
        assert "warm" not in r, "/warm written without -j3o_save_basis"
elif cmd == "zero":  # zero RESULT: the first trace row is at prices 0 (a cold start)
    with h5py.File(sys.argv[2], "r") as r:
        assert r["trace/mu_F"][0] == 0 and r["trace/mu_B"][0] == 0, "a cold start is at 0"
elif cmd == "within":  # within WARM COLD REL: accuracy(WARM) >= (1 - REL) accuracy(COLD)
    with h5py.File(sys.argv[2], "r") as w, h5py.File(sys.argv[3], "r") as c:
        aw, ac = float(w["summary"].attrs["accuracy"]), float(c["summary"].attrs["accuracy"])
        assert aw >= (1 - float(sys.argv[4])) * ac, ("warm accuracy", aw, "cold", ac)
elif cmd == "scale":  # scale SRC DST E F: DST = SRC with the demand of edge E's clients times F
    import shutil
    shutil.copy(sys.argv[2], sys.argv[3])
    with h5py.File(sys.argv[3], "r+") as f:
        lam = f["clients/demand"][()]
        lam[f["clients/edge"][()] == int(sys.argv[4])] *= float(sys.argv[5])
        f["clients/demand"][...] = lam
PYEOF
w() { $PY "$tmp/warm.py" "$@" || fail "warm.py $*"; }
# checkp INSTANCE RESULT PREV: j3o-check -previous accepts a re-plan
checkp() { bin/j3o-check "$1" "$2" -previous "$3" > "$tmp/check" 2>&1 || { cat "$tmp/check"; fail "j3o-check $2 -previous $3"; }; }
# refused PREV PATTERN WHAT: a re-plan of step 1 from PREV exits 1 with PATTERN in its output, leaves no
# result and does not hang
refused() {
  rm -f "$tmp/bad.h5"
  timeout 120 $MPIRUN -n 2 bin/j3o -i "$tmp/tr/step-01.h5" -o "$tmp/bad.h5" -previous "$1" -j3o_quiet > "$tmp/log" 2>&1
  local rc=$?
  [ $rc -ne 124 ] || fail "$3: the run hangs"
  [ $rc -eq 1 ] || { cat "$tmp/log"; fail "$3: exit $rc, expected 1"; }
  grep -q "$2" "$tmp/log" || { cat "$tmp/log"; fail "$3: no clear error"; }
  [ ! -e "$tmp/bad.h5" ] || fail "$3: a failed run left $tmp/bad.h5"
}
# reused RESULT_LOG: the clusters -info says were reused, sorted
reused() { sed -n 's/.*cluster \([0-9]*\): demand unchanged, at the previous prices.*/\1/p' "$1" | sort -n | tr '\n' ' '; }

private_bins
# a cloud that binds (prices > 0): paper-batch, cloud cut to half its use at prices 0
bin/j3o-gen -o "$tmp/base.h5" -family paper-batch -seed 1 > /dev/null || fail "j3o-gen"
cut_cloud "$tmp/base.h5" "$tmp/a.h5" 0.5 0.5 32626.955485977887 10.310066012983754
E=$($PY -c "import h5py; print(h5py.File('$tmp/a.h5','r')['edges/gflops'].shape[0])")
run 2 -i "$tmp/a.h5" -o "$tmp/prev.h5" -j3o_quiet -j3o_save_basis
check "$tmp/a.h5" "$tmp/prev.h5"
w bases "$tmp/prev.h5" "$E"

# 1. no drift: every cluster reused, the previous onloading reproduced (recovery cuts all four clusters
# here, and routes them again: the accuracy within 2e-6, 9e-7 measured)
run 2 -i "$tmp/a.h5" -o "$tmp/same.h5" -previous "$tmp/prev.h5" -j3o_quiet -info -log_view
cp "$tmp/log" "$tmp/same.log"
checkp "$tmp/a.h5" "$tmp/same.h5" "$tmp/prev.h5"
w onload "$tmp/prev.h5" "$tmp/same.h5" 2e-6
w start "$tmp/prev.h5" "$tmp/same.h5"
[ "$(reused "$tmp/same.log")" = "$(seq -s ' ' 0 $((E - 1))) " ] || { grep -i "re-plan\|reuse" "$tmp/same.log"; fail "no drift: expected clusters 0..$((E - 1)) reused, got: $(reused "$tmp/same.log")"; }
grep -q "^J3oReuse " "$tmp/same.log" || fail "no drift: -log_view has no J3oReuse event"
! grep -q "j3o: note: .*its instance" "$tmp/same.log" || fail "a note on a previous plan whose instance is there"
# a previous plan whose own instance is gone: no note when this instance is that one (its SHA-256)
cp "$tmp/prev.h5" "$tmp/moved.h5"
$PY -c "import h5py; h5py.File('$tmp/moved.h5', 'r+').attrs['instance'] = b'$tmp/gone.h5'" || fail "moved.h5"
run 1 -i "$tmp/a.h5" -o "$tmp/movedr.h5" -previous "$tmp/moved.h5" -j3o_quiet
! grep -q "j3o: note: .*its instance" "$tmp/log" || fail "a note on a previous plan of this very instance"
# 1b. no drift on a tight cloud whose recovery hands unused capacity on (J3oRecoverFill, which re-solves
# clusters whole): the reused clusters keep their onloading through recovery too, nothing is loaded
bin/j3o-gen -o "$tmp/t30.h5" -family scale -edges 30 -seed 3 > /dev/null || fail "j3o-gen t30"
run 2 -i "$tmp/t30.h5" -o "$tmp/t30p.h5" -j3o_quiet -info
grep -q "J3oRecoverFill(): .* took more" "$tmp/log" || fail "t30: the previous run's recovery did not fill (no test of the fill)"
run 2 -i "$tmp/t30.h5" -o "$tmp/t30s.h5" -previous "$tmp/t30p.h5" -info
grep -qx "  churn              0.0 MB, 0 models loaded that $tmp/t30p.h5 did not hold" "$tmp/log" || fail "t30: the summary's churn line"
grep -q "demand unchanged: the previous onloading kept under recovery's caps" "$tmp/log" || fail "t30: recovery's search did not change a reused cluster's onloading (no test of the keep)"
checkp "$tmp/t30.h5" "$tmp/t30s.h5" "$tmp/t30p.h5"
w kept "$tmp/t30p.h5" "$tmp/t30s.h5"

# 2. a 10 % drift (scripts/trace.py): warm starts at the previous prices, passes j3o-check, within 0.5 % of cold
$PY scripts/trace.py "$tmp/a.h5" "$tmp/tr" -steps 4 -drift 0.1 -flash 0 -seed 3 > /dev/null || fail "trace.py"
run 2 -i "$tmp/tr/step-01.h5" -o "$tmp/cold.h5" -j3o_quiet
# on another instance (a drifted step) a note says what is still checked
run 1 -i "$tmp/tr/step-01.h5" -o "$tmp/movedr.h5" -previous "$tmp/moved.h5" -j3o_quiet
grep -qx "j3o: note: $tmp/moved.h5: its instance (/@instance) is not found with the SHA-256 it recorded: the plan is checked against $tmp/tr/step-01.h5 by its sizes and the names it carries only" "$tmp/log" || { cat "$tmp/log"; fail "no note on a previous plan without its instance"; }
check "$tmp/tr/step-01.h5" "$tmp/cold.h5"
w nobases "$tmp/cold.h5"
run 2 -i "$tmp/tr/step-01.h5" -o "$tmp/warm.h5" -previous "$tmp/prev.h5" -j3o_quiet -info
cp "$tmp/log" "$tmp/warm.log"
checkp "$tmp/tr/step-01.h5" "$tmp/warm.h5" "$tmp/prev.h5"
w start "$tmp/prev.h5" "$tmp/warm.h5"
w within "$tmp/warm.h5" "$tmp/cold.h5" 0.005
# the trust box around the previous prices promises less than -tao_kelley_warm_tol (1e-4) of the dual:
# one evaluation; with 0 the search goes on (its second step on the box's side), and the bound it
# reaches is within 1e-4 of the one evaluation's (it stays in the box here)
w evals "$tmp/warm.h5" 1
grep -q "the trust box around the given start holds no prices that lower the dual by more than 0.0001 of it" "$tmp/warm.log" || fail "drift: no note on the trust box's promise"
run 2 -i "$tmp/tr/step-01.h5" -o "$tmp/warm0.h5" -previous "$tmp/prev.h5" -j3o_quiet -tao_kelley_warm_tol 0
w radius "$tmp/warm0.h5" 0.02
w bound "$tmp/warm0.h5" "$tmp/warm.h5" 1e-4
run 2 -i "$tmp/tr/step-01.h5" -o "$tmp/warm05.h5" -previous "$tmp/prev.h5" -j3o_quiet -tao_kelley_warm_radius 0.05 -tao_kelley_warm_tol 0
w radius "$tmp/warm05.h5" 0.05
grep -q "the bound LP of duty cycle [0-9]* starts from the previous plan's \(optimal\|dual feasible\) basis" "$tmp/warm.log" || fail "drift: no bound LP started from the saved bases"
grep -q "the offloading LP of duty cycle [0-9]* starts from the previous plan's basis" "$tmp/warm.log" || fail "drift: no offloading LP started from the saved bases"
[ -z "$(reused "$tmp/warm.log")" ] || fail "drift: clusters reused although every demand changed: $(reused "$tmp/warm.log")"
grep -q "$E clusters start from their previous onloading, 0 of them with unchanged demand" "$tmp/warm.log" || { grep "re-plan" "$tmp/warm.log"; fail "drift: every cluster should start from its previous onloading"; }

# 2b. past the time limit before the final search: no cluster searches, each keeps its previous
#     onloading re-routed (no churn, status time_limit), none drops its queries; without a warm start
#     and with a baseline too
i=0
for args in "" "-j3o_warm false" "-method greedy"; do
  i=$((i + 1))
  run 2 -i "$tmp/tr/step-01.h5" -o "$tmp/late$i.h5" -previous "$tmp/prev.h5" -j3o_quiet -time_limit 1e-9 $args
  checkp "$tmp/tr/step-01.h5" "$tmp/late$i.h5" "$tmp/prev.h5"
  w late "$tmp/prev.h5" "$tmp/late$i.h5"
done
# the exact MILP stopped before CBC's first incumbent keeps the previous plan, re-routed by the LP of its
# binaries (not the empty plan)
run 2 -i "$tmp/tr/step-01.h5" -o "$tmp/late-exact.h5" -previous "$tmp/prev.h5" -j3o_quiet -time_limit 1e-9 -method exact -info
grep -q "CBC's incumbent (none) below the previous plan re-routed" "$tmp/log" || { cat "$tmp/log"; fail "exact past its time limit: CBC had an incumbent (no test of the keep)"; }
checkp "$tmp/tr/step-01.h5" "$tmp/late-exact.h5" "$tmp/prev.h5"
w late "$tmp/prev.h5" "$tmp/late-exact.h5" subset
# the baselines of one route kind keep the previous onloading where their routes use models, and route
# only their kind
for m in local-only:0 edge-only:1 cloud-only:2; do
  run 2 -i "$tmp/tr/step-01.h5" -o "$tmp/late-${m%%:*}.h5" -previous "$tmp/prev.h5" -j3o_quiet -time_limit 1e-9 -method "${m%%:*}"
  checkp "$tmp/tr/step-01.h5" "$tmp/late-${m%%:*}.h5" "$tmp/prev.h5"
  w late-routes "$tmp/prev.h5" "$tmp/late-${m%%:*}.h5" "${m##*:}"
done

# 2c. past the time limit on an instance where the previous onloading no longer fits (memory shrank):
#     each cluster keeps the part of it that fits (checked by j3o-check), no churn, and serves; so does the
#     exact MILP stopped before CBC's first incumbent
w shrink "$tmp/tr/step-01.h5" "$tmp/shrunk.h5"
for args in "" "-j3o_warm false" "-method exact"; do
  run 2 -i "$tmp/shrunk.h5" -o "$tmp/late-fit.h5" -previous "$tmp/prev.h5" -j3o_quiet -time_limit 1e-9 $args
  checkp "$tmp/shrunk.h5" "$tmp/late-fit.h5" "$tmp/prev.h5"
  w late-fit "$tmp/prev.h5" "$tmp/late-fit.h5"
done

# 3. -j3o_warm false: no warm start (prices from 0 and the sample, no previous onloading, no reuse);
#    the previous plan serves the churn accounting only
run 2 -i "$tmp/tr/step-01.h5" -o "$tmp/nowarm.h5" -previous "$tmp/prev.h5" -j3o_warm false -j3o_quiet -info
checkp "$tmp/tr/step-01.h5" "$tmp/nowarm.h5" "$tmp/prev.h5"
w zero "$tmp/nowarm.h5"
! grep -q "re-plan: prices start\|starts from the previous plan's" "$tmp/log" || fail "-j3o_warm false: a warm start"

# 3b. /warm/bound_basis_dual: a value other than 0 and 1 is an error naming the file, dataset and row;
#     a previous plan without the dataset (all its bases optimal ones) still starts the bound LPs there
w dual "$tmp/prev.h5" "$tmp/prevbad.h5" 2
timeout 120 $MPIRUN -n 2 bin/j3o -i "$tmp/tr/step-01.h5" -o "$tmp/bad.h5" -previous "$tmp/prevbad.h5" -j3o_quiet > "$tmp/log" 2>&1
rc=$?
[ $rc -ne 124 ] || fail "a /warm/bound_basis_dual of 2 on one rank's row: the run hangs"
[ $rc -ne 0 ] || fail "a /warm/bound_basis_dual of 2 accepted"
grep -q "prevbad.h5: /warm/bound_basis_dual: row 0: 2 is not 0 or 1" "$tmp/log" || { cat "$tmp/log"; fail "bound_basis_dual 2: no clear error"; }
[ ! -e "$tmp/bad.h5" ] || fail "a failed run left $tmp/bad.h5"
w dual "$tmp/prev.h5" "$tmp/prevold.h5" drop
run 2 -i "$tmp/tr/step-01.h5" -o "$tmp/old.h5" -previous "$tmp/prevold.h5" -j3o_quiet -info
grep -q "starts from the previous plan's optimal basis" "$tmp/log" || fail "no /warm/bound_basis_dual: the bases not used"
! grep -q "starts from the previous plan's dual feasible basis" "$tmp/log" || fail "no /warm/bound_basis_dual: a basis taken as dual feasible"
checkp "$tmp/tr/step-01.h5" "$tmp/old.h5" "$tmp/prevold.h5"

# 3c. /warm/offload_basis_size: beyond the width is an error naming the file, dataset and row, with no
#     result left; a size that is not the LP's (another layout) is not used, said with -info
read -r orow owidth <<< "$($PY "$tmp/warm.py" offsize "$tmp/prev.h5" "$tmp/prevoff.h5" over)" || fail "warm.py offsize"
refused "$tmp/prevoff.h5" "prevoff.h5: /warm/offload_basis_size: row $orow: $((owidth + 1)) is not in \[0, width $owidth\]" "offload_basis_size over its width"
$PY "$tmp/warm.py" offsize "$tmp/prev.h5" "$tmp/prevoff.h5" 1 > /dev/null || fail "warm.py offsize 1"
run 2 -i "$tmp/tr/step-01.h5" -o "$tmp/off1.h5" -previous "$tmp/prevoff.h5" -j3o_quiet -info
grep -q "the previous plan's offloading basis of duty cycle [0-9]* has 1 entries, the LP [0-9]*: not used" "$tmp/log" || fail "an offloading basis of another size: not said"
checkp "$tmp/tr/step-01.h5" "$tmp/off1.h5" "$tmp/prevoff.h5"
#     a status whose low 3 bits are not CLP's (6) is refused; CLP's flag bits above them are dropped
orow=$($PY "$tmp/warm.py" status "$tmp/prev.h5" "$tmp/prevoff.h5" 6) || fail "warm.py status"
refused "$tmp/prevoff.h5" "prevoff.h5: /warm/offload_basis: row $orow: 6 is not a CLP status (its low 3 bits must be 0-5)" "offload_basis status 6"
$PY "$tmp/warm.py" status "$tmp/prev.h5" "$tmp/prevoff.h5" flag > /dev/null || fail "warm.py status flag"
run 2 -i "$tmp/tr/step-01.h5" -o "$tmp/offflag.h5" -previous "$tmp/prevoff.h5" -j3o_quiet
checkp "$tmp/tr/step-01.h5" "$tmp/offflag.h5" "$tmp/prevoff.h5"
#     wider than any LP of this instance: refused before it is read (its rows would cost 10 MB each)
w wide "$tmp/prev.h5" "$tmp/prevoff.h5" 10000000
refused "$tmp/prevoff.h5" "prevoff.h5: /warm/offload_basis: width 10000000 is more than an LP of this instance's clusters can have (at most [0-9]*)" "offload_basis 10^7 wide"
# a -method bound result places nothing: no plan to re-plan from
run 1 -i "$tmp/tr/step-00.h5" -o "$tmp/prevbound.h5" -method bound -j3o_quiet
refused "$tmp/prevbound.h5" "prevbound.h5: /@method: is bound: a bound-only run places no model" "a -method bound previous plan"
#     stored as another integer type: each status checked to be a byte, and the bases used
orow=$($PY "$tmp/warm.py" widen "$tmp/prev.h5" "$tmp/prevoff.h5" 300) || fail "warm.py widen"
refused "$tmp/prevoff.h5" "prevoff.h5: /warm/offload_basis: row $orow: 300 is not a byte (0-255)" "offload_basis status 300"
$PY "$tmp/warm.py" widen "$tmp/prev.h5" "$tmp/prevoff.h5" same > /dev/null || fail "warm.py widen same"
run 2 -i "$tmp/tr/step-01.h5" -o "$tmp/off16.h5" -previous "$tmp/prevoff.h5" -j3o_quiet -info
grep -q "the offloading LP of duty cycle [0-9]* starts from the previous plan's basis" "$tmp/log" || fail "int16 offloading bases: not used"
checkp "$tmp/tr/step-01.h5" "$tmp/off16.h5" "$tmp/prevoff.h5"

# 3d. /warm/search_gap: each large cluster's last whole search gap, NaN for the others (these
#     clusters are small: -j3o_large_clients 0 makes them all large). A re-plan whose first searches
#     all end at the previous onloading (-j3o_warm_gap_slack 1) keeps the gaps bit for bit; one whose
#     first searches are whole ones (-j3o_warm_gap_slack -1, -j3o_warm_cluster_gap 0) records its own.
#     A value outside [0, 1] or a dataset of the wrong length is an error naming the file, dataset
#     and row, with no result left.
w gaps "$tmp/prev.h5" "$E" nan
run 2 -i "$tmp/a.h5" -o "$tmp/prevL.h5" -j3o_quiet -j3o_save_basis -j3o_large_clients 0
w gaps "$tmp/prevL.h5" "$E" finite
run 2 -i "$tmp/tr/step-01.h5" -o "$tmp/keepL.h5" -previous "$tmp/prevL.h5" -j3o_quiet -j3o_save_basis -j3o_large_clients 0 -j3o_warm_gap_slack 1 -j3o_warm_cluster_gap 0
checkp "$tmp/tr/step-01.h5" "$tmp/keepL.h5" "$tmp/prevL.h5"
w samegaps "$tmp/prevL.h5" "$tmp/keepL.h5" 1
run 2 -i "$tmp/tr/step-01.h5" -o "$tmp/redoL.h5" -previous "$tmp/prevL.h5" -j3o_quiet -j3o_save_basis -j3o_large_clients 0 -j3o_warm_gap_slack -1 -j3o_warm_cluster_gap 0
checkp "$tmp/tr/step-01.h5" "$tmp/redoL.h5" "$tmp/prevL.h5"
w gaps "$tmp/redoL.h5" "$E" finite
w samegaps "$tmp/prevL.h5" "$tmp/redoL.h5" 0
for v in 2 -0.5 short text; do
  w setgap "$tmp/prevL.h5" "$tmp/prevgap.h5" "$v"
  rm -f "$tmp/bad.h5"
  timeout 120 $MPIRUN -n 2 bin/j3o -i "$tmp/tr/step-01.h5" -o "$tmp/bad.h5" -previous "$tmp/prevgap.h5" -j3o_quiet -j3o_large_clients 0 > "$tmp/log" 2>&1
  rc=$?
  [ $rc -ne 124 ] || fail "/warm/search_gap $v: the run hangs"
  [ $rc -ne 0 ] || fail "/warm/search_gap $v accepted"
  case $v in
    short) want="prevgap.h5: /warm/search_gap: .*\\[E\\]" ;;
    text) want="prevgap.h5: /warm/search_gap: .*float" ;;
    *) want="prevgap.h5: /warm/search_gap: row 0: $v is neither NaN (none) nor in \\[0, 1\\]" ;;
  esac
  [ $rc -eq 1 ] || { cat "$tmp/log"; fail "/warm/search_gap $v: exit $rc, expected 1"; }
  grep -q "$want" "$tmp/log" || { cat "$tmp/log"; fail "/warm/search_gap $v: no clear error"; }
  [ ! -e "$tmp/bad.h5" ] || fail "a failed run left $tmp/bad.h5"
done

# 4. one edge's demand changed, the cloud slack (prices 0 before and after): every other cluster is
#    reused, the changed one searched
$PY $H5TOOL open "$tmp/base.h5" "$tmp/o.h5" || fail "open cloud"
run 2 -i "$tmp/o.h5" -o "$tmp/oprev.h5" -j3o_quiet
w scale "$tmp/o.h5" "$tmp/o1.h5" 1 1.1
run 2 -i "$tmp/o1.h5" -o "$tmp/o1warm.h5" -previous "$tmp/oprev.h5" -j3o_quiet -info
cp "$tmp/log" "$tmp/o1.log"
checkp "$tmp/o1.h5" "$tmp/o1warm.h5" "$tmp/oprev.h5"
want=$(seq 0 $((E - 1)) | grep -vx 1 | tr '\n' ' ')
[ "$(reused "$tmp/o1.log")" = "$want" ] || fail "one edge changed: expected clusters $want reused, got: $(reused "$tmp/o1.log")"
run 2 -i "$tmp/o1.h5" -o "$tmp/o1cold.h5" -j3o_quiet
w within "$tmp/o1warm.h5" "$tmp/o1cold.h5" 0.005

# unchanged demand from a plan that is no J3O answer (the greedy baseline's): only a start, no cluster
# reused, and the re-plan reaches a cold solve's accuracy (it kept greedy's 0.589 against 0.655)
bin/j3o-gen -o "$tmp/g50.h5" -family scale -edges 50 -seed 7 > /dev/null || fail "j3o-gen g50"
run 2 -i "$tmp/g50.h5" -o "$tmp/g50cold.h5" -j3o_quiet
run 2 -i "$tmp/g50.h5" -o "$tmp/g50greedy.h5" -method greedy -j3o_quiet
run 2 -i "$tmp/g50.h5" -o "$tmp/g50warm.h5" -previous "$tmp/g50greedy.h5" -j3o_quiet -info
[ -z "$(reused "$tmp/log")" ] || fail "clusters reused from a greedy plan: $(reused "$tmp/log")"
w within "$tmp/g50warm.h5" "$tmp/g50cold.h5" 0.001
echo "test_warm: ok"
