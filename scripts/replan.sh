#!/usr/bin/env bash
# Solves a demand trace (scripts/trace.py) three ways and tabulates them (docs/running.md).
#
#   scripts/replan.sh TRACE_DIR [-swap_budget_mb B] [-swap_budget_total_mb G] [other bin/j3o options]
#   (at least one of the two budgets; scripts/replan.sh -help prints this header)
#
# Ways, each step s >= 1 of TRACE_DIR/step-NN.h5:
#   warm-budget  -previous = this way's result of step s-1, with the budget options given
#   warm         -previous = this way's result of step s-1, no budget
#   cold         neither
# Step 0 is solved cold once (replan/cold/step-00.h5), the first previous plan of both warm ways.
# The budget options (-swap_budget_mb, -swap_budget_total_mb; at least one) go to warm-budget only;
# every other option goes to all three ways. -i, -o, -previous and -j3o_warm are set here.
# Outputs, under TRACE_DIR/replan/:
#   WAY/step-NN.h5     the result, placed only when bin/j3o-check (with -previous for the warm ways) accepts it
#   WAY/step-NN.cmd    the command that made it; WAY/step-NN.log what j3o and j3o-check printed for it
#   WAY/step-NN.failed.log  what they printed for the last attempt that failed (the result, if any, stays)
#   table.csv, table.md, replan.png   per step and way: accuracy, bound, gap, churn MB, models loaded, wall s
# Resumable: a result whose command is the same and which passes its check is not solved again (a
# re-solved step makes the next step's check fail on /@previous_sha256, so that one runs again too).
# Exit status: 0 done, 1 a solve or check failed (one line naming the log), 2 bad usage, 128 + N
# stopped by signal N (SIGINT, SIGTERM, SIGHUP: the solve under way is stopped too and its partial
# result discarded).
# Environment: J3O_ROOT (repo, default this script's parent), J3O_BIN (default $J3O_ROOT/bin),
#   MPIRUN (default "mpirun --oversubscribe"), RANKS (default 2).
set -uo pipefail

export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1 OMPI_MCA_rmaps_base_oversubscribe=1
J3O_ROOT=${J3O_ROOT:-$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)}
J3O_BIN=${J3O_BIN:-$J3O_ROOT/bin}
MPIRUN=${MPIRUN:-mpirun --oversubscribe}
RANKS=${RANKS:-2}
PY=(env "PYTHONPATH=$J3O_ROOT/python${PYTHONPATH:+:$PYTHONPATH}" /usr/bin/python3 -m j3o.replan)

usage() { echo "replan: $*" >&2; echo "usage: $0 TRACE_DIR [-swap_budget_mb B] [-swap_budget_total_mb G] [bin/j3o options] (at least one budget; -help)" >&2; exit 2; }

case ${1:-} in -h|-help|--help) sed -n '2,/^set -uo/{/^set -uo/d;s/^# \{0,1\}//;p}' "${BASH_SOURCE[0]}"; exit 0 ;; esac
[ $# -ge 1 ] || usage "no TRACE_DIR"
trace=$1; shift
[ -d "$trace" ] || usage "$trace: no such folder"
trace=$(cd "$trace" && pwd)
[[ $RANKS =~ ^[1-9][0-9]*$ ]] || usage "RANKS='$RANKS' must be a positive integer"
budget=(); opts=()
while [ $# -gt 0 ]; do
  case $1 in
    -swap_budget_mb|-swap_budget_total_mb)
      [ $# -ge 2 ] || usage "$1 needs a value"
      # checked here, before any solve (bin/j3o would refuse it only at the first warm-budget step)
      [[ $2 =~ ^[+]?(([0-9]+[.]?[0-9]*|[.][0-9]+)([eE][-+]?[0-9]+)?|[Ii][Nn][Ff]([Ii][Nn][Ii][Tt][Yy])?)$ ]] \
        || usage "$1 $2: expected a number of MB >= 0"
      # a number beyond the doubles (1e400) is refused by bin/j3o too; "inf" is no budget
      /usr/bin/python3 -c 'import math, sys; v = sys.argv[1]; sys.exit(math.isinf(float(v)) and "n" not in v.lower())' "$2" \
        || usage "$1 $2: expected a number of MB >= 0 (this one is beyond the doubles)"
      [[ " ${budget[*]} " != *" $1 "* ]] || usage "$1 given twice: give it once"
      budget+=("$1" "$2"); shift 2 ;;
    -i|-o|-previous|-j3o_warm) usage "$1 is set by replan.sh, not an option to give it" ;;
    *) opts+=("$1"); shift ;;
  esac
