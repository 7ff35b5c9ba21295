#!/usr/bin/env bash
# Cross-checks `j3o -method exact` against scripts/independent_milp.py (own MILP, cbc binary) on
# small seeded instances of families paper and paper-batch: accuracies agree to 1e-6, the result
# passes j3o-check, and the exact run is proven optimal.
set -u
cd "$(dirname "$0")/../.."
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1
PY=/usr/bin/python3
for b in bin/j3o bin/j3o-gen bin/j3o-check; do
  [ -x "$b" ] || { echo "test_exact_crosscheck: $b missing (make all)"; exit 1; }
done
command -v cbc >/dev/null || { echo "test_exact_crosscheck: cbc binary missing (coinor-cbc)"; exit 1; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail=0
# (family seed): a few paper-scale draws with and without batching, each solving in ~1 s.
for case in "paper 1" "paper 2" "paper 5" "paper-batch 1" "paper-batch 2" "paper-batch 3"; do
  set -- $case
  fam=$1 seed=$2
  inst="$tmp/$fam-$seed.h5" res="$tmp/$fam-$seed.res.h5"
  if ! bin/j3o-gen -o "$inst" -family "$fam" -seed "$seed" >/dev/null; then
    echo "FAIL $fam $seed: j3o-gen"; fail=1; continue
  fi
  if ! bin/j3o -i "$inst" -o "$res" -method exact -time_limit 60 >"$tmp/log" 2>&1; then
    cat "$tmp/log"; echo "FAIL $fam $seed: j3o -method exact"; fail=1; continue
  fi
  if ! bin/j3o-check "$inst" "$res"; then
    echo "FAIL $fam $seed: j3o-check"; fail=1
  fi
  ind=$($PY scripts/independent_milp.py "$inst" --seconds 60) || { echo "FAIL $fam $seed: independent_milp.py"; fail=1; continue; }
  if ! $PY - "$res" <<EOF
import sys, h5py
s = h5py.File(sys.argv[1], "r")["summary"].attrs
acc, status = float(s["accuracy"]), s["status"]
status = status.decode() if isinstance(status, bytes) else str(status)
lines = dict(l.split(" ", 1) for l in """$ind""".splitlines())
ref, ref_status = float(lines["accuracy"]), lines["status"].strip()
ok = abs(acc - ref) <= 1e-6 and status == "optimal" and ref_status == "optimal"
print("%s %-12s seed %s: exact %.9f (%s)  independent %.9f (%s)" % ("ok  " if ok else "FAIL", "$fam", "$seed", acc, status, ref, ref_status))
sys.exit(0 if ok else 1)
EOF
  then fail=1; fi
done
exit $fail
