#!/usr/bin/env bash
# Runs a sweep file on this machine without SLURM: every run line through sweep-run-line.sh, N at a time.
#
#   scripts/sweep-local.sh SWEEPFILE [-j N]
#
# Same outputs, skipping and failure log as the SLURM job array (see sweep-run-line.sh, docs/sweeps.md).
# -j N runs N lines at once (default 1); each line may itself use `ranks` MPI processes.
# Exit status: 0 when every line ran or was skipped, 1 when any failed (see results/<sweep>/failures.log).
set -uo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
usage() { echo "usage: $0 SWEEPFILE [-j N]" >&2; exit 2; }

[ $# -ge 1 ] || usage
sweepfile=$1; shift
jobs=1
while [ $# -gt 0 ]; do
  case $1 in
    -j) [ $# -ge 2 ] || usage; jobs=$2; shift 2 ;;
    -j*) jobs=${1#-j}; shift ;;
    *) usage ;;
  esac
done
[[ $jobs =~ ^[1-9][0-9]*$ ]] || { echo "sweep-local: -j '$jobs' must be a positive integer" >&2; exit 2; }
[ -f "$sweepfile" ] || { echo "sweep-local: $sweepfile: no such sweep file" >&2; exit 2; }

# refuse a malformed sweep up front rather than half-way through
"$here/sweep-run-line.sh" --check "$sweepfile" >/dev/null || exit 2
n=$("$here/sweep-run-line.sh" --count "$sweepfile")
sweep=$(basename "$sweepfile" .txt)
echo "sweep-local: $sweep: $n run lines, $jobs at a time"

# xargs exits 123 when any invocation failed; that is reported, not fatal
seq 1 "$n" | xargs -P "$jobs" -I{} "$here/sweep-run-line.sh" "$sweepfile" {}
rc=$?
if [ $rc -ne 0 ]; then
  echo "sweep-local: $sweep: some runs failed, see ${J3O_RESULTS:-$(cd "$here/.." && pwd)/results}/$sweep/failures.log" >&2
  exit 1
fi
echo "sweep-local: $sweep: all $n runs done"
