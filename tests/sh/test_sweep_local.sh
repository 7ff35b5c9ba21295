#!/usr/bin/env bash
# sweep-local.sh + sweep-run-line.sh + collect.py on a 3-line sweep: results checked, re-runs skip,
# a failing line leaves no result and is logged with its own message, a rejected result is re-run, the csv
# has the right rows.
set -uo pipefail
cd "$(dirname "$0")/../.." || exit 1
export J3O_BIN=${J3O_BIN:-$PWD/bin}
for b in j3o-gen j3o j3o-check; do
  [ -x "$J3O_BIN/$b" ] || { echo "test_sweep_local: $J3O_BIN/$b missing (make all)"; exit 1; }
done
tmp=$(mktemp -d /tmp/j3o-sweep.XXXXXX)
trap 'rm -rf "$tmp"' EXIT
export J3O_RESULTS=$tmp/results
fails=0
ok()  { echo "ok: $*"; }
bad() { echo "FAIL: $*"; fails=$((fails+1)); }

sweep=$tmp/local3.txt
cat > "$sweep" <<'S'
# two runs on one shared instance and one that must fail (unknown method)
name=t-j3o   family=paper seed=1 method=j3o   ranks=2 edges=2 clients_per_edge=3 tasks=3 models=5

name=t-exact family=paper seed=1 method=exact ranks=1 edges=2 clients_per_edge=3 tasks=3 models=5 opts="-time_limit 30"
name=t-bad   family=paper seed=1 method=no-such-method edges=2 clients_per_edge=3 tasks=3 models=5  # fails
S
out=$tmp/results/local3
inst=$out/instances/paper-e2-c3-t3-m5-s1.h5

[ "$(scripts/sweep-run-line.sh --count "$sweep")" -eq 3 ] && ok "3 run lines counted" || bad "--count"

scripts/sweep-local.sh "$sweep" -j 2 > "$tmp/run1.txt" 2>&1
rc=$?
[ $rc -eq 1 ] && ok "first run exits 1 (one line failed)" || { bad "first run exit $rc"; cat "$tmp/run1.txt"; }
for n in t-j3o t-exact; do
  if [ -f "$out/$n.h5" ] && "$J3O_BIN/j3o-check" "$inst" "$out/$n.h5" >/dev/null 2>&1; then ok "$n.h5 valid"
  else bad "$n.h5 missing or invalid"; cat "$out/logs/$n.log" 2>/dev/null; fi
done
[ ! -e "$out/t-bad.h5" ] && ok "failed line left no result" || bad "t-bad.h5 exists"
[ -z "$(find "$out" -maxdepth 1 \( -name '*.part.h5' -o -name '*.tmp.h5' \))" ] && ok "no partial files" || bad "partial files: $(ls -A "$out")"
[ "$(ls "$out/instances" | wc -l)" -eq 1 ] && [ -f "$inst" ] && ok "one shared instance" || bad "instances: $(ls -A "$out/instances")"
if [ "$(wc -l < "$out/failures.log")" -eq 1 ] && grep -q "t-bad.*line 3.*j3o exited" "$out/failures.log"; then ok "failures.log names t-bad and why"
else bad "failures.log:"; cat "$out/failures.log"; fi

# a solve that fails after its banner: failures.log gives the failure's own line, not the banner
mkdir "$tmp/fakebin" && cp "$J3O_BIN"/j3o-gen "$J3O_BIN"/j3o-check "$J3O_BIN"/j3o-derive "$tmp/fakebin/"
cat > "$tmp/fakebin/j3o" <<'FAKE'
#!/bin/sh
echo "j3o: in.h5: 2 edges, 6 clients, 3 tasks, 5 models, 0 duty cycles; method j3o on 2 ranks"
echo "j3o: the planted failure" >&2
exit 1
FAKE
chmod +x "$tmp/fakebin/j3o"
J3O_BIN=$tmp/fakebin J3O_RESULTS=$tmp/results-fake scripts/sweep-run-line.sh "$sweep" 1 > "$tmp/runf.txt" 2>&1
if grep -q "t-j3o.*line 1.*j3o exited with 1: j3o: the planted failure (log: " "$tmp/results-fake/local3/failures.log" 2>/dev/null; then
  ok "failures.log quotes a failure after the banner"
else bad "failures.log after a banner:"; cat "$tmp/runf.txt" "$tmp/results-fake/local3/failures.log"; fi

# re-run: valid results are skipped (untouched), the bad line fails again
before=$(stat -c %Y.%i "$out/t-j3o.h5" "$out/t-exact.h5")
sleep 1
scripts/sweep-local.sh "$sweep" -j 1 > "$tmp/run2.txt" 2>&1
[ "$(grep -c 'valid result exists, skipped' "$tmp/run2.txt")" -eq 2 ] && ok "re-run skipped 2 lines" || { bad "re-run did not skip"; cat "$tmp/run2.txt"; }
[ "$before" = "$(stat -c %Y.%i "$out/t-j3o.h5" "$out/t-exact.h5")" ] && ok "skipped results untouched" || bad "results rewritten"
[ "$(wc -l < "$out/failures.log")" -eq 2 ] && ok "second failure appended" || bad "failures.log has $(wc -l < "$out/failures.log") lines"

# a line edited after its result was made runs again, saying so; a line that only moved is skipped
# and its new run-line number recorded (collect's `line`)
sed -i 's/^name=t-exact \(.*\)-time_limit 30"/name=t-exact \1-time_limit 31"/' "$sweep"
scripts/sweep-run-line.sh "$sweep" 2 > "$tmp/runl.txt" 2>&1 && grep -qF "t-exact: its sweep line changed since the result was made" "$tmp/runl.txt" \
  && grep -qF -- '-time_limit 31' "$out/lines/t-exact.txt" && ok "edited line re-run" || { bad "edited line"; cat "$tmp/runl.txt"; }
