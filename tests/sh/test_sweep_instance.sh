#!/usr/bin/env bash
# Local sweep over an imported instance: instance= (relative to the sweep file) and scale= lines run on
# cached copies and derived instances that record their base and factors; bad lines are refused;
# collect.py puts the factors in columns; halving a capacity never raises the exact optimum.
set -uo pipefail
cd "$(dirname "$0")/../.." || exit 1
source tests/sh/lib.sh
export OMPI_MCA_rmaps_base_oversubscribe=1 J3O_RESULTS=$tmp/results
for b in j3o j3o-check j3o-import j3o-derive; do [ -x "bin/$b" ] || fail "bin/$b missing (make all)"; done
mkdir -p "$tmp/study/data"
bin/j3o-import examples/campus -o "$tmp/study/data/campus.h5" -q || fail "import"
cp "$tmp/study/data/campus.h5" "$tmp/pristine.h5"
sweep=$tmp/study/what.txt
cat > "$sweep" <<'S'
name=base     instance=data/campus.h5 method=exact
name=half-bh  instance=data/campus.h5 method=exact scale=/edges/backhaul_mb_s:0.5
name=half-cl  instance=data/campus.h5 method=exact scale=/cloud@gflops:0.5 scale=/clients/demand:1
name=busy-j3o instance=data/campus.h5 method=j3o ranks=2 scale=/clients/demand:1.5
S
scripts/sweep-run-line.sh --check "$sweep" > "$tmp/check" 2>&1 || { cat "$tmp/check"; fail "--check refused a good sweep"; }
(cd / && scripts_dir=$OLDPWD && "$scripts_dir/scripts/sweep-local.sh" "$sweep" -j 2) > "$tmp/run1" 2>&1 || { cat "$tmp/run1"; cat "$J3O_RESULTS"/what/logs/*.log; fail "sweep"; }
echo "ok: 4 lines ran from another working directory"
out=$J3O_RESULTS/what
sum=$(sha256sum < "$tmp/study/data/campus.h5"); sum=${sum:0:12}
want="campus-$sum.h5
campus-$sum-clients.demandx1-cloud@gflopsx0.5.h5
campus-$sum-clients.demandx1.5.h5
campus-$sum-edges.backhaul_mb_sx0.5.h5"
[ "$(ls "$out/instances" | sort)" = "$(sort <<< "$want")" ] || { ls "$out/instances"; fail "instance files"; }
cmp -s "$tmp/pristine.h5" "$tmp/study/data/campus.h5" || fail "the base instance was modified"
cmp -s "$tmp/pristine.h5" "$out/instances/campus-$sum.h5" || fail "the cached base is not a copy"
echo "ok: one cached copy and three derived instances, base untouched"

# a second run skips every line
scripts/sweep-local.sh "$sweep" -j 1 > "$tmp/run2" 2>&1 || fail "re-run"
[ "$(grep -c 'valid result exists, skipped' "$tmp/run2")" -eq 4 ] || { cat "$tmp/run2"; fail "re-run did not skip"; }
echo "ok: re-run skipped 4 lines"

scripts/collect.py "$out" > "$tmp/collect" 2>&1 || { cat "$tmp/collect"; fail "collect"; }
$PY - "$out" "$tmp/study/data/campus.h5" <<'PY' || fail "results"
import csv, sys
sys.path.insert(0, "python")
import j3o
out, base = sys.argv[1:]
rows = {r["run"]: r for r in csv.DictReader(open(out + "/summary.csv"))}
cols = ["scale:/clients/demand", "scale:/cloud@gflops", "scale:/edges/backhaul_mb_s"]
head = open(out + "/summary.csv").readline().strip().split(",")
assert head[-4:] == cols + ["base_sha256"], head
want = {"base": (1, 1, 1), "half-bh": (1, 1, 0.5), "half-cl": (1, 0.5, 1), "busy-j3o": (1.5, 1, 1)}
sha = j3o.sha256(base)
for run, f in want.items():
    r = rows[run]
    assert tuple(float(r[c]) for c in cols) == f, (run, r)
    assert r["base_sha256"] == ("" if run == "base" else sha), r
    assert r["family"] == "" and r["seed"] == "" and r["clients"] == "40", r
assert [rows[k]["line"] for k in ("base", "half-bh", "half-cl", "busy-j3o")] == ["1", "2", "3", "4"], rows
# scenarios.png keeps the sweep file's order (the baseline first), not the names' order
sys.path.insert(0, "scripts")
import plot
assert [r["run"] for r in plot.scenario_rows(plot.load_rows(out))] == ["base", "half-bh", "half-cl", "busy-j3o"]
a = {k: float(r["accuracy"]) for k, r in rows.items()}
for k in ("base", "half-bh", "half-cl"):
    assert rows[k]["status"] == "optimal", rows[k]
# less capacity: the exact optimum cannot rise; on the campus both cuts bind
assert a["half-bh"] < a["base"] - 1e-4 and a["half-cl"] < a["base"] - 1e-4, a
# the derived file: its numbers are the base's times the factors, exactly
inst = j3o.read_instance(base)
d = j3o.read_instance(rows["half-bh"]["instance"])
assert (d.edge_backhaul_mb_s == inst.edge_backhaul_mb_s * 0.5).all() and (d.demand == inst.demand).all()
assert j3o.provenance(rows["busy-j3o"]["instance"])["scales"] == [("/clients/demand", 1.5)]
PY
echo "ok: summary.csv has the factors in columns; exact optima fall with the cuts"

# an instance edited after its result was made: the re-run says so. edited FILE LINE RUN: FILE's first
# backhaul doubled, then run line LINE (run RUN) must re-run naming the changed instance as the reason
edited() {
  $PY - "$1" <<'PY' || fail "edit $1"
import sys, h5py
with h5py.File(sys.argv[1], "r+") as f:
    f["edges/backhaul_mb_s"][0] *= 2
PY
  scripts/sweep-run-line.sh "$sweep" "$2" > "$tmp/changed" 2>&1 || { cat "$tmp/changed"; fail "re-run of $3 after $1 changed"; }
  grep -qF "sweep-run-line: what/$3: instance changed since the result was made" "$tmp/changed" \
    || { cat "$tmp/changed"; fail "$3: the changed instance not named as the reason for the re-run"; }
}
edited "$out/instances/campus-$sum-edges.backhaul_mb_sx0.5.h5" 2 half-bh # the cached derived copy
cp "$tmp/study/data/campus.h5" "$tmp/campus-saved.h5"
edited "$tmp/study/data/campus.h5" 1 base # the user's own instance= file: a new cached copy
cp "$tmp/campus-saved.h5" "$tmp/study/data/campus.h5"
echo "ok: a result of a changed instance is re-run, saying why (a cached copy or the user's own file edited)"

# refused before anything runs, each with the line and why
check_bad() {
  printf '%s\n' "$1" > "$tmp/study/bad.txt"
  scripts/sweep-run-line.sh --check "$tmp/study/bad.txt" > "$tmp/bad" 2>&1
  [ $? -eq 2 ] && grep -qF "run line 1: $2" "$tmp/bad" || { cat "$tmp/bad"; fail "not refused: $1"; }
}
check_bad "name=x instance=data/campus.h5 family=paper method=j3o" "instance= takes no family="
check_bad "name=x instance=data/nope.h5 method=j3o" "instance 'data/nope.h5': no such file"
check_bad "name=x instance=data/campus.h5 method=j3o scale=/edges/gflops" "scale '/edges/gflops': want DATASET:FACTOR"
check_bad "name=x instance=data/campus.h5 method=j3o scale=/edges/gflops:2 scale=/edges/gflops:3" "scale of /edges/gflops given twice"
check_bad "name=x method=j3o" "missing family= (or instance=)"
echo "ok: bad instance=/scale= lines refused"

# a scale the instance lacks fails the run, logged, no result
printf 'name=bad-scale instance=data/campus.h5 method=greedy scale=/edges/bandwidth:2\n' > "$tmp/study/what2.txt"
scripts/sweep-run-line.sh "$tmp/study/what2.txt" 1 > "$tmp/bad2" 2>&1
[ $? -eq 1 ] && grep -q "j3o-derive exited with 1: j3o-derive: scale /edges/bandwidth: the instance has no /edges/bandwidth" "$J3O_RESULTS/what2/failures.log" \
  && [ ! -e "$J3O_RESULTS/what2/bad-scale.h5" ] && [ -z "$(ls -A "$J3O_RESULTS/what2/instances" | grep -v "^campus-$sum.h5$")" ] \
  || { cat "$tmp/bad2" "$J3O_RESULTS/what2/failures.log"; ls -A "$J3O_RESULTS/what2/instances"; fail "bad scale"; }
echo "ok: an unknown dataset fails the run with the reason in failures.log"
echo "test_sweep_instance: PASS"
