#!/usr/bin/env bash
# End-to-end J3O: every method's result passes j3o-check, every dataset the same bit for bit for P = 1..4 and for the
# same P twice, bound >= exact optimum (proven) >= J3O, a binding cloud ends with a positive price,
# baselines route something and keep their defining property, and bad command lines fail cleanly
# without a result file.
set -euo pipefail
cd "$(dirname "$0")/../.."
source tests/sh/lib.sh
J3O_RUN_OPTS=-j3o_quiet

bin/j3o-gen -o "$tmp/p1.h5" -family paper -seed 11 >/dev/null
bin/j3o-gen -o "$tmp/p2.h5" -family paper-batch -seed 12 >/dev/null
bin/j3o-gen -o "$tmp/p3.h5" -family paper -seed 13 -edges 4 >/dev/null

for f in p1 p2 p3; do
  run 1 -i "$tmp/$f.h5" -o "$tmp/$f-exact.h5" -method exact -time_limit 120
  check "$tmp/$f.h5" "$tmp/$f-exact.h5"
  [ "$(attr "$tmp/$f-exact.h5" status)" = optimal ] || fail "$f: exact is not proven optimal"
  E=$($PY -c "import h5py,sys; print(h5py.File(sys.argv[1],'r')['edges/gflops'].shape[0])" "$tmp/$f.h5")
  for P in 1 2 3 4; do
    [ "$P" -le "$E" ] || continue
    run "$P" -i "$tmp/$f.h5" -o "$tmp/$f-j3o-$P.h5"
    check "$tmp/$f.h5" "$tmp/$f-j3o-$P.h5"
  done
  # the same P twice, then every P: every dataset the same
  run 2 -i "$tmp/$f.h5" -o "$tmp/$f-again.h5"
  same "$tmp/$f-j3o-2.h5" "$tmp/$f-again.h5" "$tmp"/$f-j3o-*.h5
  # bound >= exact optimum >= J3O accuracy
  $PY - "$tmp" "$f" <<'PYEOF'
import glob, sys, h5py
tmp, f = sys.argv[1], sys.argv[2]
opt = float(h5py.File(f"{tmp}/{f}-exact.h5", "r")["summary"].attrs["accuracy"])
for name in sorted(glob.glob(f"{tmp}/{f}-j3o-*.h5")):
    s = h5py.File(name, "r")["summary"].attrs
    acc, ub = float(s["accuracy"]), float(s["upper_bound"])
    assert ub >= opt - 1e-9, (name, "bound", ub, "below optimum", opt)
    assert acc <= opt + 1e-9, (name, "accuracy", acc, "above optimum", opt)
    print(f"{name.split('/')[-1]}: j3o {acc:.6f} bound {ub:.6f} exact {opt:.6f} ratio {acc/opt if opt else 1:.5f}")
PYEOF
done

# A binding cloud: shrink cloud compute so the prices must move off zero; recovery keeps 9-10.
$PY - "$tmp/p1.h5" "$tmp/tight.h5" <<'PYEOF'
import shutil, sys, h5py, numpy as np
src, dst = sys.argv[1], sys.argv[2]
shutil.copy(src, dst)
with h5py.File(dst, "r+") as f:
    lam = f["clients/demand"][...]; d = f["tasks/input_mb"][...]
    f["cloud"].attrs["gflops"] = 1e-3 * float(f["cloud"].attrs["gflops"])
    f["cloud"].attrs["ingress_mb_s"] = 0.05 * float((lam * d).sum())
