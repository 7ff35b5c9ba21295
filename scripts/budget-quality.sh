#!/usr/bin/env bash
# J3O against the exact optimum under a churn budget that binds (docs/evaluation.md, "Quality under a
# churn budget"): for seeds 1-N of paper and paper-batch, the exact plan of the generated instance is
# the previous plan; the instance drifts by one step of scripts/trace.py (-drift D, no flash crowd);
# the exact re-plan without a budget gives the largest cluster churn C; with -swap_budget_mb C/2 (or,
# with TOTAL=1, -swap_budget_total_mb half the unbudgeted total churn) the exact MILP and J3O re-plan
# the drifted instance from the same previous plan. An instance whose unbudgeted re-plan loads nothing
# new has no budget that binds and is counted apart. Prints mean / min % of exact per family.
# Usage: scripts/budget-quality.sh [N] [J3O OPTIONS...]   (default N = 20; DRIFT=0.1, TOTAL=0)
set -euo pipefail
cd "$(dirname "$0")/.."
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1
MPIRUN=${MPIRUN:-mpirun --oversubscribe}
PY=/usr/bin/python3
n=${1:-20}; shift || true
drift=${DRIFT:-0.1}
total=${TOTAL:-0}
out=${J3O_RESULTS:-$PWD/results}/budget-quality; mkdir -p "$out"
churn() { # CHURN_ATTR RESULT: the largest cluster churn, or the total
  $PY - "$1" "$2" <<'PYEOF'
import sys, h5py
with h5py.File(sys.argv[2], "r") as f:
    print(repr(float(f["churn"].attrs["total_mb"] if sys.argv[1] == "total" else f["churn/cluster_mb"][...].max())))
PYEOF
}
for fam in paper paper-batch; do
  for s in $(seq 1 "$n"); do
    p="$out/$fam-$s"
    [ -f "$p-base.h5" ] || bin/j3o-gen -o "$p-base.h5" -family "$fam" -seed "$s" >/dev/null
    [ -f "$p-trace/step-01.h5" ] || bin/j3o-trace "$p-base.h5" "$p-trace" -steps 2 -drift "$drift" -flash 0 -seed "$s" -force >/dev/null
    [ -f "$p-prev.h5" ] || $MPIRUN -n 1 bin/j3o -i "$p-trace/step-00.h5" -o "$p-prev.h5" -method exact -j3o_quiet >/dev/null
    [ -f "$p-free.h5" ] || $MPIRUN -n 1 bin/j3o -i "$p-trace/step-01.h5" -o "$p-free.h5" -method exact -previous "$p-prev.h5" -j3o_quiet >/dev/null
    if [ "$total" = 1 ]; then kind=total; opt=-swap_budget_total_mb; else kind=cluster; opt=-swap_budget_mb; fi
    c=$(churn "$kind" "$p-free.h5")
    if ! $PY -c "import sys; sys.exit(0 if float(sys.argv[1]) > 0 else 1)" "$c"; then echo "$fam $s: no churn without a budget" >"$p-$kind-none"; continue; fi
    b=$($PY -c "import sys; print(repr(float(sys.argv[1]) / 2))" "$c")
    [ -f "$p-$kind-exact.h5" ] || $MPIRUN -n 1 bin/j3o -i "$p-trace/step-01.h5" -o "$p-$kind-exact.h5" -method exact -previous "$p-prev.h5" $opt "$b" -j3o_quiet >/dev/null
    $MPIRUN -n 2 bin/j3o -i "$p-trace/step-01.h5" -o "$p-$kind-j3o.h5" -previous "$p-prev.h5" $opt "$b" -j3o_quiet -force "$@" >/dev/null
    bin/j3o-check "$p-trace/step-01.h5" "$p-$kind-j3o.h5" -previous "$p-prev.h5" >/dev/null
    bin/j3o-check "$p-trace/step-01.h5" "$p-$kind-exact.h5" -previous "$p-prev.h5" >/dev/null
  done
done
$PY - "$out" "$n" "$total" <<'PYEOF'
import sys, os, h5py
out, n, kind = sys.argv[1], int(sys.argv[2]), "total" if sys.argv[3] == "1" else "cluster"
for fam in ("paper", "paper-batch"):
    r, none, open_ = [], 0, 0
    for s in range(1, n + 1):
        p = f"{out}/{fam}-{s}-{kind}"
        if os.path.exists(p + "-none"):
            none += 1
            continue
        e = h5py.File(p + "-exact.h5", "r")["summary"].attrs
        j = h5py.File(p + "-j3o.h5", "r")["summary"].attrs
        if e["status"].decode() != "optimal": open_ += 1
        r.append(100 * j["accuracy"] / e["accuracy"])
    if r:
        print(f"{fam} ({kind} budget): J3O mean {sum(r) / len(r):.3f} % / min {min(r):.3f} % of exact over {len(r)} instances"
              f" ({none} without churn to bind, {open_} exact not proven optimal)")
    else:
        print(f"{fam} ({kind} budget): no instance with churn to bind ({none})")
PYEOF
