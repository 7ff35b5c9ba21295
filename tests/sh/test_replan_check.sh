#!/usr/bin/env bash
# Re-planning end to end: a cold plan, a drifted instance re-planned by the exact MILP from it under a
# binding churn budget, j3o-check -previous accepting it and rejecting tampered results, and j3o
# refusing a previous plan that does not fit. Churn is recomputed here from x and y with h5py.
set -u
cd "$(dirname "$0")/../.."
. tests/sh/lib.sh

# one line on stderr starting "j3o:", exit 1, no output file: expect_refusal OUT ARGS...
expect_refusal() {
  local out=$1; shift
  bin/j3o "$@" -o "$out" > "$tmp/out" 2> "$tmp/err"; local rc=$?
  [ $rc -eq 1 ] || { cat "$tmp/out" "$tmp/err"; fail "j3o $* exited $rc, expected 1"; }
  [ "$(wc -l < "$tmp/err")" -eq 1 ] && grep -q "^j3o: " "$tmp/err" || { cat "$tmp/err"; fail "j3o $*: expected one error line"; }
  [ ! -e "$out" ] || fail "j3o $*: wrote $out"
}


private_bins
bin/j3o-gen -o "$tmp/a.h5" -family paper -seed 3 -edges 2 -clients_per_edge 3 > /dev/null || fail "j3o-gen"
run 2 -i "$tmp/a.h5" -o "$tmp/j3o.h5" -j3o_quiet
check "$tmp/a.h5" "$tmp/j3o.h5"
# the previous plan: the exact optimum, which loads only what pays (J3O's fill keeps more resident)
run 2 -i "$tmp/a.h5" -o "$tmp/prev.h5" -method exact
check "$tmp/a.h5" "$tmp/prev.h5"
# /onload/demand_hash: the first 8 bytes, little-endian, of the SHA-256 of each cluster's demand rows
$PY - "$tmp/a.h5" "$tmp/j3o.h5" <<'PYEOF' || fail "demand hash"
import sys, hashlib, h5py, numpy as np
with h5py.File(sys.argv[1], "r") as f:
    lam = f["clients/demand"][()].astype("<f8"); edge = f["clients/edge"][()]
with h5py.File(sys.argv[2], "r") as r:
    h = r["onload/demand_hash"][()]
    assert h.dtype == np.uint64 and h.shape == (2,), (h.dtype, h.shape)
    assert "churn" not in r and "previous_sha256" not in r.attrs, "a cold run has no churn"
for e in range(2):
    want = int.from_bytes(hashlib.sha256(lam[edge == e].tobytes()).digest()[:8], "little")
    assert int(h[e]) == want, (e, int(h[e]), want)
PYEOF

bin/j3o-derive "$tmp/a.h5" -o "$tmp/b.h5" -scale /clients/demand:1.3 > /dev/null || fail "j3o-derive"
run 1 -i "$tmp/b.h5" -o "$tmp/free.h5" -method exact -previous "$tmp/prev.h5"
check_prev "$tmp/b.h5" "$tmp/free.h5" "$tmp/prev.h5"
read_churn free "$tmp/b.h5" "$tmp/free.h5" "$tmp/prev.h5"
# a budget of half the largest cluster churn of the unbudgeted optimum binds
B=$($PY -c "print(max(${free[0]}, ${free[1]}) / 2)")
$PY -c "import sys; sys.exit(not $B > 0)" || fail "the unbudgeted re-plan loads nothing new: no budget can bind"
run 1 -i "$tmp/b.h5" -o "$tmp/budget.h5" -method exact -previous "$tmp/prev.h5" -swap_budget_mb "$B"
check_prev "$tmp/b.h5" "$tmp/budget.h5" "$tmp/prev.h5"
read_churn got "$tmp/b.h5" "$tmp/budget.h5" "$tmp/prev.h5"
$PY - "$tmp/budget.h5" "$B" "${got[0]}" "${got[1]}" "$tmp/prev.h5" <<'PYEOF' || fail "budgeted result"
import sys, h5py, hashlib
path, B, c0, c1, prev = sys.argv[1], float(sys.argv[2]), float(sys.argv[3]), float(sys.argv[4]), sys.argv[5]
with h5py.File(path, "r") as r:
    assert c0 <= B and c1 <= B, (c0, c1, B)
    stated = r["churn/cluster_mb"][()]
    assert abs(stated[0] - c0) <= 1e-9 and abs(stated[1] - c1) <= 1e-9, (stated, c0, c1)
    assert abs(r["churn"].attrs["total_mb"] - (c0 + c1)) <= 1e-9
    assert r.attrs["swap_budget_mb"] == B and "swap_budget_total_mb" not in r.attrs
    assert r.attrs["previous_sha256"].decode() == hashlib.sha256(open(prev, "rb").read()).hexdigest()
