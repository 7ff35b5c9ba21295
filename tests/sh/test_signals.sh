#!/usr/bin/env bash
# Graceful stop: SIGTERM half-way through a run (to the ranks, as SLURM signals a job step), SIGUSR1
# to mpirun (forwarded, as `sbatch --signal=USR1@60` does), a second signal, -method exact (CBC), and
# sweep-run-line.sh re-running an interrupted result. Every written result passes bin/j3o-check with
# status interrupted; exit status 3; a second signal leaves no file.
set -uo pipefail
cd "$(dirname "$0")/../.."
source tests/sh/lib.sh
# mpirun as users run it: its default grace between SIGTERM and SIGKILL when it ends a job
export OMPI_MCA_odls_base_sigkill_timeout=1

private_bins
"$tmp/j3o-gen" -o "$tmp/big.h5" -family scale -edges 100 -seed 4 > /dev/null || fail "j3o-gen big"
"$tmp/j3o-gen" -o "$tmp/ex.h5" -family scale -edges 4 -seed 4 > /dev/null || fail "j3o-gen ex"

# wait_for PATTERN LOG PID: until LOG has a line matching PATTERN (fails if PID ends first or after 300 s)
wait_for() {
  for _ in $(seq 1500); do
    grep -q "$1" "$2" && return 0
    kill -0 "$3" 2>/dev/null || { cat "$2"; fail "run ended before '$1'"; }
    sleep 0.2
  done
  fail "no '$1' within 300 s"
}
# attr FILE GROUP NAME: a summary attribute
attr() { $PY -c "import h5py,sys; v=h5py.File(sys.argv[1],'r')[sys.argv[2]].attrs[sys.argv[3]]; print(v.decode() if isinstance(v, bytes) else v)" "$@"; }
# interrupted INSTANCE RESULT LOG RC: exit 3, one stop line, j3o-check valid with status interrupted
interrupted() {
  [ "$4" -eq 3 ] || { cat "$3"; fail "$2: exit $4 (want 3, interrupted)"; }
  [ "$(grep -c '^j3o: stopped by signal' "$3")" -eq 1 ] || { cat "$3"; fail "$2: want one 'stopped by signal' line"; }
  "$tmp/j3o-check" "$1" "$2" > "$tmp/check.log" 2>&1 || { cat "$tmp/check.log"; fail "j3o-check rejected $2"; }
  grep -q "status interrupted)" "$tmp/check.log" || { cat "$tmp/check.log"; fail "$2: status is not interrupted"; }
  [ "$(attr "$2" /summary status)" = interrupted ] || fail "$2: /summary@status"
  ! ls "$tmp" | grep -q '\.tmp\.' || fail "temporary result left in $tmp"
}

# 1. SIGTERM to both ranks half-way through the final integer search: the clusters done are kept
out=$tmp/r1.h5
$MPIRUN -q -n 2 "$tmp/j3o" -i "$tmp/big.h5" -o "$out" -j3o_progress_s 0.5 > "$tmp/r1.log" 2>&1 &
pid=$!
wait_for '^  integer search: ' "$tmp/r1.log" $pid
t0=$(date +%s)
kill -TERM $(pgrep -P $pid) || fail "signalling the ranks"
wait $pid; rc=$?
interrupted "$tmp/big.h5" "$out" "$tmp/r1.log" $rc
[ $(( $(date +%s) - t0 )) -le 30 ] || fail "SIGTERM: stopped $(( $(date +%s) - t0 )) s after the signal (want <= 30)"
$PY - "$out" <<'PY' || fail "SIGTERM: bound or accuracy"
import h5py, math, sys
s = h5py.File(sys.argv[1], "r")["summary"].attrs
a, ub = float(s["accuracy"]), float(s["upper_bound"])
assert a > 0.05, f"accuracy {a}: the clusters searched before the signal are lost"
assert math.isfinite(ub) and ub >= a and ub <= 1, f"bound {ub}, accuracy {a}"
PY

