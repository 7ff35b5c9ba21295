#!/usr/bin/env bash
# Mistakes on the command line are loud and destroy nothing: unknown and misspelled options (with the
# closest name), bad values (named with their form), -o naming the input (symlink, hard link), an
# existing non-result, a directory or a missing directory, FIFO and directory inputs; each one line by
# one rank, exit 1, the input's bytes unchanged, no result. PETSc's own options stay accepted. More
# ranks than clusters: the extra ranks idle and the result equals the run on as many ranks as clusters.
set -uo pipefail
cd "$(dirname "$0")/../.."
source tests/sh/lib.sh

private_bins
"$tmp/j3o-gen" -o "$tmp/in.h5" -family paper -seed 5 > /dev/null || fail "j3o-gen"
sum0=$(sha256sum < "$tmp/in.h5")

# bad EXPECTED-LINE ARGS...: on $P ranks, exactly one stderr line equal to EXPECTED-LINE, nothing
# else on stderr (no mpirun banner with -q), exit 1, the input unchanged, no result at -o
P=2
bad() {
  local want=$1; shift
  timeout 60 $MPIRUN -q -n $P "$tmp/j3o" "$@" > "$tmp/out.log" 2> "$tmp/err.log"
  local rc=$?
  [ $rc -eq 1 ] || { cat "$tmp/err.log"; fail "j3o $*: exit $rc (want 1)"; }
  [ "$(cat "$tmp/err.log")" = "$want" ] || { echo "got:"; cat "$tmp/err.log"; echo "want: $want"; fail "j3o $*: error lines"; }
  [ "$(sha256sum < "$tmp/in.h5")" = "$sum0" ] || fail "j3o $*: the input changed"
  [ ! -e "$tmp/res.h5" ] || fail "j3o $*: a result was written"
}
I=(-i "$tmp/in.h5")
bad "j3o: unknown option -methd (did you mean -method?); -help lists every option" "${I[@]}" -o "$tmp/res.h5" -methd exact
bad "j3o: unknown option -j3o_quite (did you mean -j3o_quiet?); -help lists every option" "${I[@]}" -o "$tmp/res.h5" -j3o_quite
bad "j3o: -tao_type lmvm: expected j3okelley (default), j3osubgradient, blmvm or bqnls (shell names the default)" "${I[@]}" -o "$tmp/res.h5" -tao_type lmvm
P=1 # the rest on one rank: the two-rank runs above show one line for all ranks
bad "j3o: unknown option -frobnicate; -help lists every option" "${I[@]}" -o "$tmp/res.h5" -frobnicate 3
bad "j3o: -time_limit abc: expected a number of seconds >= 0" "${I[@]}" -o "$tmp/res.h5" -time_limit abc
bad "j3o: -swap_budget_mb 0x10: expected a number of MB >= 0" "${I[@]}" -o "$tmp/res.h5" -swap_budget_mb 0x10
bad "j3o: -swap_budget_mb 1e400: expected a number of MB >= 0" "${I[@]}" -o "$tmp/res.h5" -swap_budget_mb 1e400
bad "j3o: -j3o_alternations 2.5: expected an integer >= 1" "${I[@]}" -o "$tmp/res.h5" -j3o_alternations 2.5
bad "j3o: -j3o_swaps maybe: expected true or false" "${I[@]}" -o "$tmp/res.h5" -j3o_swaps maybe
bad "j3o: -method exakt: expected one of j3o, exact, bound, greedy, random, local-only, edge-only, cloud-only" "${I[@]}" -o "$tmp/res.h5" -method exakt
bad "j3o: -time_limit must be >= 0, got -1." "${I[@]}" -o "$tmp/res.h5" -time_limit -1
bad "j3o: -tao_kelley_warm_radius must be > 0, got 0." "${I[@]}" -o "$tmp/res.h5" -tao_kelley_warm_radius 0
bad "j3o: -tao_kelley_warm_tol must be >= 0, got -0.1" "${I[@]}" -o "$tmp/res.h5" -tao_kelley_warm_tol -0.1
# the coordinator's options are checked with the others, before any input is opened
bad "j3o: -tao_kelley_warm_tol must be >= 0, got -0.1" -i "$tmp/missing.h5" -o "$tmp/res.h5" -tao_kelley_warm_tol -0.1
bad "j3o: -j3o_warm_gap_slack abc: expected a number (< 0: the previous search gaps are not used)" "${I[@]}" -o "$tmp/res.h5" -j3o_warm_gap_slack abc
bad "j3o: -j3o_warm_gap_slack must be a number" "${I[@]}" -o "$tmp/res.h5" -j3o_warm_gap_slack nan
bad "j3o: -j3o_resolve_lp_budget must be >= 1, got 0" "${I[@]}" -o "$tmp/res.h5" -j3o_resolve_lp_budget 0
bad "j3o: -j3o_resolve_lp_budget abc: expected an integer >= 1" "${I[@]}" -o "$tmp/res.h5" -j3o_resolve_lp_budget abc
# a word PETSc would drop, an option PETSc would take twice (the last wins): both refused
bad "j3o: unexpected argument 'extra': every argument is -option [value]; -help lists them" "${I[@]}" -o "$tmp/res.h5" extra
bad "j3o: option -i given twice with different values ('$tmp/in.h5', '$tmp/other.h5'): give it once" "${I[@]}" -i "$tmp/other.h5" -o "$tmp/res.h5"
# -o is the input: itself, through a symlink, through a hard link (stat identity, not the name)
P=2
ln -s "$tmp/in.h5" "$tmp/link.h5"; ln "$tmp/in.h5" "$tmp/hard.h5"
bad "j3o: -o $tmp/in.h5 is the input file -i $tmp/in.h5 (the same file): choose another output" "${I[@]}" -o "$tmp/in.h5"
bad "j3o: -o $tmp/link.h5 is the input file -i $tmp/in.h5 (the same file): choose another output" "${I[@]}" -o "$tmp/link.h5"
P=1
bad "j3o: -o $tmp/hard.h5 is the input file -i $tmp/in.h5 (the same file): choose another output" "${I[@]}" -o "$tmp/hard.h5"
bad "j3o: -o $tmp/in.h5 is the input file -i $tmp/link.h5 (the same file): choose another output" -i "$tmp/link.h5" -o "$tmp/in.h5" -force
# an existing file that is not a j3o result: kept unless -force
printf 'my notes\n' > "$tmp/notes.txt"
bad "j3o: -o $tmp/notes.txt exists and is not a j3o result: not replaced (-force replaces it)" "${I[@]}" -o "$tmp/notes.txt"
[ "$(cat "$tmp/notes.txt")" = "my notes" ] || fail "notes.txt changed"
mkdir "$tmp/dir.h5"
bad "j3o: -o $tmp/dir.h5 is a directory: the output must be a file" "${I[@]}" -o "$tmp/dir.h5"
bad "j3o: -o $tmp/nodir/res.h5: cannot create a file in $tmp/nodir: No such file or directory" "${I[@]}" -o "$tmp/nodir/res.h5"
# inputs that are no regular file: one line, no hang on a FIFO
mkfifo "$tmp/fifo.h5"
bad "j3o: $tmp/fifo.h5: is a FIFO, not an HDF5 file" -i "$tmp/fifo.h5" -o "$tmp/res.h5"
bad "j3o: $tmp/dir.h5: is a directory, not an HDF5 file" -i "$tmp/dir.h5" -o "$tmp/res.h5"
bad "j3o: $tmp/none.h5: cannot be read: No such file or directory" -i "$tmp/none.h5" -o "$tmp/res.h5"
timeout 20 "$tmp/j3o-check" "$tmp/fifo.h5" "$tmp/in.h5" > /dev/null 2> "$tmp/err.log"; rc=$?
[ $rc -eq 2 ] && [ "$(cat "$tmp/err.log")" = "j3o-check: $tmp/fifo.h5: is a FIFO, not an HDF5 file" ] || { cat "$tmp/err.log"; fail "j3o-check on a FIFO: exit $rc"; }
"$tmp/j3o-check" -strict "$tmp/in.h5" "$tmp/in.h5" > /dev/null 2> "$tmp/err.log"; rc=$?
[ $rc -eq 2 ] && grep -q "^j3o-check: unknown option -strict" "$tmp/err.log" || { cat "$tmp/err.log"; fail "j3o-check -strict: exit $rc"; }

