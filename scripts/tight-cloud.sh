#!/usr/bin/env bash
# J3O against the exact optimum on paper instances whose cloud was cut to bind (where recovery works):
# seeds 1-N of paper and paper-batch (generated), cloud compute x0.05 / x0.02 and ingress 10 % of the
# demand's input in turn, exact MILP once per instance, then J3O with the given options.
# Usage: scripts/tight-cloud.sh [N] [J3O OPTIONS...]   (default N = 10; prints mean / min % of exact)
set -euo pipefail
cd "$(dirname "$0")/.."
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1
MPIRUN=${MPIRUN:-mpirun --oversubscribe}
PY=/usr/bin/python3
n=${1:-10}; shift || true
out=${J3O_RESULTS:-$PWD/results}/tight-cloud; mkdir -p "$out"
for fam in paper paper-batch; do
  for s in $(seq 1 "$n"); do
    f="$out/$fam-$s.h5"
    if [ ! -f "$f" ]; then
      bin/j3o-gen -o "$f.tmp.h5" -family "$fam" -seed "$s" >/dev/null
      $PY - "$f.tmp.h5" "$s" <<'PYEOF'
import sys, h5py
path, s = sys.argv[1], int(sys.argv[2])
with h5py.File(path, "r+") as f:
    lam = f["clients/demand"][...]; d = f["tasks/input_mb"][...]
    # compute-bound, ingress-bound, both, in turn
    if s % 3 != 2: f["cloud"].attrs["gflops"] = (0.02 if s % 3 == 0 else 0.05) * float(f["cloud"].attrs["gflops"])
    if s % 3 != 1: f["cloud"].attrs["ingress_mb_s"] = 0.1 * float((lam * d).sum())
PYEOF
      mv "$f.tmp.h5" "$f"
    fi
    [ -f "$out/$fam-$s-exact.h5" ] || $MPIRUN -n 1 bin/j3o -i "$f" -o "$out/$fam-$s-exact.h5" -method exact -time_limit 60 -j3o_quiet >/dev/null
    $MPIRUN -n 2 bin/j3o -i "$f" -o "$out/$fam-$s-j3o.h5" -j3o_quiet "$@" >/dev/null
    bin/j3o-check "$f" "$out/$fam-$s-j3o.h5" >/dev/null
  done
done
$PY - "$out" "$n" <<'PYEOF'
import sys, h5py, numpy as np
out, n = sys.argv[1], int(sys.argv[2])
for fam in ("paper", "paper-batch"):
    r = []
    for s in range(1, n + 1):
        e = h5py.File(f"{out}/{fam}-{s}-exact.h5", "r")["summary"].attrs
        j = h5py.File(f"{out}/{fam}-{s}-j3o.h5", "r")["summary"].attrs
        st = e["status"].decode() if isinstance(e["status"], bytes) else e["status"]
        assert st == "optimal", (fam, s, st)
        r.append(j["accuracy"] / e["accuracy"])
    r = np.array(r)
    print(f"{fam}: J3O mean {100 * r.mean():.3f} % min {100 * r.min():.3f} % of the exact optimum over {n} cut-cloud instances")
PYEOF
