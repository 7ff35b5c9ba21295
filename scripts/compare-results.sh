#!/usr/bin/env bash
# Runs two builds of j3o on the same instances and methods and reports any difference in the results:
# /summary accuracy, upper_bound, gap, status, every /onload and /offload dataset and the price trace
# (all compared bitwise, then to 1e-9), and the -log_view event names and counts.
# Instances: paper and paper-batch seeds 1-4, one scale instance with 30 edges, and two instances
# with the cloud cut so that recovery runs: one binds on cloud compute, one on cloud ingress.
# Usage: scripts/compare-results.sh OLD_BIN_DIR [NEW_BIN_DIR]   (NEW defaults to ./bin; exit 1 on a difference)
# NEW_ONLY="group ..." (environment) names groups that only the new build writes (e.g. NEW_ONLY=shared
# when the old build predates /shared): their datasets are listed, not counted as differences.
set -euo pipefail
cd "$(dirname "$0")/.."
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1 OMPI_MCA_rmaps_base_oversubscribe=1
MPIRUN=${MPIRUN:-mpirun --oversubscribe}
PY=/usr/bin/python3
old=$(cd "${1:?usage: $0 OLD_BIN_DIR [NEW_BIN_DIR]}" && pwd)
new=$(cd "${2:-bin}" && pwd)
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT

gen() { "$old/j3o-gen" -o "$work/$1.h5" "${@:2}" >/dev/null; }
for s in 1 2 3 4; do gen paper-$s -family paper -seed "$s"; gen batch-$s -family paper-batch -seed "$s"; done
gen scale30 -family scale -seed 1 -edges 30
# cut clouds: cut-paper-1 binds on cloud compute (mu_F > 0), cut-batch-2 on cloud ingress (mu_B > 0)
for name in cut-paper-1 cut-batch-2; do
  fam=paper; ingress=0.1
  [ "$name" = cut-batch-2 ] && fam=paper-batch && ingress=0.003
  gen "$name" -family "$fam" -seed "${name##*-}"
  $PY - "$work/$name.h5" "$ingress" <<'PYEOF'
import sys, h5py
with h5py.File(sys.argv[1], "r+") as f:
    lam = f["clients/demand"][...]; d = f["tasks/input_mb"][...]
    f["cloud"].attrs["gflops"] = 0.05 * float(f["cloud"].attrs["gflops"])
    f["cloud"].attrs["ingress_mb_s"] = float(sys.argv[2]) * float((lam * d).sum())
PYEOF
done

fail=0
for inst in paper-1 paper-2 paper-3 paper-4 batch-1 batch-2 batch-3 batch-4 scale30 cut-paper-1 cut-batch-2; do
  for m in j3o bound greedy random exact; do
    # the exact MILP on the scale instance is too large for a quick comparison
    [ "$inst" = scale30 ] && [ "$m" = exact ] && continue
    for side in old new; do
      bindir=$old; [ $side = new ] && bindir=$new
      $MPIRUN -n 2 "$bindir/j3o" -i "$work/$inst.h5" -o "$work/$inst-$m-$side.h5" -method "$m" -j3o_quiet -log_view \
        > "$work/$inst-$m-$side.log"
      # event name, count and count ratio: the columns that do not depend on timing
      awk '/^--- Event Stage/{on=1} on && NF > 10 && $2 ~ /^[0-9]+$/ {print $1, $2, $3}' "$work/$inst-$m-$side.log" \
        > "$work/$inst-$m-$side.events"
    done
    if ! diff -q "$work/$inst-$m-old.events" "$work/$inst-$m-new.events" >/dev/null; then
      echo "DIFF $inst $m: -log_view events"; diff "$work/$inst-$m-old.events" "$work/$inst-$m-new.events" || :
      fail=1
    fi
    if ! $PY - "$work/$inst-$m-old.h5" "$work/$inst-$m-new.h5" "$inst" "$m" "${NEW_ONLY:-}" <<'PYEOF'
import sys, h5py, numpy as np
a, b = h5py.File(sys.argv[1], "r"), h5py.File(sys.argv[2], "r")
tag = f"{sys.argv[3]} {sys.argv[4]}"
new_only = sys.argv[5].split()
added = []
bad, worst = [], 0.0
for k in ("accuracy", "upper_bound", "gap", "status", "served_fraction"):
    x, y = a["summary"].attrs.get(k), b["summary"].attrs.get(k)
    if isinstance(x, (bytes, str)) or isinstance(y, (bytes, str)):
        if x != y: bad.append(f"summary/{k}: {x!r} vs {y!r}")
    elif x is not None or y is not None:
        if x is None or y is None: bad.append(f"summary/{k} present on one side only")
        elif float(x) != float(y):
            worst = max(worst, abs(float(x) - float(y)))
            if abs(float(x) - float(y)) > 1e-9: bad.append(f"summary/{k}: {x!r} vs {y!r}")
names = []
for f in (a, b):
    f.visit(lambda n, f=f: names.append(n) if isinstance(f[n], h5py.Dataset) and n != "trace/elapsed_s" else None)
for n in sorted(set(names)):
    if n not in a and n in b and n.split("/")[0] in new_only: added.append(n); continue
    if n not in a or n not in b: bad.append(f"{n} present on one side only"); continue
    x, y = a[n][...], b[n][...]
    if x.shape != y.shape: bad.append(f"{n}: shape {x.shape} vs {y.shape}"); continue
    if np.array_equal(x, y): continue
    d = float(np.max(np.abs(x.astype(float) - y.astype(float))))
    worst = max(worst, d)
    if d > 1e-9: bad.append(f"{n}: max difference {d:g}")
if bad:
    print(f"DIFF {tag}: " + "; ".join(bad)); sys.exit(1)
s = a["summary"].attrs
ub = f" upper_bound {float(s['upper_bound']):.12f}" if "upper_bound" in s else ""
mu = f" final prices {a['trace/mu_F'][-1]:.3g} {a['trace/mu_B'][-1]:.3g}" if "trace/mu_F" in a else ""
print(f"same {tag}: accuracy {float(s['accuracy']):.12f}{ub}{mu}" + (" (bitwise)" if worst == 0 else f" (max difference {worst:g})")
      + (f"; new only: {' '.join(added)}" if added else ""))
PYEOF
    then fail=1; fi
  done
done
[ $fail = 0 ] && echo "compare-results: all identical" || echo "compare-results: DIFFERENCES found"
exit $fail