PYEOF

# budget 0: the exact re-plan loads no model the previous plan did not hold (the free one did)
[ "${free[2]}" -gt 0 ] || fail "the unbudgeted re-plan loads no new model"
run 1 -i "$tmp/b.h5" -o "$tmp/zero.h5" -method exact -previous "$tmp/prev.h5" -swap_budget_mb 0 -swap_budget_total_mb 0
check_prev "$tmp/b.h5" "$tmp/zero.h5" "$tmp/prev.h5"
read_churn zero "$tmp/b.h5" "$tmp/zero.h5" "$tmp/prev.h5"
[ "${zero[2]}" -eq 0 ] || fail "budget 0 loaded ${zero[2]} models the previous plan did not hold"

# the distributed methods read the previous plan by blocks of clusters: J3O on 2 ranks without a
# budget, and bound and cloud-only (no onloading) under budget 0, each with the churn recomputed here
for m in "j3o" "bound -swap_budget_mb 0" "cloud-only -swap_budget_total_mb 0"; do
  run 2 -i "$tmp/b.h5" -o "$tmp/m.h5" -previous "$tmp/prev.h5" -j3o_quiet -method $m
  check_prev "$tmp/b.h5" "$tmp/m.h5" "$tmp/prev.h5"
  read_churn mc "$tmp/b.h5" "$tmp/m.h5" "$tmp/prev.h5"
  $PY -c "
import h5py; c = h5py.File('$tmp/m.h5', 'r')['churn/cluster_mb'][()]
assert list(c) == [${mc[0]}, ${mc[1]}], (list(c), ${mc[0]}, ${mc[1]})" || fail "-method $m: stated churn"
done
[ "${mc[2]}" -eq 0 ] || fail "cloud-only loaded a model"

# tampered: a result over its budget, and over a total budget
tamper() { cp "$tmp/$1" "$tmp/t.h5" && $PY -c "import h5py; f = h5py.File('$tmp/t.h5', 'r+'); $2" || fail "tamper $2"; }
reject() {
  bin/j3o-check "$tmp/b.h5" "$tmp/t.h5" -previous "${2:-$tmp/prev.h5}" > "$tmp/check" 2>&1; local rc=$?
  [ $rc -eq 1 ] && grep -q "$1" "$tmp/check" || { cat "$tmp/check"; fail "j3o-check exited $rc without '$1'"; }
}
tamper free.h5 "f.attrs['swap_budget_mb'] = $B"
reject "^constraint 12: edge"
tamper free.h5 "f.attrs['swap_budget_total_mb'] = f['churn'].attrs['total_mb'] / 2"
reject "^constraint 13: total churn"
tamper budget.h5 "f['churn/cluster_mb'][0] += 1"
reject "^churn: edge 0: stated"
# the wrong previous plan: another valid result (a different SHA-256): one line, exit 2; so is a
# -previous for a result that was not re-planned
bin/j3o-check "$tmp/b.h5" "$tmp/budget.h5" -previous "$tmp/free.h5" > "$tmp/check" 2>&1; rc=$?
[ $rc -eq 2 ] && [ "$(wc -l < "$tmp/check")" -eq 1 ] && grep -q "^j3o: $tmp/budget.h5: /@previous_sha256: [0-9a-f]*, but $tmp/free.h5 has SHA-256 [0-9a-f]*: the result was re-planned from another plan$" "$tmp/check" || { cat "$tmp/check"; fail "the wrong previous plan: exit $rc"; }
bin/j3o-check "$tmp/a.h5" "$tmp/j3o.h5" -previous "$tmp/prev.h5" > "$tmp/check" 2>&1; rc=$?
[ $rc -eq 2 ] && [ "$(wc -l < "$tmp/check")" -eq 1 ] && grep -q "/@previous_sha256: absent" "$tmp/check" || { cat "$tmp/check"; fail "-previous for a plan that is no re-plan: exit $rc"; }
# a re-plan checked without -previous: one line, exit 2
bin/j3o-check "$tmp/b.h5" "$tmp/budget.h5" > "$tmp/check" 2>&1; rc=$?
[ $rc -eq 2 ] && grep -q "pass -previous" "$tmp/check" && [ "$(wc -l < "$tmp/check")" -eq 1 ] || { cat "$tmp/check"; fail "j3o-check without -previous exited $rc"; }

# j3o-check with a -previous that is no result: one line naming it, exit 2
bin/j3o-check "$tmp/b.h5" "$tmp/budget.h5" -previous "$tmp/a.h5" > "$tmp/check" 2>&1; rc=$?
[ $rc -eq 2 ] && grep -q "a.h5: /@format" "$tmp/check" && [ "$(wc -l < "$tmp/check")" -eq 1 ] || { cat "$tmp/check"; fail "j3o-check -previous INSTANCE exited $rc"; }