grep -q '^  bound evaluation: ' "$tmp/r1.log" || fail "no bound evaluation progress line"
# 2. SIGUSR1 to mpirun, which forwards it to the ranks, after the first bound evaluation
out=$tmp/r2.h5
$MPIRUN -q -n 2 "$tmp/j3o" -i "$tmp/big.h5" -o "$out" > "$tmp/r2.log" 2>&1 &
pid=$!
wait_for '^    1 ' "$tmp/r2.log" $pid
kill -USR1 $pid
wait $pid; rc=$?
interrupted "$tmp/big.h5" "$out" "$tmp/r2.log" $rc
grep -q 'signal 10 (SIGUSR1)' "$tmp/r2.log" || fail "SIGUSR1 not named"

# 3. a second signal exits at once and leaves no file (two kinds: two pending SIGTERMs would merge)
out=$tmp/r3.h5
"$tmp/j3o" -i "$tmp/big.h5" -o "$out" > "$tmp/r3.log" 2>&1 &
pid=$!
wait_for 'method j3o' "$tmp/r3.log" $pid
kill -USR1 $pid; kill -TERM $pid
wait $pid; rc=$?
# 128 + the second signal's number: the kernel may deliver the two pending signals in either order
[ $rc -eq $((128 + 15)) ] || [ $rc -eq $((128 + 10)) ] || { cat "$tmp/r3.log"; fail "second signal: exit $rc (want 143 or 138)"; }
[ ! -e "$out" ] || fail "second signal: $out written"
! ls "$tmp" | grep -q '\.tmp\.' || fail "second signal: temporary result left"

# 4. -method exact: CBC's search ends at the signal, well before its time limit
out=$tmp/r4.h5
"$tmp/j3o" -i "$tmp/ex.h5" -o "$out" -method exact -time_limit 200 > "$tmp/r4.log" 2>&1 &
pid=$!
wait_for 'method exact' "$tmp/r4.log" $pid
sleep 4
t0=$(date +%s)
kill -TERM $pid
wait $pid; rc=$?
interrupted "$tmp/ex.h5" "$out" "$tmp/r4.log" $rc
[ $(( $(date +%s) - t0 )) -le 60 ] || fail "exact: CBC stopped $(( $(date +%s) - t0 )) s after the signal (want <= 60)"
$PY -c "import h5py,sys; s=h5py.File(sys.argv[1],'r')['summary'].attrs; assert float(s['accuracy']) > 0.5 and float(s['upper_bound']) >= float(s['accuracy']), dict(s)" "$out" || fail "exact: CBC's incumbent and bound not kept"

# 5. sweep-run-line.sh: an interrupted result is run again on resubmission
printf 'name=p1 family=paper seed=5 method=j3o\n' > "$tmp/sw.txt"
export J3O_RESULTS=$tmp/res
scripts/sweep-run-line.sh "$tmp/sw.txt" 1 > "$tmp/sw1.log" 2>&1 || { cat "$tmp/sw1.log"; fail "sweep line 1"; }
# the same result marked interrupted in its place (cases 1-4 test what j3o writes)
$PY -c "import h5py,sys; import numpy as np; g=h5py.File(sys.argv[1],'r+')['summary']; del g.attrs['status']; g.attrs['status']=np.bytes_('interrupted')" "$J3O_RESULTS/sw/p1.h5" || fail "marking the result interrupted"
[ "$(attr "$J3O_RESULTS/sw/p1.h5" /summary status)" = interrupted ] || fail "sweep: planted result not interrupted"
scripts/sweep-run-line.sh "$tmp/sw.txt" 1 > "$tmp/sw2.log" 2>&1 || { cat "$tmp/sw2.log"; fail "sweep line 1 again"; }
grep -q "existing result was interrupted, re-running" "$tmp/sw2.log" || { cat "$tmp/sw2.log"; fail "sweep: interrupted result not re-run"; }
st=$(attr "$J3O_RESULTS/sw/p1.h5" /summary status)
[ "$st" = feasible ] || [ "$st" = optimal ] || fail "sweep: re-run status $st"
scripts/sweep-run-line.sh "$tmp/sw.txt" 1 > "$tmp/sw3.log" 2>&1 || fail "sweep line 1 third time"
grep -q "valid result exists, skipped" "$tmp/sw3.log" || { cat "$tmp/sw3.log"; fail "sweep: a finished result re-run"; }
echo "test_signals: ok"
