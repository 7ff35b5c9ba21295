#!/usr/bin/env bash
# scripts/replan.sh on a 4-step trace of a 3-edge instance: 3 ways x 4 steps in the table, every result
# accepted by j3o-check (with -previous for the warm ways), the warm-budget way within its budgets per
# cluster and in all while the warm way is not, the churn column right, a re-run solving nothing, a re-solved step
# re-solving the steps after it, usage mistakes refused, and a failed solve reported by its own line.
set -uo pipefail
cd "$(dirname "$0")/../.." || exit 1
source tests/sh/lib.sh
# the warm-budget way's budgets, per cluster and in all (constraints 12-13); every way runs J3O, the default method
B=160 G=250
OPTS=(-swap_budget_mb "$B" -swap_budget_total_mb "$G" -j3o_quiet)
for b in j3o j3o-gen j3o-check; do [ -x "bin/$b" ] || fail "bin/$b missing (make all)"; done
bin/j3o-gen -o "$tmp/base.h5" -family paper -seed 4 -edges 3 > /dev/null || fail "j3o-gen"
scripts/trace.py "$tmp/base.h5" "$tmp/t" -steps 4 -flash 1 -seed 4 2> /dev/null || fail "trace.py"

scripts/replan.sh "$tmp/t" "${OPTS[@]}" > "$tmp/run1" 2>&1; rc=$?
[ $rc -eq 0 ] || { cat "$tmp/run1"; cat "$tmp"/t/replan/*/*.log; fail "replan.sh exited $rc"; }
[ "$(grep -c ': done$' "$tmp/run1")" -eq 10 ] || { cat "$tmp/run1"; fail "want 10 solves (step 0 once, 3 ways x 3 steps)"; }
echo "ok: 10 solves"

# every result, checked here again; the table against the files
$PY - "$tmp/t" "$B" "$G" <<'PY' || fail "table"
import csv, math, os, subprocess, sys
import h5py, numpy as np
t, B, G = sys.argv[1], float(sys.argv[2]), float(sys.argv[3])
rows = list(csv.DictReader(open(t + "/replan/table.csv")))
assert [(int(r["step"]), r["way"]) for r in rows] == [(s, w) for s in range(4) for w in ("warm-budget", "warm", "cold")], rows
md = open(t + "/replan/table.md").read().splitlines()
assert sum(1 for l in md if l.startswith("| ") and l[2].isdigit()) == 12, md
assert open(t + "/replan/replan.png", "rb").read(8) == b"\x89PNG\r\n\x1a\n"
mem = h5py.File(t + "/step-00.h5", "r")["models/memory_mb"][()]
def res(way, s):
    return "%s/replan/%s/step-%02d.h5" % (t, "cold" if s == 0 else way, s)
def plan(p):
    with h5py.File(p, "r") as f:
        return f["onload/client"][()], f["onload/edge"][()]
edge = h5py.File(t + "/step-00.h5", "r")["clients/edge"][()]
over = over_total = 0
for r in rows:
    s, way = int(r["step"]), r["way"]
    p = res(way, s)
    prev = res("cold" if s == 1 else way, s - 1) if s > 0 and way != "cold" else None
    cmd = ["bin/j3o-check", "%s/step-%02d.h5" % (t, s), p] + (["-previous", prev] if prev else [])
    out = subprocess.run(cmd, capture_output=True, text=True)
    assert out.returncode == 0, (cmd, out.stdout, out.stderr)
    with h5py.File(p, "r") as f:
        assert float(r["accuracy"]) == float("%.9g" % f["summary"].attrs["accuracy"]), r
        assert r["status"] == f["summary"].attrs["status"].decode().strip("\0"), r
        x, y = f["onload/client"][()], f["onload/edge"][()]
        cluster = f["churn/cluster_mb"][()] if "churn" in f else None
        assert (way == "cold" or s == 0) == (cluster is None), (way, s)  # -previous only for warm steps
    if s == 0:
        assert r["churn_mb"] == "" and r["models_loaded"] == "", r
        continue
    px, py = plan(res(way, s - 1))
    # churn per cluster by hand: client rows of the cluster plus its edge server
    mine = np.array([(((x[edge == e] == 1) & (px[edge == e] == 0)) @ mem).sum() + (((y[e] == 1) & (py[e] == 0)) @ mem)
                     for e in range(y.shape[0])])
    assert math.isclose(float(r["churn_mb"]), mine.sum(), rel_tol=1e-8, abs_tol=1e-9), (r, mine)
    assert int(r["models_loaded"]) == int(((x == 1) & (px == 0)).sum() + ((y == 1) & (py == 0)).sum()), r
    if cluster is not None:
        assert np.allclose(cluster, mine, rtol=1e-9, atol=1e-9), (cluster, mine)
    if way == "warm-budget":
        assert (mine <= B * (1 + 1e-6)).all() and mine.sum() <= G * (1 + 1e-6), (s, mine)
    if way == "warm":
        over += int((mine > B * (1 + 1e-6)).sum())
        over_total += int(mine.sum() > G * (1 + 1e-6))
assert over > 0 and over_total > 0      # without the budgets some cluster and some step load more: both bind
PY
echo "ok: 12 rows, every result valid, warm-budget churn <= $B MB per cluster and $G MB in all (warm exceeds both), churn by hand"

# a re-run solves nothing; a re-solved warm step 1 makes steps 2 and 3 of that way run again
cp "$tmp/t/replan/table.csv" "$tmp/table1.csv"
scripts/replan.sh "$tmp/t" "${OPTS[@]}" > "$tmp/run2" 2>&1 || { cat "$tmp/run2"; fail "re-run"; }
[ "$(grep -c 'valid result exists, skipped' "$tmp/run2")" -eq 10 ] && ! grep -q ': done$' "$tmp/run2" \
  || { cat "$tmp/run2"; fail "re-run solved again"; }
cmp -s "$tmp/table1.csv" "$tmp/t/replan/table.csv" || fail "re-run changed the table"
rm "$tmp/t/replan/warm/step-01.h5"
scripts/replan.sh "$tmp/t" "${OPTS[@]}" > "$tmp/run3" 2>&1 || { cat "$tmp/run3"; fail "re-run after a removal"; }
[ "$(grep ': done$' "$tmp/run3")" = "replan: warm step-01: done
replan: warm step-02: done
replan: warm step-03: done" ] || { cat "$tmp/run3"; fail "want warm steps 1-3 solved again, nothing else"; }
echo "ok: re-run skips all 10; a removed step re-solves its way's later steps"

# usage: no budget, an option replan.sh sets, a folder without a trace
# a bad budget value (before any solve: nothing new under replan/)
before=$(find "$tmp/t/replan" -newer "$tmp/run3" | wc -l)
for args in "$tmp/t -method exact" "$tmp/t -swap_budget_mb 5 -previous x.h5" "$tmp/t -swap_budget_mb 5 -j3o_warm false" \
            "$tmp/t -swap_budget_mb -5" "$tmp/t -swap_budget_total_mb abc" "$tmp/t -swap_budget_mb 5 -swap_budget_mb 6" \
            "$tmp/t -swap_budget_total_mb 1e400"; do
  scripts/replan.sh $args > "$tmp/bad" 2>&1; rc=$?
  [ $rc -eq 2 ] && head -1 "$tmp/bad" | grep -q '^replan: ' || { cat "$tmp/bad"; fail "$args: want exit 2 and one replan: line (got $rc)"; }
done
[ "$(find "$tmp/t/replan" -newer "$tmp/run3" | wc -l)" -eq "$before" ] || fail "a refused usage wrote under replan/"
scripts/replan.sh -help > "$tmp/help" 2>&1 && grep -q "^  scripts/replan.sh TRACE_DIR" "$tmp/help" || { cat "$tmp/help"; fail "-help"; }
mkdir "$tmp/empty"
scripts/replan.sh "$tmp/empty" -swap_budget_mb 5 > "$tmp/bad" 2>&1; rc=$?
[ $rc -eq 1 ] && grep -q 'holds 0 step files' "$tmp/bad" || { cat "$tmp/bad"; fail "empty folder: want exit 1 (got $rc)"; }
[ -z "$(ls "$tmp/empty")" ] || fail "replan.sh wrote into a folder without a trace"
# a solve that fails after its banner: the failure's own line is quoted, not the banner
mkdir "$tmp/fakebin" && cp bin/j3o-check "$tmp/fakebin/"
cat > "$tmp/fakebin/j3o" <<'FAKE'
#!/bin/sh
echo "j3o: step.h5: 3 edges, 30 clients, 5 tasks, 20 models, 3 duty cycles; method j3o on 1 rank"
echo "j3o: note: prev.h5: its instance (/@instance) is not found with the SHA-256 it recorded"
echo "j3o: the planted failure" >&2
exit 1
FAKE
chmod +x "$tmp/fakebin/j3o"
cp -r "$tmp/t" "$tmp/tf" && rm -rf "$tmp/tf/replan"
J3O_BIN=$tmp/fakebin scripts/replan.sh "$tmp/tf" -swap_budget_mb 5 > "$tmp/bad" 2>&1; rc=$?
[ $rc -eq 1 ] && grep -q '^replan: cold step-00: j3o exited with 1: j3o: the planted failure (log: ' "$tmp/bad" \
  || { cat "$tmp/bad"; fail "a failed solve: want exit 1 and its own line (got $rc)"; }
echo "ok: usage mistakes refused, a failed solve quoted"

# a failed attempt at a step that has a result keeps that result's log and writes its own beside it
cp "$tmp/t/replan/cold/step-00.log" "$tmp/log00"
scripts/replan.sh "$tmp/t" "${OPTS[@]}" -time_limit abc > "$tmp/bad" 2>&1; rc=$?
[ $rc -eq 1 ] && grep -q "(log: $tmp/t/replan/cold/step-00.failed.log)" "$tmp/bad" || { cat "$tmp/bad"; fail "-time_limit abc: want exit 1 naming the failed log (got $rc)"; }
cmp -s "$tmp/log00" "$tmp/t/replan/cold/step-00.log" || fail "a failed attempt overwrote the placed result's log"
grep -q "time_limit abc" "$tmp/t/replan/cold/step-00.failed.log" || fail "the failed attempt's log"
echo "ok: a failed attempt keeps the placed result's log"

# a signal to replan.sh stops the solve under way too (no mpirun left solving) and leaves no partial file:
# SIGTERM to the script, and SIGINT to its process group as a terminal's Ctrl-C sends it (the script started
# with the default SIGINT handling, as from a terminal: a shell's background job would ignore it)
# The stand-in rank ignores SIGTERM, so only mpirun's SIGKILL (odls_base_sigkill_timeout after the SIGTERM it
# passes on) ends it: an mpirun that gave up on its ranks (two signals) would leave it running
cat > "$tmp/fakebin/j3o" <<FAKE
#!/bin/sh
trap '' TERM
echo \$\$ > "$tmp/fake.pid"
exec sleep 60
FAKE
for sig in TERM INT; do
  cp -r "$tmp/t" "$tmp/ts$sig" && rm -rf "$tmp/ts$sig/replan" && rm -f "$tmp/fake.pid"
  J3O_BIN=$tmp/fakebin OMPI_MCA_odls_base_sigkill_timeout=1 $PY - "$tmp/ts$sig" "$sig" "$tmp/fake.pid" > "$tmp/sig" 2>&1 <<'PY'
import os, signal, subprocess, sys, time
trace, sig, pidfile = sys.argv[1:]
p = subprocess.Popen(["scripts/replan.sh", trace, "-swap_budget_mb", "5"], start_new_session=True,
                     preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
for _ in range(100):
    if os.path.exists(pidfile) and os.path.getsize(pidfile) > 0:
        break
    time.sleep(0.1)
assert os.path.getsize(pidfile) > 0, "the stand-in solve never started"
if sig == "TERM":
    p.send_signal(signal.SIGTERM)
else:
    os.killpg(p.pid, signal.SIGINT)  # the whole foreground group, as Ctrl-C
print("rc", p.wait(30))
PY
  grep -q "^rc $([ $sig = TERM ] && echo 143 || echo 130)$" "$tmp/sig" && grep -q "^replan: stopped by SIG$sig" "$tmp/sig" \
    || { cat "$tmp/sig"; fail "SIG$sig: want exit 128 + N and one line"; }
  for _ in $(seq 50); do kill -0 "$(cat "$tmp/fake.pid")" 2> /dev/null || break; sleep 0.1; done
  ! kill -0 "$(cat "$tmp/fake.pid")" 2> /dev/null || { kill "$(cat "$tmp/fake.pid")"; fail "SIG$sig to replan.sh left its solve running"; }
  [ -z "$(find "$tmp/ts$sig/replan" -name '.*.part.*')" ] || fail "SIG$sig left a partial file: $(find "$tmp/ts$sig/replan" -name '.*.part.*')"
  [ -f "$tmp/ts$sig/replan/cold/step-00.failed.log" ] || fail "SIG$sig: the stopped attempt's log"
done
echo "ok: SIGTERM and a Ctrl-C stop the solve under way and leave no partial file"