sed -i '1a name=t-new family=paper seed=2 method=greedy edges=2 clients_per_edge=3 tasks=3 models=5' "$sweep"
scripts/sweep-run-line.sh "$sweep" 2 > "$tmp/runm.txt" 2>&1
grep -qF "t-j3o: valid result exists, skipped" "$tmp/runm.txt" && [ "$(head -1 "$out/lines/t-j3o.txt")" = "# run line 2" ] \
  && ok "moved line skipped, its new number kept" || { bad "moved line"; cat "$tmp/runm.txt" "$out/lines/t-j3o.txt"; }
sed -i '2d' "$sweep"
scripts/sweep-run-line.sh "$sweep" 1 > /dev/null 2>&1 # its number back to 1

# a result the checker rejects is run again
echo garbage > "$out/t-exact.h5"
scripts/sweep-run-line.sh "$sweep" 2 > "$tmp/run3.txt" 2>&1 && "$J3O_BIN/j3o-check" "$inst" "$out/t-exact.h5" >/dev/null 2>&1 \
  && ok "rejected result re-run" || { bad "rejected result not re-run"; cat "$tmp/run3.txt"; }

# bad sweep lines are refused before anything runs; a run named summary would be collect's summary.h5
printf 'name=summary family=paper seed=1 method=j3o\n' > "$tmp/badname.txt"
scripts/sweep-local.sh "$tmp/badname.txt" > "$tmp/runn.txt" 2>&1
[ $? -eq 2 ] && grep -qF "name 'summary' is collect.py's R/summary.h5" "$tmp/runn.txt" && ok "name summary refused" || { bad "name summary accepted"; cat "$tmp/runn.txt"; }
printf 'name=x family=paper seed=1 method=j3o colour=blue\n' > "$tmp/badkey.txt"
scripts/sweep-local.sh "$tmp/badkey.txt" > "$tmp/run4.txt" 2>&1
[ $? -eq 2 ] && grep -q "unknown key 'colour'" "$tmp/run4.txt" && [ ! -d "$tmp/results/badkey" ] && ok "unknown key refused" || { bad "bad key accepted"; cat "$tmp/run4.txt"; }
scripts/sweep-run-line.sh "$sweep" 4 > "$tmp/run5.txt" 2>&1
[ $? -eq 2 ] && grep -q "has no run line 4" "$tmp/run5.txt" && ok "line index past the end refused" || bad "line 4 accepted"

# collect: two rows, a non-result file skipped with a warning, j3o relative to exact
/usr/bin/python3 -c 'import h5py,sys; h5py.File(sys.argv[1],"w").attrs["format"]="something-else"' "$out/stray.h5"
scripts/collect.py "$out" --table "$out/table.md" > "$tmp/collect.txt" 2>&1 || { bad "collect.py failed"; cat "$tmp/collect.txt"; }
grep -q "stray.h5: format attribute is 'something-else'" "$tmp/collect.txt" && ok "stray file skipped with a warning" || bad "no warning for stray.h5"
/usr/bin/python3 - "$out" "$J3O_BIN" <<'PY' && ok "summary.csv/h5 rows and relative columns" || bad "summary contents"
import csv, sys, math, h5py
out = sys.argv[1]
rows = list(csv.DictReader(open(out + "/summary.csv")))
names = sorted(r["run"] for r in rows)
assert names == ["t-exact", "t-j3o"], names
r = {x["run"]: x for x in rows}
for x in rows:
    assert x["family"] == "paper" and x["seed"] == "1", x
    assert (x["edges"], x["clients"], x["tasks"], x["models"], x["K"], x["batching"]) == ("2", "6", "3", "5", "0", "0"), x
    with h5py.File(out + "/" + x["run"] + ".h5", "r") as f:
        acc = float(f["summary"].attrs["accuracy"]); wall = float(f["summary"].attrs["wall_s"])
    assert abs(float(x["accuracy"]) - acc) < 1e-9 and abs(float(x["wall_s"]) - wall) < 1e-9, x
ex, jo = r["t-exact"], r["t-j3o"]
assert (ex["method"], ex["ranks"], jo["method"], jo["ranks"]) == ("exact", "1", "j3o", "2"), (ex, jo)
assert float(ex["acc_pct_of_exact"]) == 100.0 and float(ex["time_pct_of_exact"]) == 100.0
want = 100 * float(jo["accuracy"]) / float(ex["accuracy"]) if float(ex["accuracy"]) > 0 else 100.0
assert abs(float(jo["acc_pct_of_exact"]) - want) < 1e-6, (jo["acc_pct_of_exact"], want)
# exact is optimal here, so nothing beats it (checker slack only)
if ex["status"] == "optimal":
    assert float(jo["acc_pct_of_exact"]) <= 100 + 1e-4, jo
assert abs(float(jo["time_pct_of_exact"]) - 100 * float(jo["wall_s"]) / float(ex["wall_s"])) < 1e-6 * max(1, float(jo["time_pct_of_exact"]))
with h5py.File(out + "/summary.h5", "r") as f:
    s = f["summary"][()]
    assert f.attrs["format"] in (b"j3o-summary", "j3o-summary") and len(s) == 2
    assert sorted(x.decode() for x in s["run"]) == names
tab = open(out + "/table.md").read()
assert "| j3o | off | 1 |" in tab and "| exact | off | 1 |" in tab, tab
PY

[ $fails -eq 0 ] && echo "test_sweep_local: PASS" || echo "test_sweep_local: $fails failed"
exit $((fails > 0))
