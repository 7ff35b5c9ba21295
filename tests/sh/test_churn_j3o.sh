#!/usr/bin/env bash
# Re-planning with the J3O method under churn budgets: a drifted instance re-planned from the exact
# optimum of the base one, under a per-cluster budget B and a total budget G that bind. Every result
# passes j3o-check -previous; churn (recomputed here with h5py) is within the budgets; the bound is
# at least the exact optimum under the same budget, which is at least J3O's accuracy, at least 0.98
# of it; under G the churn price ends positive; budget 0 loads no model the previous plan did not
# hold, and a budget below the smallest model gives budget 0's answer; the greedy baseline keeps
# within the budgets too.
set -u
cd "$(dirname "$0")/../.."
. tests/sh/lib.sh

summary() { $PY -c "import h5py,sys; s=h5py.File(sys.argv[1],'r')['summary'].attrs; print('%.17g %.17g' % (s['accuracy'], s['upper_bound']))" "$1" || fail "summary of $1"; }

private_bins
bin/j3o-gen -o "$tmp/a.h5" -family paper -seed 3 -edges 2 -clients_per_edge 3 > /dev/null || fail "j3o-gen"
run 2 -i "$tmp/a.h5" -o "$tmp/prev.h5" -method exact
bin/j3o-derive "$tmp/a.h5" -o "$tmp/b.h5" -scale /clients/demand:1.3 > /dev/null || fail "j3o-derive"
P=(-previous "$tmp/prev.h5")
run 1 -i "$tmp/b.h5" -o "$tmp/free.h5" -method exact "${P[@]}"
read_churn free "$tmp/b.h5" "$tmp/free.h5" "$tmp/prev.h5"
B=$($PY -c "print(max(${free[0]}, ${free[1]}) / 2)")
G=$($PY -c "print((${free[0]} + ${free[1]}) / 2)")
$PY -c "import sys; sys.exit(not $B > 0)" || fail "the unbudgeted re-plan loads nothing new: no budget can bind"

# compare EXACT J3O: bound >= exact >= J3O >= 0.98 exact; the exact optimum and J3O's bound are below the unbudgeted optimum
compare() {
  read -r ea eb <<< "$(summary "$1")"; read -r ja jb <<< "$(summary "$2")"; read -r fa fb <<< "$(summary "$tmp/free.h5")"
  $PY -c "
ea, ja, jb, fa = $ea, $ja, $jb, $fa
assert jb >= ea - 1e-9, ('bound', jb, 'below the exact optimum', ea)
assert ea >= ja - 1e-9, ('J3O', ja, 'above the exact optimum', ea)
assert ja >= 0.98 * ea, ('J3O', ja, 'below 0.98 of the exact optimum', ea)
assert ea < fa - 1e-6, ('the budget does not bind', ea, fa)
assert jb < fa - 1e-6, ('the bound', jb, 'ignores the budget: not below the unbudgeted optimum', fa)
" || fail "$2 against $1"
}

# per cluster (B: the largest cluster churn), then in total (G: the sum)
for kind in mb total_mb; do
  v=$B; [ $kind = mb ] || v=$G
  run 1 -i "$tmp/b.h5" -o "$tmp/e$kind.h5" -method exact "${P[@]}" -swap_budget_$kind "$v"
  run 2 -i "$tmp/b.h5" -o "$tmp/j$kind.h5" "${P[@]}" -swap_budget_$kind "$v"
  check_prev "$tmp/b.h5" "$tmp/j$kind.h5" "$tmp/prev.h5"
  read_churn got "$tmp/b.h5" "$tmp/j$kind.h5" "$tmp/prev.h5"
  $PY -c "import sys; c = [${got[0]}, ${got[1]}]; sys.exit(not (max(c) if '$kind' == 'mb' else sum(c)) <= $v)" || fail "J3O churn ${got[*]} over -swap_budget_$kind $v"
  compare "$tmp/e$kind.h5" "$tmp/j$kind.h5"
done
$PY - "$tmp/jtotal_mb.h5" <<'PYEOF' || fail "churn price under G"
import sys, h5py
with h5py.File(sys.argv[1], "r") as r:
    names = [n.decode() if isinstance(n, bytes) else n for n in r["shared/name"][()]]
    price = dict(zip(names, r["shared/price"][()]))
    assert price["churn_mb"] > 0, price
PYEOF

# budget 0 (per cluster, then total): no model the previous plan did not hold
for b in -swap_budget_mb -swap_budget_total_mb; do
  run 2 -i "$tmp/b.h5" -o "$tmp/j0.h5" "${P[@]}" $b 0
  check_prev "$tmp/b.h5" "$tmp/j0.h5" "$tmp/prev.h5"
  read_churn got "$tmp/b.h5" "$tmp/j0.h5" "$tmp/prev.h5"
  [ "${got[2]}" -eq 0 ] || fail "$b 0: J3O loads ${got[2]} models the previous plan did not hold"
  # a budget below the smallest model admits what 0 admits: the same answer (and no badly scaled
  # price row: a total of 1e-20 MB stopped Kelley's master LP; 1e-310, below the normal doubles, is
  # a number too)
  s0=$(summary "$tmp/j0.h5")
  v=1e-20; [ $b = -swap_budget_mb ] && v=1e-310
  run 2 -i "$tmp/b.h5" -o "$tmp/jt.h5" "${P[@]}" $b $v
  check_prev "$tmp/b.h5" "$tmp/jt.h5" "$tmp/prev.h5"
  [ "$(summary "$tmp/jt.h5")" = "$s0" ] || fail "$b $v: $(summary "$tmp/jt.h5") against $s0 at budget 0"
done
# nor a badly scaled knapsack row: a total of 1e-300 MB stopped the greedy's quota choice
run 2 -i "$tmp/b.h5" -o "$tmp/gt.h5" -method greedy "${P[@]}" -swap_budget_total_mb 1e-300
check_prev "$tmp/b.h5" "$tmp/gt.h5" "$tmp/prev.h5"

# the greedy baseline within each budget: at prices 0 it loads far more than G, so recovery's quota
# levels must cut churn by whole solves (a re-route keeps it)
for b in "-swap_budget_mb $B" "-swap_budget_total_mb $G"; do
  run 2 -i "$tmp/b.h5" -o "$tmp/g.h5" -method greedy "${P[@]}" $b
  check_prev "$tmp/b.h5" "$tmp/g.h5" "$tmp/prev.h5"
done
echo "PASS test_churn_j3o"
