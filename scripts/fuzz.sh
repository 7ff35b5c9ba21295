#!/usr/bin/env bash
# `make fuzz`: builds j3o, j3o-check and j3o-gen with AddressSanitizer and UBSan into fuzz/ (the
# normal build/ and bin/ stay as they are), then runs scripts/fuzz.py: structure-aware mutations of a
# valid instance and result, byte flips and truncations, each binary run as an MPI singleton.
#   scripts/fuzz.sh [INSTANCES [RESULTS [SEED]]]     defaults 2000 500 1
# Environment: FUZZ_JOBS (parallel runs, default 2), FUZZ_TIMEOUT (seconds per run, default 60).
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
out=$root/fuzz
mkdir -p "$out"
# a tree of links: the Makefile builds into fuzz/build and fuzz/bin with the sanitizer flags
for d in src include tests Makefile scripts; do ln -sfn "$root/$d" "$out/$d"; done
san="-O1 -g -fno-omit-frame-pointer -fsanitize=address,undefined"
echo "fuzz: building with $san into $out/bin"
( cd "$out" && CFLAGS="$san" CXXFLAGS="$san" make --no-print-directory -j"${FUZZ_JOBS:-2}" all )
# allocator_may_return_null: a huge allocation HDF5 asks for on corrupt metadata fails as in production
export ASAN_OPTIONS=detect_leaks=0:abort_on_error=0:halt_on_error=1:allocator_may_return_null=1
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=0
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1 OMPI_MCA_rmaps_base_oversubscribe=1
exec /usr/bin/python3 "$root/scripts/fuzz.py" --bin "$out/bin" --work "$out/work" \
  --instances "${1:-2000}" --results "${2:-500}" --seed "${3:-1}" --jobs "${FUZZ_JOBS:-2}" --timeout "${FUZZ_TIMEOUT:-60}"
