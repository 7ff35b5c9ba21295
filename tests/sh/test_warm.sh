#!/usr/bin/env bash
# A re-plan's warm start (-previous, -j3o_warm): on the same instance it reproduces the previous plan
# (every cluster's onloading reused at the previous prices); after a drift its price search starts at
# the previous final prices and its bound LPs at the saved bases (-j3o_save_basis), the result passes
# j3o-check and its accuracy is within 0.5 % of a cold solve's; a cluster whose demand changed is
# never reused; -j3o_warm false starts cold.
set -u
cd "$(dirname "$0")/../.."
. tests/sh/lib.sh

cat > "$tmp/warm.py" <<'PYEOF'
# warm.py CMD ...: what this test reads from results with h5py (independently of j3o's C code)
import sys, h5py, numpy as np
cmd = sys.argv[1]
if cmd == "onload":  # onload A B: /onload of A and B bit for bit
    with h5py.File(sys.argv[2], "r") as a, h5py.File(sys.argv[3], "r") as b:
        for k in ("client", "edge", "duty_cycle_s", "demand_hash"):
            assert np.array_equal(a["onload"][k][()], b["onload"][k][()]), ("onload differs", k)
        x, y = (float(f["summary"].attrs["accuracy"]) for f in (a, b))
        assert abs(x - y) <= 1e-9, ("accuracy differs", x, y)
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
elif cmd == "dual":  # dual SRC DST V: DST = SRC with /warm/bound_basis_dual[0] = V, or without it (V = drop)
    import shutil
    shutil.copy(sys.argv[2], sys.argv[3])
    with h5py.File(sys.argv[3], "r+") as f:
        if sys.argv[4] == "drop": del f["warm/bound_basis_dual"]
        else: f["warm/bound_basis_dual"][0] = int(sys.argv[4])
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

# 1. no drift: every cluster reused, the previous onloading and accuracy reproduced
run 2 -i "$tmp/a.h5" -o "$tmp/same.h5" -previous "$tmp/prev.h5" -j3o_quiet -info -log_view
cp "$tmp/log" "$tmp/same.log"
checkp "$tmp/a.h5" "$tmp/same.h5" "$tmp/prev.h5"
w onload "$tmp/prev.h5" "$tmp/same.h5"
w start "$tmp/prev.h5" "$tmp/same.h5"
[ "$(reused "$tmp/same.log")" = "$(seq -s ' ' 0 $((E - 1))) " ] || { grep -i "re-plan\|reuse" "$tmp/same.log"; fail "no drift: expected clusters 0..$((E - 1)) reused, got: $(reused "$tmp/same.log")"; }
grep -q "^J3oReuse " "$tmp/same.log" || fail "no drift: -log_view has no J3oReuse event"

# 2. a 10 % drift (scripts/trace.py): warm starts at the previous prices, passes j3o-check, within 0.5 % of cold
$PY scripts/trace.py "$tmp/a.h5" "$tmp/tr" -steps 4 -drift 0.1 -flash 0 -seed 3 > /dev/null || fail "trace.py"
run 2 -i "$tmp/tr/step-01.h5" -o "$tmp/cold.h5" -j3o_quiet
check "$tmp/tr/step-01.h5" "$tmp/cold.h5"
w nobases "$tmp/cold.h5"
run 2 -i "$tmp/tr/step-01.h5" -o "$tmp/warm.h5" -previous "$tmp/prev.h5" -j3o_quiet -info
cp "$tmp/log" "$tmp/warm.log"
checkp "$tmp/tr/step-01.h5" "$tmp/warm.h5" "$tmp/prev.h5"
w start "$tmp/prev.h5" "$tmp/warm.h5"
w within "$tmp/warm.h5" "$tmp/cold.h5" 0.005
grep -q "the bound LP of duty cycle [0-9]* starts from the previous plan's \(optimal\|dual feasible\) basis" "$tmp/warm.log" || fail "drift: no bound LP started from the saved bases"
[ -z "$(reused "$tmp/warm.log")" ] || fail "drift: clusters reused although every demand changed: $(reused "$tmp/warm.log")"
grep -q "$E clusters start from their previous onloading, 0 of them with unchanged demand" "$tmp/warm.log" || { grep "re-plan" "$tmp/warm.log"; fail "drift: every cluster should start from its previous onloading"; }

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
echo "test_warm: ok"
