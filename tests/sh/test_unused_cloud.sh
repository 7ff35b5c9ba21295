#!/usr/bin/env bash
# Recovery from below: on paper seed 3 (4 edges, even edges and their clients keep 1 % of their
# compute, cloud compute and ingress cut to 50 % of their use at prices 0) the best prices
# (about 0.0038, 1.97) overshoot for the integer problem: every cluster's integer solution at them
# drops the cloud, 0.456 against the optimum 0.600. Recovery must hand the unused cloud out: against
# `-method exact` (proven optimal) J3O >= 0.98 x optimum, bound >= optimum >= J3O, both final prices
# > 0, the fill logged, every result passes j3o-check, the same result on 1 and 2 ranks.
set -euo pipefail
cd "$(dirname "$0")/../.."
source tests/sh/lib.sh

bin/j3o-gen -o "$tmp/gen.h5" -family paper -seed 3 -edges 4 >/dev/null
$PY $H5TOOL starve "$tmp/gen.h5"
cut_cloud "$tmp/gen.h5" "$tmp/cut.h5" 0.5 0.5 51219.00290702467 18.347098546915564
run 1 -i "$tmp/cut.h5" -o "$tmp/exact.h5" -method exact -time_limit 120 -j3o_quiet
check "$tmp/cut.h5" "$tmp/exact.h5"
[ "$(attr "$tmp/exact.h5" status)" = optimal ] || fail "exact is not proven optimal"
run 2 -i "$tmp/cut.h5" -o "$tmp/j3o-2.h5" -info
check "$tmp/cut.h5" "$tmp/j3o-2.h5"
cp "$tmp/log" "$tmp/info.log"
run 1 -i "$tmp/cut.h5" -o "$tmp/j3o-1.h5" -j3o_quiet
check "$tmp/cut.h5" "$tmp/j3o-1.h5"
same "$tmp/j3o-2.h5" "$tmp/j3o-1.h5"
$PY - "$tmp" <<'PYEOF'
import sys, h5py
tmp = sys.argv[1]
opt = float(h5py.File(f"{tmp}/exact.h5", "r")["summary"].attrs["accuracy"])
r = h5py.File(f"{tmp}/j3o-2.h5", "r")
acc, ub = float(r["summary"].attrs["accuracy"]), float(r["summary"].attrs["upper_bound"])
muF, muB = float(r["trace/mu_F"][-1]), float(r["trace/mu_B"][-1])
print(f"exact {opt:.9f} J3O {acc:.9f} ({acc / opt:.5f}) bound {ub:.9f} final prices {muF:.3g} {muB:.3g}")
assert abs(opt - 0.600137) < 5e-7, ("exact optimum", opt, "expected 0.600137")
assert muF > 0 and muB > 0, ("final prices", muF, muB)
assert ub >= opt - 1e-9, ("bound", ub, "below the optimum", opt)
assert acc <= opt + 1e-9, ("J3O", acc, "above the optimum", opt)
assert acc >= 0.98 * opt, ("J3O", acc, "below 0.98 x optimum", opt)
PYEOF
grep -q "recovery: unused capacity:.* round 1: [1-9][0-9]* of 4 clusters took more" "$tmp/info.log" \
  || { cat "$tmp/info.log"; fail "recovery did not hand out the unused cloud"; }
echo "test_unused_cloud: all passed"
