#!/usr/bin/env bash
# Parallel result writing: test_result_io at 2 and 4 ranks (4 > edges, so one rank writes no rows).
set -u
cd "$(dirname "$0")/../.."
MPIRUN=${MPIRUN:-mpirun --oversubscribe}
T=${J3O_TEST_RESULT_IO:-tests/bin/test_result_io}
[ -x "$T" ] || { echo "FAIL: $T not built"; exit 1; }
for n in 2 4; do
  $MPIRUN -n $n "$T" >/dev/null 2>&1 || { echo "FAIL: $T at $n ranks"; exit 1; }
done
echo "test_result_io_mpi: ok"
