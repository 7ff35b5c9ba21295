#!/usr/bin/env bash
# Runs one line of a sweep file (the one way to run a line; sweep.sbatch and sweep-local.sh both call it).
#
#   scripts/sweep-run-line.sh SWEEPFILE I    run run-line I (1-based, counting only non-comment, non-blank lines)
#   scripts/sweep-run-line.sh --count SWEEPFILE   print the number of run lines
#   scripts/sweep-run-line.sh --check SWEEPFILE   parse every line, report errors, run nothing
#
# A line is whitespace-separated key=value fields (docs/sweeps.md):
#   name=ID (family=paper|paper-batch|scale seed=S [edges=E clients_per_edge=N tasks=T models=M
#   batching=0|1] | instance=PATH) method=M [ranks=P] [scale=DATASET:FACTOR ...] [previous=RESULT]
#   [opts="-time_limit 60 ..."]
# instance= and previous= are relative to the sweep file; each scale= multiplies one dataset or
# attribute of the instance (bin/j3o-derive), e.g. scale=/edges/backhaul_mb_s:0.5 scale=/cloud@gflops:2;
# previous= is a j3o result passed as `bin/j3o -previous` and `bin/j3o-check -previous`.
# Outputs, under $J3O_RESULTS/<sweep> (<sweep> = the sweep file's name without .txt):
#   <name>.h5               the result, present only when bin/j3o-check accepted it
#   instances/<inst>.h5     the generated (or copied, or derived) instance, shared by every line that uses it
#   logs/<name>.log         everything the generator, solver and checker printed
#   lines/<name>.txt        "# run line IDX", then the sweep line that produced <name>.h5 (collect.py reads it)
#   failures.log            one line per failed run: when, which line, why
# Exit status: 0 ran or skipped, 1 the run failed (logged), 2 bad usage or sweep line, 3 j3o was
#   stopped by a signal (time limit): its valid best-so-far result (status interrupted) is kept and
#   the line runs again on resubmission.
# Environment: J3O_ROOT (repo, default this script's parent), J3O_BIN (default $J3O_ROOT/bin),
#   J3O_RESULTS (default $J3O_ROOT/results), MPIRUN (default "mpirun --oversubscribe"),
#   J3O_LAUNCH = auto (default: srun inside a SLURM job with enough tasks, else $MPIRUN) | srun | mpirun.
set -uo pipefail

export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1 OMPI_MCA_rmaps_base_oversubscribe=1
J3O_ROOT=${J3O_ROOT:-$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)}
J3O_BIN=${J3O_BIN:-$J3O_ROOT/bin}
J3O_RESULTS=${J3O_RESULTS:-$J3O_ROOT/results}
MPIRUN=${MPIRUN:-mpirun --oversubscribe}
J3O_LAUNCH=${J3O_LAUNCH:-auto}

die() { echo "sweep-run-line: $*" >&2; exit 2; }

# Prints the run lines of a sweep file, comments and blank lines removed, one per line.
run_lines() {
  sed -e 's/#.*$//' -e 's/^[[:space:]]*//' -e 's/[[:space:]]*$//' "$1" | grep -v '^$' || true
}

