#!/usr/bin/env bash
# The sampled start of the price search (-j3o_price_sample): the same certified bound as the plain
# Kelley search (to the dual tolerance) when the cloud binds hard, binds only for clusters outside
# the sample (the re-sample by cloud use after the evaluation at 0), or does not bind; sample rows are
# printed but never enter /trace; every result passes j3o-check; the same result for P = 1, 2, 3.
set -euo pipefail
cd "$(dirname "$0")/../.."
source tests/sh/lib.sh

# 32 clusters; -j3o_price_sample 8 samples every 4th (8 clusters, used since 32 >= 4 x 8)
bin/j3o-gen -o "$tmp/base.h5" -family paper-batch -seed 5 -edges 32 >/dev/null
$PY - "$tmp" <<'PYEOF'
import shutil, sys, h5py, numpy as np
tmp = sys.argv[1]
def variant(name, gflops_factor, skew=False):
    dst = f"{tmp}/{name}.h5"
    shutil.copy(f"{tmp}/base.h5", dst)
    with h5py.File(dst, "r+") as f:
        f["cloud"].attrs["gflops"] = gflops_factor * float(f["cloud"].attrs["gflops"])
        if skew:
            # the sampled edges reach the cloud only for long-deadline tasks and carry a hundred times the
            # demand of the others: by its share of the demand the sample sees no binding cloud
            lat = f["edges/cloud_latency_s"][...]; lat[::4] = 0.2; f["edges/cloud_latency_s"][...] = lat
            short = f["tasks/deadline_s"][...] < 0.2
            st = np.concatenate([[0], np.cumsum(np.bincount(f["clients/edge"][...], minlength=len(lat)))])
            lam = f["clients/demand"][...]
            for e in range(0, len(lat), 4):
                lam[st[e]:st[e + 1], short] *= 100
            f["clients/demand"][...] = lam
variant("hard", 1e-3)
variant("skew", 3e-3, skew=True)
variant("slack", 1.0)
PYEOF

rows() { $PY -c "import h5py,sys; print(h5py.File(sys.argv[1],'r')['trace/mu_F'].shape[0])" "$1"; }
for f in hard skew slack; do
  run 2 -i "$tmp/$f.h5" -o "$tmp/$f-off.h5" -j3o_price_sample 0
  grep -qE '^ +s[0-9]+ ' "$tmp/log" && fail "$f: sample rows without a sample"
  check "$tmp/$f.h5" "$tmp/$f-off.h5"
  for P in 1 2 3; do
    run "$P" -i "$tmp/$f.h5" -o "$tmp/$f-on-$P.h5" -j3o_price_sample 8
    check "$tmp/$f.h5" "$tmp/$f-on-$P.h5"
    cp "$tmp/log" "$tmp/$f-on-$P.log"
  done
  grep -qE '^ +s1 ' "$tmp/$f-on-2.log" || { cat "$tmp/$f-on-2.log"; fail "$f: no sample rows"; }
  full=$(grep -cE '^ +[0-9]+ ' "$tmp/$f-on-2.log")
  [ "$(rows "$tmp/$f-on-2.h5")" = "$((full + 1))" ] || fail "$f: /trace rows are not the $full full evaluations + final"
done
# the re-sample: sample rows, the evaluation at 0, sample rows again
grep -E '^ +(s?[0-9]+|final) ' "$tmp/skew-on-2.log" | awk '{print $1}' | tr '\n' ' ' | grep -qE '^s1 1 s1 ' \
  || { cat "$tmp/skew-on-2.log"; fail "skew: no re-sample after the evaluation at 0"; }
# a cloud that does not bind: prices stay 0
grep -E '^final ' "$tmp/slack-on-2.log" | awk '{exit !($2 == 0 && $3 == 0)}' || { cat "$tmp/slack-on-2.log"; fail "slack: prices moved"; }

$PY - "$tmp" <<'PYEOF'
import sys, h5py, numpy as np
tmp = sys.argv[1]
for f in ("hard", "skew", "slack"):
    off = h5py.File(f"{tmp}/{f}-off.h5", "r")["summary"].attrs
    ref = h5py.File(f"{tmp}/{f}-on-1.h5", "r")
    for P in (1, 2, 3):
        r = h5py.File(f"{tmp}/{f}-on-{P}.h5", "r")
        s = r["summary"].attrs
        # both searches stop within -j3o_dual_tol (1e-6) of the dual minimum
        assert abs(float(s["upper_bound"]) - float(off["upper_bound"])) <= 2e-6 * float(off["upper_bound"]), (f, P, s["upper_bound"], off["upper_bound"])
        assert float(s["accuracy"]) <= float(s["upper_bound"]) + 1e-12
        assert abs(float(s["accuracy"]) - float(ref["summary"].attrs["accuracy"])) <= 1e-9, (f, P)
        for d in ("onload/client", "onload/edge", "onload/duty_cycle_s"):
            assert np.array_equal(r[d][...], ref[d][...]), (f, P, d)
    print(f"{f}: bound sampled {float(ref['summary'].attrs['upper_bound']):.8f} plain {float(off['upper_bound']):.8f}; accuracy {float(ref['summary'].attrs['accuracy']):.6f} / {float(off['accuracy']):.6f}")
PYEOF
echo "test_price_sample: all passed"