# refusals: different sizes, different names (through the previous result's own instance), not a
# result, budgets without -previous, -o = -previous (every method honours the budgets)
bin/j3o-gen -o "$tmp/c.h5" -family paper -seed 3 -edges 3 -clients_per_edge 3 > /dev/null || fail "j3o-gen c"
expect_refusal "$tmp/x.h5" -i "$tmp/c.h5" -previous "$tmp/prev.h5"
grep -q "prev.h5: /onload/client: has 6 rows but the instance has 9 clients" "$tmp/err" || fail "sizes message: $(cat "$tmp/err")"
cp "$tmp/b.h5" "$tmp/renamed.h5" && $PY -c "
import h5py; f = h5py.File('$tmp/a.h5', 'r'); n = [s.decode() for s in f['tasks/name'][()]]
g = h5py.File('$tmp/renamed.h5', 'r+'); del g['tasks/name']; g['tasks/name'] = [s.encode() for s in ['other'] + n[1:]]" || fail "rename"
expect_refusal "$tmp/x.h5" -i "$tmp/renamed.h5" -previous "$tmp/prev.h5"
grep -q "names task 0" "$tmp/err" || fail "names message: $(cat "$tmp/err")"
expect_refusal "$tmp/x.h5" -i "$tmp/b.h5" -previous "$tmp/a.h5"
grep -q "j3o-result" "$tmp/err" || fail "not-a-result message: $(cat "$tmp/err")"
expect_refusal "$tmp/x.h5" -i "$tmp/b.h5" -swap_budget_mb 10
grep -q "needs -previous" "$tmp/err" || fail "budget without -previous: $(cat "$tmp/err")"
sum=$(sha256sum < "$tmp/prev.h5")
bin/j3o -i "$tmp/b.h5" -o "$tmp/prev.h5" -previous "$tmp/prev.h5" > "$tmp/out" 2> "$tmp/err" && fail "-o equal to -previous accepted"
grep -q "is the previous plan" "$tmp/err" || fail "-o = -previous message: $(cat "$tmp/err")"
[ "$(sha256sum < "$tmp/prev.h5")" = "$sum" ] || fail "the previous plan was modified"
# paths beyond ASCII (a user's own folder names): the results record them, j3o-check and the Python
# package read them, and a copy written by the package checks too
mkdir "$tmp/pläne" && cp "$tmp/a.h5" "$tmp/pläne/früh.h5" && cp "$tmp/b.h5" "$tmp/pläne/spät.h5" || fail "copies"
run 2 -i "$tmp/pläne/früh.h5" -o "$tmp/pläne/plan-früh.h5"
run 2 -i "$tmp/pläne/spät.h5" -o "$tmp/pläne/plan-spät.h5" -previous "$tmp/pläne/plan-früh.h5" -swap_budget_mb 10
check_prev "$tmp/pläne/spät.h5" "$tmp/pläne/plan-spät.h5" "$tmp/pläne/plan-früh.h5"
$PY - "$tmp/pläne" <<'PY' || fail "the Python package on non-ASCII paths"
import sys
sys.path.insert(0, "python")
import j3o
d = sys.argv[1]
r = j3o.read_result(d + "/plan-spät.h5")
assert r.instance.endswith("/spät.h5") and r.previous.endswith("/plan-früh.h5"), (r.instance, r.previous)
j3o.write_result(r, d + "/kopie.h5")
PY
check_prev "$tmp/pläne/spät.h5" "$tmp/pläne/kopie.h5" "$tmp/pläne/plan-früh.h5"
# a deployment re-imported with its edges.csv rows in another order: the plan's rows would land on
# other devices, so the edge names must match row by row
cp -r examples/campus "$tmp/site" && bin/j3o-import "$tmp/site" -o "$tmp/site.h5" -q || fail "import"
run 2 -i "$tmp/site.h5" -o "$tmp/site-plan.h5"
cp -r "$tmp/site" "$tmp/site-r" && { head -1 "$tmp/site/edges.csv"; tail -n +2 "$tmp/site/edges.csv" | tac; } > "$tmp/site-r/edges.csv"
bin/j3o-import "$tmp/site-r" -o "$tmp/site-r.h5" -q || fail "import of the re-sorted folder"
expect_refusal "$tmp/x.h5" -i "$tmp/site-r.h5" -previous "$tmp/site-plan.h5" -swap_budget_mb 0
grep -q 'its instance .*site.h5 names edge 0 "Library, level 2", this instance "Stadium" (/edges/name' "$tmp/err" \
  || fail "re-sorted edges message: $(cat "$tmp/err")"
echo "PASS test_replan_check"
