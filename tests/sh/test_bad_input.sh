#!/usr/bin/env bash
# Instance reading under MPI: the I/O unit tests at 2 and 3 ranks, then bin/j3o on malformed instances
# (one "j3o: FILE: DATASET: RULE" line, nonzero exit, no result file) and on an h5py-style instance.
set -uo pipefail
cd "$(dirname "$0")/../.."
source tests/sh/lib.sh

[ -x tests/bin/test_instance_io ] || fail "tests/bin/test_instance_io not built"
for P in 2 3; do
  $MPIRUN -n $P tests/bin/test_instance_io > "$tmp/unit.log" 2>&1 || { cat "$tmp/unit.log"; fail "test_instance_io on $P ranks"; }
  # the rank-local error of test_world is printed by exactly one rank
  n=$(grep -c 'world-[0-9]*\.h5: /clients/demand: must be >= 0' "$tmp/unit.log")
  [ "$n" -eq 1 ] || { cat "$tmp/unit.log"; fail "$n lines for the collective error on $P ranks (want 1)"; }
done

for b in j3o j3o-gen j3o-check; do [ -x bin/$b ] || fail "bin/$b not built (make all)"; done
# private copies: a concurrent rebuild must not pull the binaries away mid-test
cp bin/j3o bin/j3o-gen bin/j3o-check "$tmp/" || fail "copying binaries"
"$tmp/j3o-gen" -o "$tmp/good.h5" -family paper -seed 5 > /dev/null || fail "j3o-gen"

# mutate NAME PYTHON: copy good.h5 to NAME.h5 and run PYTHON with f = the open file
mutate() {
  cp "$tmp/good.h5" "$tmp/$1.h5"
  $PY - "$tmp/$1.h5" "$2" <<'EOF' || fail "mutating $1"
import sys, h5py, numpy as np
f = h5py.File(sys.argv[1], "r+")
exec(sys.argv[2])
f.close()
EOF
}

# expect_bad NAME RANKS WHERE: one line "j3o: FILE: WHERE: ...", nonzero exit, no result, no PETSc traceback
expect_bad() {
  local in="$tmp/$1.h5" out="$tmp/$1-out.h5"
  if $MPIRUN -n "$2" "$tmp/j3o" -i "$in" -o "$out" > "$tmp/out.log" 2> "$tmp/err.log"; then fail "$1: j3o succeeded on a bad instance"; fi
  local n; n=$(grep -c "^j3o: $in: $3: " "$tmp/err.log")
  [ "$n" -eq 1 ] || { cat "$tmp/err.log"; fail "$1 on $2 ranks: $n lines naming $3 (want 1)"; }
  ! grep -q "PETSC ERROR" "$tmp/err.log" || { cat "$tmp/err.log"; fail "$1: PETSc traceback printed"; }
  [ ! -e "$out" ] || fail "$1: result file written"
  ! ls "$tmp" | grep -q "$1-out.h5.tmp" || fail "$1: temporary result left"
}

mutate neg-input 'f["tasks/input_mb"][1] = -1'
mutate nan-accuracy 'f["models/accuracy"][0, 0] = np.nan'
mutate last-demand 'f["clients/demand"][-1, 0] = -2'
mutate rho 'f["params"].attrs["rho"] = 0.0'
mutate edge-f64 'e = f["clients/edge"][:]; del f["clients/edge"]; f["clients/edge"] = e.astype(np.float64)'
mutate shape 'a = f["models/accuracy"][:]; del f["models/accuracy"]; f["models/accuracy"] = a.T.copy()'
printf 'not an instance\n' > "$tmp/text.h5"
expect_bad neg-input 1 /tasks/input_mb
expect_bad text 1 /
expect_bad neg-input 2 /tasks/input_mb
expect_bad nan-accuracy 2 /models/accuracy
expect_bad last-demand 2 /clients/demand
expect_bad rho 2 /params@rho
expect_bad edge-f64 2 /clients/edge
expect_bad shape 2 /models/accuracy
expect_bad text 2 /

# h5py's defaults: variable-length UTF-8 strings, int64 scalar version, no duty cycles; the reader must accept it
mutate h5py-style '
for p in ("tasks/name", "models/name"):
    v = [s.decode() for s in f[p][:]]; del f[p]; f[p] = v
f.attrs["format"] = "j3o-instance"; f.attrs["name"] = "h5py"; f.attrs["version"] = np.int64(1)
if "params/duty_cycles_s" in f: del f["params/duty_cycles_s"]
'
$PY -c "import h5py,sys; assert h5py.check_string_dtype(h5py.File(sys.argv[1],'r')['tasks/name'].dtype).length is None" "$tmp/h5py-style.h5" || fail "h5py-style names are not variable length"
$MPIRUN -n 2 "$tmp/j3o" -i "$tmp/h5py-style.h5" -o "$tmp/h5py-out.h5" > "$tmp/out.log" 2> "$tmp/err.log" || { cat "$tmp/err.log"; fail "h5py-style instance rejected"; }
"$tmp/j3o-check" "$tmp/h5py-style.h5" "$tmp/h5py-out.h5" > "$tmp/check.log" 2>&1 || { cat "$tmp/check.log"; fail "j3o-check rejects the result of the h5py-style instance"; }
echo "test_bad_input: ok"