# Parses one sweep line into the associative array F; returns nonzero with a message on error.
declare -A F
parse_line() {
  local rest=$1 key val
  F=()
  while [ -n "$rest" ]; do
    rest=${rest#"${rest%%[![:space:]]*}"}
    [ -z "$rest" ] && break
    if [[ $rest =~ ^([a-z_]+)=\"([^\"]*)\"(.*)$ ]]; then
      key=${BASH_REMATCH[1]}; val=${BASH_REMATCH[2]}; rest=${BASH_REMATCH[3]}
    elif [[ $rest =~ ^([a-z_]+)=([^[:space:]\"]*)(.*)$ ]]; then
      key=${BASH_REMATCH[1]}; val=${BASH_REMATCH[2]}; rest=${BASH_REMATCH[3]}
    else
      echo "cannot parse '${rest%% *}' (want key=value or key=\"value with spaces\")"; return 1
    fi
    [ -n "$rest" ] && [[ ! $rest =~ ^[[:space:]] ]] && { echo "no space after $key=$val"; return 1; }
    case $key in
      name|family|seed|method|ranks|edges|clients_per_edge|tasks|models|batching|opts|instance|previous) ;;
      scale)
        [[ $val =~ ^/[A-Za-z0-9_/]+(@[A-Za-z0-9_]+)?:[+]?([0-9]+[.]?[0-9]*|[.][0-9]+)([eE][+-]?[0-9]+)?$ ]] \
          || { echo "scale '$val': want DATASET:FACTOR, e.g. /edges/backhaul_mb_s:0.5 or /cloud@gflops:2"; return 1; }
        [[ " ${F[scale]:-} " == *" ${val%:*}:"* ]] && { echo "scale of ${val%:*} given twice"; return 1; }
        F[scale]="${F[scale]:+${F[scale]} }$val"; continue ;;
      *) echo "unknown key '$key'"; return 1 ;;
    esac
    [ -n "${F[$key]+set}" ] && { echo "key '$key' given twice"; return 1; }
    F[$key]=$val
  done
  if [ -n "${F[instance]+set}" ]; then
    for key in family seed edges clients_per_edge tasks models batching; do
      [ -z "${F[$key]+set}" ] || { echo "instance= takes no $key= (that is for generated instances)"; return 1; }
    done
    [ -n "${F[instance]}" ] || { echo "instance= is empty"; return 1; }
    [ -f "$(given_path instance)" ] || { echo "instance '${F[instance]}': no such file ($(given_path instance))"; return 1; }
  else
    for key in family seed; do
      [ -n "${F[$key]:-}" ] || { echo "missing $key= (or instance=)"; return 1; }
    done
  fi
  if [ -n "${F[previous]+set}" ]; then
    [ -n "${F[previous]}" ] || { echo "previous= is empty"; return 1; }
    [ -f "$(given_path previous)" ] || { echo "previous '${F[previous]}': no such file ($(given_path previous))"; return 1; }
  fi
  for key in name method; do
    [ -n "${F[$key]:-}" ] || { echo "missing $key="; return 1; }
  done
  [[ ${F[name]} =~ ^[A-Za-z0-9][A-Za-z0-9._+-]*$ ]] || { echo "name '${F[name]}': use letters, digits, . _ + -"; return 1; }
  # R/summary.h5 is collect.py's table: a run of that name would be overwritten by it (and overwrite it)
  [ "${F[name]}" != summary ] || { echo "name 'summary' is collect.py's R/summary.h5: choose another"; return 1; }
  [ -n "${F[instance]+set}" ] || [[ ${F[family]} =~ ^[A-Za-z0-9_-]+$ ]] || { echo "family '${F[family]}': use letters, digits, _ -"; return 1; }
  [[ ${F[method]} =~ ^[A-Za-z0-9_-]+$ ]] || { echo "method '${F[method]}': use letters, digits, _ -"; return 1; }
  F[ranks]=${F[ranks]:-1}
  for key in seed ranks edges clients_per_edge tasks models batching; do
    [ -z "${F[$key]+set}" ] && continue
    [[ ${F[$key]} =~ ^[0-9]+$ ]] || { echo "$key='${F[$key]}' is not a non-negative integer"; return 1; }
  done
  [ "${F[ranks]}" -ge 1 ] || { echo "ranks must be >= 1"; return 1; }
  [ -z "${F[batching]+set}" ] || [[ ${F[batching]} =~ ^[01]$ ]] || { echo "batching must be 0 or 1"; return 1; }
  return 0
}

# given_path KEY: the file of instance= or previous=, resolved against the sweep file's directory
# (absolute paths as they are).
given_path() {
  case ${F[$1]} in
    /*) echo "${F[$1]}" ;;
    *) echo "$(dirname "$sweepfile")/${F[$1]}" ;;
  esac
}

# The base instance's file name: from the generator parameters, or the given file's name and the
# first 12 hex digits of its SHA-256 (an edited file is a new instance), so runs share instances.
base_name() {
  if [ -n "${F[instance]+set}" ]; then
    local stem sum
    stem=$(basename "${F[instance]}"); stem=${stem%.h5}; stem=${stem//[^A-Za-z0-9._+-]/_}
    sum=$(sha256sum < "$(given_path instance)") || return 1
    echo "$stem-${sum:0:12}"
  else
    generated_name
  fi
}

# The instance a line solves: the base, plus its scales (sorted) when it has any.
instance_name() {
  local s k
  s=$(base_name) || return 1
  for k in $(tr ' ' '\n' <<< "${F[scale]:-}" | sort); do
    k=${k#/}; k=${k//\//.}
    s+="-${k%:*}x${k#*:}"
  done
  echo "$s"
}

# Instance file name from the generator parameters only, so runs share instances.
generated_name() {
  local s=${F[family]} k
  for k in edges:e clients_per_edge:c tasks:t models:m batching:b; do
    [ -n "${F[${k%%:*}]+set}" ] && s+="-${k#*:}${F[${k%%:*}]}"
  done
  echo "$s-s${F[seed]}"
}

case "${1:-}" in
  --count)
    [ $# -eq 2 ] && [ -f "$2" ] || die "usage: $0 --count SWEEPFILE"
    run_lines "$2" | wc -l; exit 0 ;;
  --check)
    [ $# -eq 2 ] && [ -f "$2" ] || die "usage: $0 --check SWEEPFILE"
    bad=0; i=0; declare -A seen=(); sweepfile=$2
    while IFS= read -r l; do
      i=$((i+1))
      if ! msg=$(parse_line "$l"); then echo "$2: run line $i: $msg" >&2; bad=1; continue; fi
      parse_line "$l" >/dev/null
      [ -n "${seen[${F[name]}]+set}" ] && { echo "$2: run line $i: name '${F[name]}' also on run line ${seen[${F[name]}]}" >&2; bad=1; }
      seen[${F[name]}]=$i
    done < <(run_lines "$2")
    [ $bad -eq 0 ] && echo "$2: $i run lines OK"
    exit $((bad * 2)) ;;
esac

[ $# -eq 2 ] || die "usage: $0 SWEEPFILE I | --count SWEEPFILE | --check SWEEPFILE"
sweepfile=$1; idx=$2
[ -f "$sweepfile" ] || die "$sweepfile: no such sweep file"
[[ $idx =~ ^[1-9][0-9]*$ ]] || die "line index '$idx' must be a positive integer"
line=$(run_lines "$sweepfile" | sed -n "${idx}p")
[ -n "$line" ] || die "$sweepfile: has no run line $idx ($(run_lines "$sweepfile" | wc -l) run lines)"
msg=$(parse_line "$line") || die "$sweepfile: run line $idx: $msg"
parse_line "$line" >/dev/null

sweep=$(basename "$sweepfile"); sweep=${sweep%.txt}
outdir=$J3O_RESULTS/$sweep
mkdir -p "$outdir/instances" "$outdir/logs" "$outdir/lines" || die "cannot create $outdir"
outdir=$(cd "$outdir" && pwd)
name=${F[name]}
result=$outdir/$name.h5
partial=$outdir/.$name.part.h5
log=$outdir/logs/$name.log
base=$outdir/instances/$(base_name).h5 || die "$sweepfile: run line $idx: cannot read ${F[instance]:-}"
inst=$outdir/instances/$(instance_name).h5
for b in j3o-gen j3o j3o-check j3o-derive; do
  [ -x "$J3O_BIN/$b" ] || die "$J3O_BIN/$b not found (run make all)"
done
# previous=: the same absolute path for the solver and the checker
prev=()
if [ -n "${F[previous]+set}" ]; then
  p=$(given_path previous)
  prev=(-previous "$(cd "$(dirname "$p")" && pwd)/$(basename "$p")") || die "cannot resolve previous=${F[previous]}"
fi

# The most telling line of the last command's output in the log (scripts/log-reason.sh).
source "$(dirname "${BASH_SOURCE[0]}")/log-reason.sh"
reason() { j3o_log_reason "$log"; }

# Records a failure and leaves no result (nor partial) behind.
fail() {
  rm -f "$result" "$partial"
  printf '%s\t%s\tline %s\t%s\t%s (log: logs/%s.log)\n' "$(date -u +%Y-%m-%dT%H:%M:%SZ)" \
    "$name" "$idx" "${SLURM_JOB_ID:+slurm job ${SLURM_ARRAY_JOB_ID:-$SLURM_JOB_ID}_${SLURM_ARRAY_TASK_ID:-}}" "$1" "$name" >> "$outdir/failures.log"
  echo "sweep-run-line: $sweep/$name FAILED: $1" >&2
  exit 1
}
# Keeps an interrupted run's result (j3o stopped at a safe point and wrote its best solution with
# status interrupted) when j3o-check accepts it; the next submission runs the line again.
keep_interrupted() {
  echo "+ j3o-check $inst $partial ${prev[*]}" >> "$log"
  "$J3O_BIN/j3o-check" "$inst" "$partial" "${prev[@]}" >> "$log" 2>&1 || fail "$1, and j3o-check rejected its result"
  printf '# run line %s\n%s\n' "$idx" "$line" > "$outdir/lines/$name.txt"
  mv -f "$partial" "$result" || fail "cannot rename the result into place"
  printf '%s\t%s\tline %s\t%s\t%s: kept the interrupted result (re-run on resubmission)\n' "$(date -u +%Y-%m-%dT%H:%M:%SZ)" \
    "$name" "$idx" "${SLURM_JOB_ID:+slurm job ${SLURM_ARRAY_JOB_ID:-$SLURM_JOB_ID}_${SLURM_ARRAY_TASK_ID:-}}" "$1" >> "$outdir/failures.log"
  echo "sweep-run-line: $sweep/$name INTERRUPTED: $1; result kept with status interrupted" >&2
  exit 3
}
# bash runs this after the foreground command ends: j3o, signalled too, has written its result by then
on_signal() {
  if [ -f "$partial" ] && grep -q "^j3o: stopped by signal" "$log" 2>/dev/null; then keep_interrupted "stopped by a signal"; fi
  fail "killed by a signal (time limit?)"
}
trap on_signal TERM INT HUP USR1

# the line the result was made by (R/lines/<name>.txt: "# run line N", then the line)
made_by=$(sed -n 2p "$outdir/lines/$name.txt" 2>/dev/null)
if [ -f "$result" ]; then
  status=
  if [ ! -f "$inst" ]; then
    echo "sweep-run-line: $sweep/$name: instance changed since the result was made (R/instances has no $(basename "$inst"): an edited instance= file, or the cache was cleared), re-running" >&2
  elif [ -f "$outdir/lines/$name.txt" ] && [ "$made_by" != "$line" ]; then
    echo "sweep-run-line: $sweep/$name: its sweep line changed since the result was made (it was: $made_by), re-running" >&2
  elif status=$("$J3O_BIN/j3o-check" "$inst" "$result" "${prev[@]}" 2>&1) && ! [[ $status =~ status\ interrupted\) ]]; then
    printf '# run line %s\n%s\n' "$idx" "$line" > "$outdir/lines/$name.txt" # lines above it may have come or gone
    echo "sweep-run-line: $sweep/$name: valid result exists, skipped"
    exit 0
  elif [[ ${status:-} =~ status\ interrupted\) ]]; then
    echo "sweep-run-line: $sweep/$name: existing result was interrupted, re-running" >&2
  elif [[ ${status:-} == *"/@instance_sha256: "*"the result belongs to another instance"* ]]; then
    echo "sweep-run-line: $sweep/$name: instance changed since the result was made (its /@instance_sha256 is not $(basename "$inst")'s SHA-256), re-running" >&2
  else
    echo "sweep-run-line: $sweep/$name: existing result rejected by j3o-check, re-running" >&2
  fi
  rm -f "$result"
fi

{
  echo "# $(date -u +%Y-%m-%dT%H:%M:%SZ) $sweepfile run line $idx on $(hostname)${SLURM_JOB_ID:+ (slurm job $SLURM_JOB_ID)}"
  echo "# $line"
} > "$log"

# Makes instance file $1 with the command "${@:2}", which writes the temporary file named by @TMP@ in
# its arguments; the first writer wins: link(2) fails if another array task got there first, and
# HDF5 files of the same instance need not be byte-identical (object times), so a file in use is
# never replaced (a file system without hard links falls back to rename).
place_instance() {
  local target=$1 tmp rc
  shift
  [ -f "$target" ] && return 0
  tmp="$(dirname "$target")/.$(basename "$target" .h5).$$.tmp.h5"
  local cmd=("${@//@TMP@/$tmp}")
  echo "+ ${cmd[*]}" >> "$log"
  if "${cmd[@]}" >> "$log" 2>&1; then
    if ! ln "$tmp" "$target" 2>/dev/null && [ ! -f "$target" ]; then mv -f "$tmp" "$target"; fi
    rm -f "$tmp"
    [ -f "$target" ] || fail "cannot place the instance $target"
  else
    rc=$?; rm -f "$tmp"
    fail "${cmd[0]##*/} exited with $rc: $(reason)"
  fi
}

if [ -n "${F[instance]+set}" ]; then
  place_instance "$base" cp "$(given_path instance)" @TMP@
else
  gen=("$J3O_BIN/j3o-gen" -o @TMP@ -family "${F[family]}" -seed "${F[seed]}")
  for k in edges clients_per_edge tasks models batching; do
    [ -n "${F[$k]+set}" ] && gen+=("-$k" "${F[$k]}")
  done
  place_instance "$base" "${gen[@]}"
fi
if [ "$inst" != "$base" ]; then
  derive=("$J3O_BIN/j3o-derive" "$base" -o @TMP@)
  for k in ${F[scale]}; do derive+=(-scale "$k"); done
  place_instance "$inst" "${derive[@]}"
fi

# launcher: srun inside a SLURM allocation holding enough tasks, else mpirun
ranks=${F[ranks]}
launch=$J3O_LAUNCH
if [ "$launch" = auto ]; then
  if [ -n "${SLURM_JOB_ID:-}" ] && [ "${SLURM_NTASKS:-1}" -ge "$ranks" ] && [ "${SLURM_NTASKS:-1}" -gt 1 ]; then launch=srun; else launch=mpirun; fi
fi
case $launch in
  srun)   run=(srun --mpi=pmix -n "$ranks" --kill-on-bad-exit=1) ;;
  mpirun) read -r -a run <<< "$MPIRUN"; run+=(-n "$ranks") ;;
  *) die "J3O_LAUNCH='$launch' (want auto, srun or mpirun)" ;;
