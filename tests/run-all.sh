#!/usr/bin/env bash
# Runs every cmocka unit test binary, the Python tests (pytest, one entry) and every shell-level
# test; prints "N passed, N failed".
set -u
cd "$(dirname "$0")/.."
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1 OMPI_MCA_rmaps_base_oversubscribe=1
# mpirun waits about 2 s after a rank exits nonzero before it ends the job (0.3 s with this set to 0):
# the suite's refused runs would spend minutes on it. test_signals.sh keeps the default (1).
export OMPI_MCA_odls_base_sigkill_timeout=0
export MPIRUN="${MPIRUN:-mpirun --oversubscribe}"
passed=0; failed=0; failures=(); times=()
# note NAME START: records how long a test took, for the closing table (keep the suite < 10 min)
note() { times+=("$(printf '%5d s  %s' $((SECONDS - $2)) "$1")"); }
for t in tests/bin/test_*; do
  [ -x "$t" ] || continue
  echo "== $t"; t0=$SECONDS
  if timeout 300 "$t"; then passed=$((passed+1)); else failed=$((failed+1)); failures+=("$t"); fi
  note "$t" $t0
done
# pytest exits 5 when it collects no tests: a failure like any other nonzero exit. Two workers
# (pytest-xdist): its tests wait mostly on interpreter and MPI start-up, and each has its own tmp_path
echo "== tests/python (pytest)"; t0=$SECONDS
if timeout 600 /usr/bin/python3 -m pytest -q -p no:cacheprovider -n 2 tests/python; then passed=$((passed+1)); else failed=$((failed+1)); failures+=("tests/python"); fi
note tests/python $t0
for t in tests/sh/test_*.sh; do
  [ -f "$t" ] || continue
  echo "== $t"; t0=$SECONDS
  if timeout 600 bash "$t"; then passed=$((passed+1)); else failed=$((failed+1)); failures+=("$t"); fi
  note "$t" $t0
done
echo
printf '%s\n' "${times[@]}"
echo "total: $SECONDS s"
[ ${#failures[@]} -gt 0 ] && printf 'FAILED: %s\n' "${failures[@]}"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ] && [ "$passed" -gt 0 ]
