#!/usr/bin/env bash
# Sweep lines with previous=RESULT (relative to the sweep file): passed to j3o and j3o-check as
# -previous with its absolute path, so a budget of 0 loads nothing new; a missing file is refused by
# --check; a re-run skips; a replaced previous plan makes the line run again; collect.py's re-plan
# columns.
set -uo pipefail
cd "$(dirname "$0")/../.." || exit 1
source tests/sh/lib.sh
export J3O_RESULTS=$tmp/results
for b in j3o j3o-gen j3o-check j3o-derive; do [ -x "bin/$b" ] || fail "bin/$b missing (make all)"; done
mkdir -p "$tmp/study"
bin/j3o-gen -o "$tmp/base.h5" -family paper -seed 3 -edges 3 > /dev/null || fail "j3o-gen"
scripts/trace.py "$tmp/base.h5" "$tmp/study/t" -steps 2 -flash 0 -drift 0.3 -seed 2 2> /dev/null || fail "trace.py"
run 1 -i "$tmp/study/t/step-00.h5" -o "$tmp/study/plan.h5" -method exact -j3o_quiet
sweep=$tmp/study/re.txt
cat > "$sweep" <<'S'
name=frozen instance=t/step-01.h5 method=exact previous=plan.h5 opts="-swap_budget_mb 0 -j3o_quiet"
name=free   instance=t/step-01.h5 method=exact previous=plan.h5
name=cold   instance=t/step-01.h5 method=exact
S
# run from the sweep's folder with a relative sweep path: the recorded previous path is still absolute
(cd "$tmp/study" && "$OLDPWD/scripts/sweep-local.sh" re.txt) > "$tmp/run1" 2>&1 || { cat "$tmp/run1" "$J3O_RESULTS"/re/logs/*.log; fail "sweep"; }
out=$J3O_RESULTS/re
$PY - "$out" "$tmp/study/plan.h5" <<'PY' || fail "results"
import hashlib, sys
import h5py
out, plan = sys.argv[1:]
sha = hashlib.sha256(open(plan, "rb").read()).hexdigest()
with h5py.File(plan, "r") as f:
    px, py = f["onload/client"][()], f["onload/edge"][()]
churn = {}
for name in ("frozen", "free"):
    with h5py.File("%s/%s.h5" % (out, name), "r") as f:
        assert f.attrs["previous"].decode().strip("\0") == plan, f.attrs["previous"]     # absolute
        assert f.attrs["previous_sha256"].decode().strip("\0") == sha
        churn[name] = float(f["churn"].attrs["total_mb"])
        new = ((f["onload/client"][()] == 1) & (px == 0)).sum() + ((f["onload/edge"][()] == 1) & (py == 0)).sum()
    if name == "frozen":
        assert churn[name] == 0 and new == 0, (churn, new)       # budget 0: nothing the plan did not hold
assert churn["free"] > 0, churn                                 # so the budget of 0 binds
PY
bin/j3o-check "$tmp/study/t/step-01.h5" "$out/frozen.h5" > "$tmp/chk" 2>&1 && { cat "$tmp/chk"; fail "j3o-check without -previous accepted a re-plan"; }
echo "ok: previous= reached j3o and j3o-check; budget 0 loads nothing new"

# collect: the re-plan columns, recomputed here from the result files
scripts/collect.py "$out" > "$tmp/collect" 2>&1 || { cat "$tmp/collect"; fail "collect"; }
$PY - "$out" "$tmp/study/plan.h5" <<'PY' || fail "collect's re-plan columns"
import csv, math, sys
import h5py
out, plan = sys.argv[1:]
rows = {r["run"]: r for r in csv.DictReader(open(out + "/summary.csv"))}
for name in ("frozen", "free"):
    with h5py.File("%s/%s.h5" % (out, name), "r") as f:
        assert rows[name]["previous"] == plan and rows[name]["previous_sha256"] == f.attrs["previous_sha256"].decode()
        assert math.isclose(float(rows[name]["churn_mb"]), float(f["churn"].attrs["total_mb"]), rel_tol=1e-9), rows[name]
assert float(rows["frozen"]["swap_budget_mb"]) == 0 and math.isnan(float(rows["free"]["swap_budget_mb"]))
assert all(math.isnan(float(rows[n]["swap_budget_total_mb"])) for n in rows)
assert rows["cold"]["previous"] == "" and math.isnan(float(rows["cold"]["churn_mb"])), rows["cold"]
with h5py.File(out + "/summary.h5", "r") as f:
    s = {r["run"].decode(): r for r in f["summary"][()]}
assert s["free"]["previous"].decode() == plan and math.isclose(s["free"]["churn_mb"], float(rows["free"]["churn_mb"]), rel_tol=1e-9)
PY
echo "ok: collect's previous, budget and churn columns"

scripts/sweep-local.sh "$sweep" > "$tmp/run2" 2>&1 || { cat "$tmp/run2"; fail "re-run"; }
[ "$(grep -c 'valid result exists, skipped' "$tmp/run2")" -eq 3 ] || { cat "$tmp/run2"; fail "re-run did not skip"; }
# another previous plan at the same path: the results no longer check, both lines run again
run 1 -i "$tmp/study/t/step-00.h5" -o "$tmp/study/plan.h5" -method greedy -j3o_quiet
scripts/sweep-local.sh "$sweep" > "$tmp/run3" 2>&1 || { cat "$tmp/run3"; fail "re-run after a new plan"; }
[ "$(grep -c 'existing result rejected by j3o-check, re-running' "$tmp/run3")" -eq 2 ] || { cat "$tmp/run3"; fail "a new plan did not re-run"; }
echo "ok: a re-run skips; a replaced previous plan runs the lines again"

printf 'name=x instance=t/step-01.h5 method=exact previous=nope.h5\n' > "$tmp/study/bad.txt"
scripts/sweep-run-line.sh --check "$tmp/study/bad.txt" > "$tmp/bad" 2>&1; rc=$?
[ $rc -eq 2 ] && grep -q "run line 1: previous 'nope.h5': no such file" "$tmp/bad" || { cat "$tmp/bad"; fail "missing previous: want exit 2 (got $rc)"; }
scripts/sweep-local.sh "$tmp/study/bad.txt" > "$tmp/bad" 2>&1; rc=$?
[ $rc -eq 2 ] && [ ! -e "$J3O_RESULTS/bad" ] || { cat "$tmp/bad"; fail "sweep-local ran a sweep with a missing previous (exit $rc)"; }
echo "ok: a missing previous file is refused before anything runs"