esac
read -r -a extra <<< "${F[opts]:-}"
cmd=("${run[@]}" "$J3O_BIN/j3o" -i "$inst" -o "$partial" -method "${F[method]}" "${prev[@]}" "${extra[@]}")
echo "+ ${cmd[*]}" >> "$log"
start=$(date +%s%N)
"${cmd[@]}" >> "$log" 2>&1
rc=$?
echo "# solver exit $rc after $(( ($(date +%s%N) - start) / 1000000 )) ms" >> "$log"
[ $rc -eq 3 ] && [ -f "$partial" ] && keep_interrupted "j3o stopped by a signal"
[ $rc -eq 0 ] || fail "j3o exited with $rc: $(reason)"
[ -f "$partial" ] || fail "j3o exited 0 but wrote no result"

echo "+ j3o-check $inst $partial ${prev[*]}" >> "$log"
"$J3O_BIN/j3o-check" "$inst" "$partial" "${prev[@]}" >> "$log" 2>&1
rc=$?
[ $rc -eq 0 ] || fail "j3o-check rejected the result (exit $rc): $(reason)"

printf '# run line %s\n%s\n' "$idx" "$line" > "$outdir/lines/$name.txt"
mv -f "$partial" "$result" || fail "cannot rename the result into place"
trap - TERM INT HUP
echo "sweep-run-line: $sweep/$name: done"
exit 0