done
[ ${#budget[@]} -gt 0 ] || usage "no budget: give -swap_budget_mb B and/or -swap_budget_total_mb G (for the warm-budget way)"
for b in j3o j3o-check; do
  [ -x "$J3O_BIN/$b" ] || usage "$J3O_BIN/$b not found (run make all)"
done
mapfile -t steps < <("${PY[@]}" steps "$trace") && [ ${#steps[@]} -ge 2 ] || exit 1
out=$trace/replan
mkdir -p "$out/cold" "$out/warm" "$out/warm-budget" || { echo "replan: cannot create $out" >&2; exit 1; }
read -r -a launch <<< "$MPIRUN"
# a run stopped half-way (a signal, a failure) leaves no temporary result behind (j3o's own .tmp ones too)
trap 'rm -f "$out"/{cold,warm,warm-budget}/.*.part.h5* "$out"/{cold,warm,warm-budget}/.*.part.log' EXIT
# A signal to this script stops the solve under way before it exits, so that no mpirun is left solving into
# a file nothing will place: the solve runs in the background (the trap runs at once) under setsid, outside
# the terminal's process group (a Ctrl-C reaches this script alone, and mpirun gets one SIGTERM, which it
# passes to the ranks). While a result is being placed the stop waits for it (its .cmd and .log stay its own).
child= attempt= failed= placing= pending=
stop() {
  if [ -n "$placing" ]; then
    pending="$1 $2"
    return
  fi
  trap '' INT TERM HUP
  [ -n "$child" ] && kill -TERM "$child" 2> /dev/null && wait "$child"
  [ -n "$attempt" ] && [ -f "$attempt" ] && mv -f "$attempt" "$failed"
  echo "replan: stopped by SIG$1; run the same command again to go on${attempt:+ (log: $failed)}" >&2
  exit $((128 + $2))
}
trap 'stop INT 2' INT
trap 'stop TERM 15' TERM
trap 'stop HUP 1' HUP

# why LOG: ": " and the most telling line of the last command's output in LOG, if any (scripts/log-reason.sh)
source "$(dirname "${BASH_SOURCE[0]}")/log-reason.sh"
why() { local w; w=$(j3o_log_reason "$1"); echo "${w:+: $w}"; }

# solve WAY S PREV: the result of step S solved WAY (PREV empty: cold), unless a valid one exists
solve() {
  local way=$1 s=$2 prev=$3 inst=${steps[$2]} name res part log cmdfile check rc status
  name=$(basename "$inst" .h5)
  res=$out/$way/$name.h5; part=$out/$way/.$name.part.h5; cmdfile=$out/$way/$name.cmd
  log=$out/$way/.$name.part.log # this attempt's: $name.log once its result is placed, else $name.failed.log
  failed=$out/$way/$name.failed.log
  local extra=() with=()
  [ -n "$prev" ] && extra=(-previous "$prev") && with=(-previous "$prev")
  [ "$way" = warm-budget ] && extra+=("${budget[@]}")
  check=("$J3O_BIN/j3o-check" "$inst" "$res" "${with[@]}")
  local cmd=("${launch[@]}" -n "$RANKS" "$J3O_BIN/j3o" -i "$inst" -o "$res" "${extra[@]}" "${opts[@]}")
  local run=("${launch[@]}" -n "$RANKS" "$J3O_BIN/j3o" -i "$inst" -o "$part" "${extra[@]}" "${opts[@]}")
  if [ -f "$res" ] && [ "$(cat "$cmdfile" 2>/dev/null)" = "${cmd[*]}" ] && status=$("${check[@]}" 2>/dev/null) \
     && ! [[ $status =~ status\ interrupted\) ]]; then
    echo "replan: $way $name: valid result exists, skipped"
    return 0
  fi
  attempt=$log
  echo "+ ${run[*]}" > "$log"
  setsid "${run[@]}" >> "$log" 2>&1 &
  child=$!
  wait "$child"
  rc=$?
  child=
  if [ $rc -eq 3 ]; then # j3o stopped by a signal: its result is partial and goes
    rm -f "$part"
    mv -f "$log" "$failed"
    echo "replan: $way $name: j3o was stopped by a signal (exit 3); its partial result is discarded (log: $failed)" >&2
    exit 1
  fi
  [ $rc -eq 0 ] && [ -f "$part" ] || { rm -f "$part"; mv -f "$log" "$failed"; echo "replan: $way $name: j3o exited with $rc$(why "$failed") (log: $failed)" >&2; exit 1; }
  check[2]=$part
  echo "+ ${check[*]}" >> "$log"
  "${check[@]}" >> "$log" 2>&1 || { rm -f "$part"; mv -f "$log" "$failed"; echo "replan: $way $name: j3o-check rejected the result$(why "$failed") (log: $failed)" >&2; exit 1; }
  placing=1
  mv -f "$part" "$res" && printf '%s\n' "${cmd[*]}" > "$cmdfile" && mv -f "$log" "$out/$way/$name.log" && rm -f "$failed" \
    || { echo "replan: cannot place $res with its .cmd and .log" >&2; exit 1; }
  placing= attempt=
  echo "replan: $way $name: done"
  [ -z "$pending" ] || stop $pending
}

solve cold 0 ""
for ((s = 1; s < ${#steps[@]}; s++)); do
  solve cold "$s" ""
  for way in warm warm-budget; do
    prevway=$way; [ "$s" -eq 1 ] && prevway=cold
    solve "$way" "$s" "$out/$prevway/$(basename "${steps[$((s - 1))]}")"
  done
done
"${PY[@]}" table "$trace" || exit 1
echo "replan: wrote $out/table.csv, table.md, replan.png"
