# lib.sh: what the end-to-end shell tests share (sourced from the repository root, not run): the MPI
# launcher, the Python that has h5py, a scratch directory removed on exit, helpers that fail loudly.
export OMPI_ALLOW_RUN_AS_ROOT=${OMPI_ALLOW_RUN_AS_ROOT:-1} OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=${OMPI_ALLOW_RUN_AS_ROOT_CONFIRM:-1}
# no 2 s wait by mpirun after a refused run (tests/run-all.sh says why)
export OMPI_MCA_odls_base_sigkill_timeout=${OMPI_MCA_odls_base_sigkill_timeout:-0}
MPIRUN=${MPIRUN:-mpirun --oversubscribe}
PY=/usr/bin/python3
H5TOOL=tests/sh/h5tool.py
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*"; exit 1; }
# run P ARGS...: bin/j3o on P ranks with $J3O_RUN_OPTS, its output in $tmp/log
run() { $MPIRUN -n "$1" bin/j3o ${J3O_RUN_OPTS:-} "${@:2}" > "$tmp/log" 2>&1 || { cat "$tmp/log"; fail "j3o -n $1 ${*:2}"; }; }
# check INSTANCE RESULT: the independent checker accepts the result
check() { bin/j3o-check "$1" "$2" > "$tmp/check" 2>&1 || { cat "$tmp/check"; fail "j3o-check $2"; }; }
# check_prev INSTANCE RESULT PREV: the checker accepts a re-plan from PREV
check_prev() { bin/j3o-check "$1" "$2" -previous "$3" > "$tmp/check" 2>&1 || { cat "$tmp/check"; fail "j3o-check $2 -previous $3"; }; }
# read_churn VAR INSTANCE RESULT PREV: the array VAR = each cluster's churn (MB) recomputed by
# h5tool.py, then the number of models loaded that PREV did not hold
read_churn() { local out; out=$($PY $H5TOOL churn "$2" "$3" "$4") || fail "churn of $3"; read -r -a "$1" <<< "$out"; }
# private_bins: the binaries built and copied to $tmp (a concurrent rebuild cannot pull them away)
private_bins() {
  for b in j3o j3o-gen j3o-check; do [ -x bin/$b ] || fail "bin/$b not built (make all)"; done
  cp bin/j3o bin/j3o-gen bin/j3o-check "$tmp/" || fail "copying binaries"
}
# attr RESULT NAME: /summary@NAME
attr() { $PY $H5TOOL attr "$1" "$2" || fail "attr $1 $2"; }
# same REF RESULT...: every result equals REF (onloading, offloading, summary, price trace)
same() { $PY $H5TOOL same "$@" || fail "results differ from $1"; }
# cut_cloud SRC DST FF FB UF UB: DST = SRC with cloud compute cut to FF x UF GFLOP/s (over rho) and
# ingress to FB x UB MB/s. UF and UB are recorded numbers, J3O's cloud use on SRC with an unbounded
# cloud (at prices 0; `h5tool.py use SRC RESULT` prints it): a degenerate optimum's use moves with the
# solver's LP path, so the test instances are fixed data, not derived from the build under test.
cut_cloud() {
  $PY $H5TOOL cut "$1" "$2" "$5" "$6" "$3" "$4" || fail "cut cloud of $1"
}
