#!/usr/bin/env bash
# The coordinator as registered TAO types on a small instance whose cloud binds on compute (final prices > 0):
# -tao_type j3okelley and -tao_type shell give the default run's result bit for bit; -tao_monitor prints one
# line per price iteration ending at the bound, -tao_view names the type and its reason; -j3o_subgradient and
# -tao_type j3osubgradient select the same subgradient type; -tao_kelley_price_sample is the type's own name
# of -j3o_price_sample and wins over it; -tao_type blmvm runs through the objective/gradient callback; -help
# lists the type's options. Every result passes j3o-check.
set -euo pipefail
cd "$(dirname "$0")/../.."
source tests/sh/lib.sh

bin/j3o-gen -o "$tmp/cut.h5" -family paper -seed 1 >/dev/null
$PY - "$tmp/cut.h5" <<'PYEOF'
import sys, h5py
with h5py.File(sys.argv[1], "r+") as f:
    lam = f["clients/demand"][...]; d = f["tasks/input_mb"][...]
    f["cloud"].attrs["gflops"] = 0.05 * float(f["cloud"].attrs["gflops"])
    f["cloud"].attrs["ingress_mb_s"] = 0.1 * float((lam * d).sum())
PYEOF
# same A B: summary, placement, routes and price trace identical bit for bit (elapsed times aside)
same() {
  $PY - "$1" "$2" <<'PYEOF' || fail "$1 and $2 differ"
import sys, h5py, numpy as np
a, b = h5py.File(sys.argv[1], "r"), h5py.File(sys.argv[2], "r")
for k in ("accuracy", "upper_bound", "gap", "status"):
    assert a["summary"].attrs[k] == b["summary"].attrs[k], (k, a["summary"].attrs[k], b["summary"].attrs[k])
names = []
a.visit(lambda n: names.append(n) if isinstance(a[n], h5py.Dataset) and n != "trace/elapsed_s" else None)
for n in names:
    x, y = a[n][...], b[n][...]
    assert np.array_equal(x, y, equal_nan=x.dtype.kind == "f"), n
PYEOF
}
attr() { $PY -c "import h5py,sys; print(repr(float(h5py.File(sys.argv[1],'r')['summary'].attrs[sys.argv[2]])))" "$1" "$2"; }

run 2 -i "$tmp/cut.h5" -o "$tmp/default.h5" -j3o_quiet
check "$tmp/cut.h5" "$tmp/default.h5"
$PY - "$tmp/default.h5" <<'PYEOF' || fail "the cloud does not bind: the final prices are 0"
import sys, h5py
f = h5py.File(sys.argv[1], "r")
assert f["trace/mu_F"][-1] > 0, f["trace/mu_F"][...]
PYEOF

run 2 -i "$tmp/cut.h5" -o "$tmp/kelley.h5" -j3o_quiet -tao_type j3okelley -tao_monitor -tao_view
same "$tmp/default.h5" "$tmp/kelley.h5"
grep -q "type: j3okelley" "$tmp/log" || fail "-tao_view does not name j3okelley"
grep -q "Solution converged" "$tmp/log" || fail "-tao_view gives no converged reason"
rows=$(grep -c "TAO,  Function value:" "$tmp/log" || :)
evals=$($PY -c "import h5py,sys; print(h5py.File(sys.argv[1],'r')['trace/mu_F'].shape[0] - 1)" "$tmp/default.h5")
[ "$rows" -eq "$evals" ] || fail "-tao_monitor: $rows lines for $evals price evaluations"
last=$(grep "TAO,  Function value:" "$tmp/log" | tail -1 | sed 's/.*Function value: *\([^,]*\),.*/\1/')
$PY -c "import sys; assert abs(float(sys.argv[1]) - float(sys.argv[2])) <= 1e-6, sys.argv[1:]" "$last" "$(attr "$tmp/default.h5" upper_bound)" \
  || fail "-tao_monitor's last value $last is not the bound"

run 2 -i "$tmp/cut.h5" -o "$tmp/shell.h5" -j3o_quiet -tao_type shell -tao_view
same "$tmp/default.h5" "$tmp/shell.h5"
grep -q "type: j3okelley" "$tmp/log" || fail "-tao_type shell does not select j3okelley"

run 2 -i "$tmp/cut.h5" -o "$tmp/sub.h5" -j3o_quiet -j3o_subgradient -tao_view
grep -q "type: j3osubgradient" "$tmp/log" || fail "-j3o_subgradient does not select j3osubgradient"
check "$tmp/cut.h5" "$tmp/sub.h5"
run 2 -i "$tmp/cut.h5" -o "$tmp/sub2.h5" -j3o_quiet -tao_type j3osubgradient
same "$tmp/sub.h5" "$tmp/sub2.h5"
run 2 -i "$tmp/cut.h5" -o "$tmp/sub3.h5" -j3o_quiet -j3o_subgradient -tao_type shell
same "$tmp/sub.h5" "$tmp/sub3.h5"

# 4 clusters: a sample of 1 is used (4 >= 4 x 1); its rows are labelled s1, s2, ...
run 2 -i "$tmp/cut.h5" -o "$tmp/ps-alias.h5" -j3o_price_sample 1
grep -qE '^ +s1 ' "$tmp/log" || fail "-j3o_price_sample 1: no sample rows"
run 2 -i "$tmp/cut.h5" -o "$tmp/ps-own.h5" -tao_kelley_price_sample 1
grep -qE '^ +s1 ' "$tmp/log" || fail "-tao_kelley_price_sample 1: no sample rows"
same "$tmp/ps-alias.h5" "$tmp/ps-own.h5"
check "$tmp/cut.h5" "$tmp/ps-own.h5"
run 2 -i "$tmp/cut.h5" -o "$tmp/ps-off.h5" -j3o_price_sample 1 -tao_kelley_price_sample 0
grep -qE '^ +s[0-9]+ ' "$tmp/log" && fail "-tao_kelley_price_sample 0 does not win over -j3o_price_sample 1"
same "$tmp/default.h5" "$tmp/ps-off.h5"

run 2 -i "$tmp/cut.h5" -o "$tmp/blmvm.h5" -j3o_quiet -tao_type blmvm -tao_view
grep -q "type: blmvm" "$tmp/log" || fail "-tao_type blmvm not selected"
check "$tmp/cut.h5" "$tmp/blmvm.h5"
# a dual value bounds every feasible accuracy, Kelley's solution's included
$PY -c "import sys; assert float(sys.argv[1]) >= float(sys.argv[2]) - 1e-9, sys.argv[1:]" "$(attr "$tmp/blmvm.h5" upper_bound)" "$(attr "$tmp/default.h5" accuracy)" \
  || fail "blmvm's bound is below the default run's accuracy"

$MPIRUN -n 1 bin/j3o -help > "$tmp/help" 2>&1 || fail "j3o -help"
grep -q -- "-tao_kelley_price_sample" "$tmp/help" || fail "-help does not list -tao_kelley_price_sample"
grep -q "j3okelley" "$tmp/help" || fail "-help does not list the j3okelley type"
echo "PASS test_tao_type"