PYEOF
run 2 -i "$tmp/tight.h5" -o "$tmp/tight-j3o.h5" -info
grep -q "quota levels priced by LP re-route and whole solve" "$tmp/log" || { cat "$tmp/log"; fail "tight: recovery did not price quota levels"; }
check "$tmp/tight.h5" "$tmp/tight-j3o.h5"
# the large-instance recovery path (levels priced by the LP re-route alone, cut clusters re-solved)
run 2 -i "$tmp/tight.h5" -o "$tmp/tight-lp.h5" -info -j3o_quota_whole_max 0
grep -q "quota levels priced by LP re-route;" "$tmp/log" || { cat "$tmp/log"; fail "tight: no LP-priced quota levels"; }
check "$tmp/tight.h5" "$tmp/tight-lp.h5"
$PY -c "
import h5py,sys; r=h5py.File(sys.argv[1],'r'); t=r['trace']
assert t['mu_F'][-1] > 0, ('the final compute price is zero on a binding cloud', t['mu_F'][-1])
print('tight: prices', t['mu_F'][-1], t['mu_B'][-1], 'accuracy', r['summary'].attrs['accuracy'], 'bound', r['summary'].attrs['upper_bound'])
lp = h5py.File(sys.argv[2],'r')['summary'].attrs
assert lp['accuracy'] <= r['summary'].attrs['upper_bound'] + 1e-12 and lp['upper_bound'] == r['summary'].attrs['upper_bound']
print('tight, LP-priced levels: accuracy', lp['accuracy'])
" "$tmp/tight-j3o.h5" "$tmp/tight-lp.h5"

# A time limit that has passed before the final search: status time_limit, still a valid result.
run 2 -i "$tmp/p2.h5" -o "$tmp/p2-late.h5" -time_limit 1e-9
check "$tmp/p2.h5" "$tmp/p2-late.h5"
$PY -c "
import h5py,sys; s=h5py.File(sys.argv[1],'r')['summary'].attrs['status']
s = s.decode() if isinstance(s, bytes) else s
assert s == 'time_limit', s
" "$tmp/p2-late.h5"

# A re-plan past its time limit after demand grew 30 % and the cloud halved: every cluster keeps its
# previous onloading (no churn) and recovery cuts them to the cloud by LP re-routes alone, within 1 % of
# the re-plan without a limit (a cut cluster that dropped its queries would lose far more); the same
# with proportional quotas.
bin/j3o-gen -o "$tmp/g.h5" -family paper -seed 2 -edges 8 > /dev/null || fail "j3o-gen g"
run 2 -i "$tmp/g.h5" -o "$tmp/g-prev.h5" -j3o_quiet
bin/j3o-derive "$tmp/g.h5" -o "$tmp/gd.h5" -scale /clients/demand:1.3 -scale /cloud@gflops:0.5 -scale /cloud@ingress_mb_s:0.5 > /dev/null || fail "j3o-derive gd"
run 2 -i "$tmp/gd.h5" -o "$tmp/gd-full.h5" -previous "$tmp/g-prev.h5" -j3o_quiet
run 2 -i "$tmp/gd.h5" -o "$tmp/gd-late.h5" -previous "$tmp/g-prev.h5" -time_limit 1e-9 -info
grep -q "recovery: quota levels priced by LP re-route (whole solves end at the time limit); the knapsack cut [1-9][0-9]* of 8 clusters" "$tmp/log" \
  || { grep "recovery" "$tmp/log" || true; fail "late re-plan: recovery cut no cluster (no test of recovery past the time limit)"; }
# and by proportional quotas (-j3o_quota_levels 1), each cut cluster re-routed under its quota
run 2 -i "$tmp/gd.h5" -o "$tmp/gd-late1.h5" -previous "$tmp/g-prev.h5" -time_limit 1e-9 -j3o_quota_levels 1
for r in late late1; do
bin/j3o-check "$tmp/gd.h5" "$tmp/gd-$r.h5" -previous "$tmp/g-prev.h5" > "$tmp/check" 2>&1 || { cat "$tmp/check"; fail "j3o-check gd-$r"; }
$PY -c "
import h5py,sys; late, full = (h5py.File(f,'r') for f in sys.argv[1:3])
s = late['summary'].attrs['status']; s = s.decode() if isinstance(s, bytes) else s
a, b = (float(f['summary'].attrs['accuracy']) for f in (late, full))
print('late re-plan: status', s, 'accuracy', a, 'without a limit', b)
assert s == 'time_limit' and late['churn'].attrs['total_mb'] == 0, (s, late['churn'].attrs['total_mb'])
assert a >= 0.99 * b, (a, b)
" "$tmp/gd-$r.h5" "$tmp/gd-full.h5" || fail "late re-plan ($r)"
done

