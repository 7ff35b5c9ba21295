#!/usr/bin/env bash
# Runs every cmocka unit test binary, the Python tests (pytest, one entry) and every shell-level
# test; prints each test's output as it ends, a table of times and "N passed, N failed".
# J3O_TEST_JOBS tests run at once (default: the number of cores): most of a test's time is process
# and MPI start-up, so a second test fills the idle core. test_signals.sh times its signals against
# the solver's phases and runs alone, after the others.
set -u
cd "$(dirname "$0")/.."
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1 OMPI_MCA_rmaps_base_oversubscribe=1
# mpirun waits about 2 s after a rank exits nonzero before it ends the job (0.3 s with this set to 0):
# the suite's refused runs would spend minutes on it. test_signals.sh keeps the default (1).
export OMPI_MCA_odls_base_sigkill_timeout=0
# ranks of two concurrent tests share the cores: a rank waiting in MPI yields instead of spinning
export OMPI_MCA_mpi_yield_when_idle=1
export MPIRUN="${MPIRUN:-mpirun --oversubscribe}"
jobs_max=${J3O_TEST_JOBS:-$(nproc)}
[[ "$jobs_max" =~ ^[1-9][0-9]*$ ]] || { echo "J3O_TEST_JOBS must be a positive integer, got '$jobs_max'"; exit 2; }
logs=$(mktemp -d); trap 'rm -rf "$logs"' EXIT
# an interrupted suite stops its running tests too
trap 'kill $(jobs -p) 2>/dev/null; exit 130' INT TERM
passed=0; failed=0; failures=(); times=()
declare -A name_of=() start_of=() log_of=()

# finish PID RC: prints the test's output and records its result and time
finish() {
  local n=${name_of[$1]}
  echo "== $n"; cat "${log_of[$1]}"
  if [ "$2" -eq 0 ]; then passed=$((passed+1)); else failed=$((failed+1)); failures+=("$n"); fi
  times+=("$(printf '%5d s  %s' $((SECONDS - ${start_of[$1]})) "$n")")
}
# reap: waits for one running test to end
reap() {
  local pid rc
  wait -n -p pid; rc=$?
  finish "$pid" "$rc"; unset "name_of[$pid]"
}
# start NAME LIMIT CMD...: runs CMD under `timeout LIMIT` once a slot is free
start() {
  while [ ${#name_of[@]} -ge "$jobs_max" ]; do reap; done
  local n=$1 limit=$2; shift 2
  local log=$logs/${n//\//_}.log
  timeout "$limit" "$@" > "$log" 2>&1 < /dev/null &
  name_of[$!]=$n; start_of[$!]=$SECONDS; log_of[$!]=$log
}
drain() { while [ ${#name_of[@]} -gt 0 ]; do reap; done; }

# the longest start first, so that the suite does not end waiting on one of them alone
long=(tests/sh/test_warm.sh tests/sh/test_tight_cloud.sh tests/sh/test_replan.sh tests/sh/test_j3o_mpi.sh)
# pytest exits 5 when it collects no tests: a failure like any other nonzero exit. Its two workers
# (pytest-xdist) each have their own tmp_path
start tests/python 600 /usr/bin/python3 -m pytest -q -p no:cacheprovider -n 2 tests/python
for t in "${long[@]}"; do start "$t" 600 bash "$t"; done
for t in tests/sh/test_*.sh; do
  [[ " ${long[*]} tests/sh/test_signals.sh " == *" $t "* ]] || start "$t" 600 bash "$t"
done
for t in tests/bin/test_*; do
  [ -x "$t" ] && start "$t" 300 "$t"
done
drain
start tests/sh/test_signals.sh 600 bash tests/sh/test_signals.sh
drain
echo
printf '%s\n' "${times[@]}" | sort -k3
echo "total: $SECONDS s ($jobs_max at once)"
[ ${#failures[@]} -gt 0 ] && printf 'FAILED: %s\n' "${failures[@]}"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ] && [ "$passed" -gt 0 ]