"$tmp/j3o-gen" -o "$tmp/g.h5" -edgse 3 > /dev/null 2> "$tmp/err.log"; rc=$?
[ $rc -eq 1 ] && grep -q "^j3o-gen: unknown option -edgse (did you mean -edges?)" "$tmp/err.log" && [ ! -e "$tmp/g.h5" ] || { cat "$tmp/err.log"; fail "j3o-gen -edgse: exit $rc"; }

# -force replaces a non-result; PETSc's and TAO's own options are accepted
run 2 "${I[@]}" -o "$tmp/notes.txt" -force -j3o_quiet -log_view -tao_monitor -options_left -info :none
check "$tmp/in.h5" "$tmp/notes.txt"
grep -q "There are no unused options" "$tmp/log" || { cat "$tmp/log"; fail "-options_left reports unused options"; }
# -log_view shows every phase of a J3O run as its event
for e in J3oRead J3oSetup J3oBound J3oDualUpdate J3oSearch J3oRecovery J3oWrite J3oLP J3oOnload; do
  grep -q "^$e " "$tmp/log" || { cat "$tmp/log"; fail "-log_view has no $e event"; }
done
# an existing result is replaced without -force
run 1 "${I[@]}" -o "$tmp/notes.txt" -j3o_quiet
check "$tmp/in.h5" "$tmp/notes.txt"
# a warm start's knobs without -previous: a valid cold run, and a note for each (none with -previous)
run 2 "${I[@]}" -o "$tmp/cold.h5" -j3o_quiet -j3o_warm_lp_budget 5 -tao_kelley_warm_tol 1e-3
check "$tmp/in.h5" "$tmp/cold.h5"
[ "$(grep -c '^j3o: note: .* has no effect without -previous' "$tmp/log")" -eq 2 ] \
  && grep -q '^j3o: note: -j3o_warm_lp_budget has no effect without -previous' "$tmp/log" \
  && grep -q '^j3o: note: -tao_kelley_warm_tol has no effect without -previous' "$tmp/log" || { cat "$tmp/log"; fail "warm-only notes"; }