# Every baseline passes the checker and keeps its defining property; bound alone is a valid bound.
for m in greedy random local-only edge-only cloud-only bound; do
  run 2 -i "$tmp/p2.h5" -o "$tmp/p2-$m.h5" -method $m
  check "$tmp/p2.h5" "$tmp/p2-$m.h5"
done
$PY - "$tmp" <<'PYEOF'
import sys, h5py, numpy as np
tmp = sys.argv[1]
def routes(m):
    return h5py.File(f"{tmp}/p2-{m}.h5", "r")["offload/route"][...]
def onload(m, k):
    return h5py.File(f"{tmp}/p2-{m}.h5", "r")[f"onload/{k}"][...]
# each baseline routes something, and only on its own route
for m in ("cloud-only", "local-only", "edge-only"):
    assert len(routes(m)) > 0, (m, "routes nothing")
assert set(routes("cloud-only")) <= {2} and onload("cloud-only", "client").sum() == 0 and onload("cloud-only", "edge").sum() == 0
assert set(routes("local-only")) <= {0} and onload("local-only", "edge").sum() == 0
assert set(routes("edge-only")) <= {1} and onload("edge-only", "client").sum() == 0
b = h5py.File(f"{tmp}/p2-bound.h5", "r")["summary"].attrs
ex = h5py.File(f"{tmp}/p2-exact.h5", "r")["summary"].attrs
assert float(b["upper_bound"]) >= float(ex["accuracy"]) - 1e-9
for m in ("greedy", "random", "local-only", "edge-only", "cloud-only"):
    acc = float(h5py.File(f"{tmp}/p2-{m}.h5", "r")["summary"].attrs["accuracy"])
    assert acc <= float(ex["accuracy"]) + 1e-9, (m, acc)
print("baselines ok")
PYEOF

# Bad command lines: one-line reason, nonzero exit, no result file.
expect_fail() {
  local what=$1; shift
  if $MPIRUN -n "$@" > "$tmp/bad" 2>&1; then cat "$tmp/bad"; fail "$what succeeded"; fi
  grep -q "j3o: " "$tmp/bad" || { cat "$tmp/bad"; fail "$what: no reason printed"; }
  [ ! -e "$tmp/out.h5" ] || fail "$what left a result file"
}
expect_fail "missing -i" 1 bin/j3o -o "$tmp/out.h5"
expect_fail "unknown method" 1 bin/j3o -i "$tmp/p1.h5" -o "$tmp/out.h5" -method nonsense
expect_fail "unreadable input" 1 bin/j3o -i "$tmp/nope.h5" -o "$tmp/out.h5"
expect_fail "unwritable dir" 1 bin/j3o -i "$tmp/p1.h5" -o "$tmp/no/such/dir/out.h5"
E=$($PY -c "import h5py,sys; print(h5py.File(sys.argv[1],'r')['edges/gflops'].shape[0])" "$tmp/p1.h5")
# more ranks than clusters: the extra rank idles (tests/sh/test_cli_guards.sh compares the results)
run $((E + 1)) -i "$tmp/p1.h5" -o "$tmp/out.h5" -j3o_quiet
grep -q "^j3o: note: $((E + 1)) ranks but $E edge clusters: rank $E idle" "$tmp/log" || { cat "$tmp/log"; fail "no idle-rank note"; }
check "$tmp/p1.h5" "$tmp/out.h5"
echo "test_j3o_mpi: all passed"
