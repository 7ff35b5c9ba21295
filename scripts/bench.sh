#!/usr/bin/env bash
# make bench: runs sweeps/bench.txt locally, then collects and plots it into results/bench/.
#
#   scripts/bench.sh [SWEEPFILE]      (default sweeps/bench.txt; BENCH_JOBS=N lines at a time, default 1)
#
# Writes results/bench/: the results and logs of every run, summary.csv, summary.h5, table.md
# (accuracy and time per method as % of exact, with and without batching, and the scaling series)
# and plots/*.png. Re-running resumes: valid results are skipped. Exits nonzero if any run failed
# (after collecting and plotting what did succeed).
set -uo pipefail
cd "$(dirname "$0")/.." || exit 1
sweep=${1:-sweeps/bench.txt}
# one line at a time gives clean wall times (J3O itself runs on 2 ranks) and takes about 13 minutes
# on 2 cores; BENCH_JOBS=2 is faster with noisier times
jobs=${BENCH_JOBS:-1}
name=$(basename "$sweep" .txt)
out=${J3O_RESULTS:-$PWD/results}/$name

start=$(date +%s)
scripts/sweep-local.sh "$sweep" -j "$jobs"
rc=$?
echo "bench: sweep finished in $(( $(date +%s) - start )) s (exit $rc)"
[ -d "$out" ] || { echo "bench: $out missing" >&2; exit 1; }
/usr/bin/python3 scripts/collect.py "$out" --table "$out/table.md" || exit 1
/usr/bin/python3 scripts/plot.py "$out" --out "$out/plots" || exit 1
# the coordinator's methods compared on binding-cloud instances (docs/evaluation.md, "Coordinator methods")
scripts/compare-dual.sh 1 2 3 4 5 > "$out/dual-methods.md" || exit 1
echo
cat "$out/table.md"
[ -s "$out/failures.log" ] && { echo "bench: failed runs:"; cat "$out/failures.log"; }
exit $rc