run 2 "${I[@]}" -o "$tmp/warm.h5" -j3o_quiet -previous "$tmp/cold.h5" -j3o_warm_lp_budget 5 -tao_kelley_warm_tol 1e-3
! grep -q 'has no effect' "$tmp/log" || { cat "$tmp/log"; fail "a warm-only note with -previous"; }

# every option the solver queries is in its table of names (for the value checks and suggestions)
for o in $(grep -o 'PetscOptions[A-Za-z]*("-[a-z0-9_]*"' src/coord/solve_options.c | grep -o '"-[a-z0-9_]*"'); do
  [ "$(grep -c "{$o, J3O_OPT" src/coord/solve_options.c)" -eq 1 ] || fail "$o is queried but not in J3oSolveOptionSpecs"
done

# more ranks than clusters: ranks 2-3 idle, one note line, the result of a 2-rank run
"$tmp/j3o-gen" -o "$tmp/two.h5" -family scale -edges 2 -seed 3 > /dev/null || fail "j3o-gen two"
run 4 -i "$tmp/two.h5" -o "$tmp/four.h5" -j3o_quiet
[ "$(grep -c '^j3o: note: 4 ranks but 2 edge clusters: ranks 2-3 idle$' "$tmp/log")" -eq 1 ] || { cat "$tmp/log"; fail "idle-rank note"; }
run 2 -i "$tmp/two.h5" -o "$tmp/twor.h5" -j3o_quiet
! grep -q "idle" "$tmp/log" || fail "a note on 2 ranks"
check "$tmp/two.h5" "$tmp/four.h5"
$PY - "$tmp/four.h5" "$tmp/twor.h5" <<'PY' || fail "4 ranks and 2 ranks differ"
import h5py, numpy as np, sys
a, b = h5py.File(sys.argv[1], "r"), h5py.File(sys.argv[2], "r")
skip_attr = {"/ranks", "/summary/wall_s"}
def items(f):
    out = {}
    def v(name, o):
        if isinstance(o, h5py.Dataset) and name != "trace/elapsed_s": out[name] = o[...]
        for k, x in o.attrs.items(): out[f"/{name}/{k}".replace("//", "/")] = x
    for k, x in f.attrs.items(): out[f"/{k}"] = x
    f.visititems(v)
    return {k: x for k, x in out.items() if k not in skip_attr}
A, B = items(a), items(b)
assert A.keys() == B.keys(), A.keys() ^ B.keys()
bad = [k for k in A if not np.array_equal(np.asarray(A[k]), np.asarray(B[k]), equal_nan=np.asarray(A[k]).dtype.kind == "f")]
assert not bad, bad
assert int(a.attrs["ranks"]) == 4 and int(b.attrs["ranks"]) == 2
PY
echo "test_cli_guards: ok"
