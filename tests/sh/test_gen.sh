#!/usr/bin/env bash
# j3o-gen CLI: writes valid files, deterministic per seed, chunked when large, clean one-line errors and no file on failure.
set -u
cd "$(dirname "$0")/../.."
GEN=bin/j3o-gen
[ -x "$GEN" ] || { echo "missing $GEN (make all)"; exit 1; }
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
fail=0
bad() { echo "FAIL: $*"; fail=1; }

# deterministic: same seed -> same data; different seed -> different data
$GEN -o "$tmp/a.h5" -family paper-batch -seed 5 >/dev/null || bad "paper-batch seed 5"
$GEN -o "$tmp/b.h5" -family paper-batch -seed 5 >/dev/null || bad "paper-batch seed 5 again"
$GEN -o "$tmp/c.h5" -family paper-batch -seed 6 >/dev/null || bad "paper-batch seed 6"
h5diff -q "$tmp/a.h5" "$tmp/b.h5" || bad "same seed gives different files"
h5diff -q "$tmp/a.h5" "$tmp/c.h5" >/dev/null 2>&1 && bad "different seeds give the same file"

# sizes, options and layout seen from h5py
$GEN -o "$tmp/s.h5" -family scale -seed 2 -edges 300 -clients_per_edge 50 >/dev/null || bad "scale"
/usr/bin/python3 - "$tmp/a.h5" "$tmp/s.h5" <<'EOF' || fail=1
import sys, h5py, numpy as np
a, s = h5py.File(sys.argv[1], "r"), h5py.File(sys.argv[2], "r")
ok = True
def check(cond, what):
    global ok
    if not cond: print("FAIL:", what); ok = False
check(a.attrs["format"] in (b"j3o-instance", "j3o-instance"), "format attribute")
check(3 <= len(a["params/duty_cycles_s"]) <= 4, "paper-batch K in 3..4")
check(2 <= len(a["edges/gflops"]) <= 6, "paper edges 2..6")
acc = a["models/accuracy"][...]
check(acc.min() >= 0 and acc.max() <= 1, "accuracy in [0,1]")
check(s["clients/demand"].shape == (15000, 5), "scale demand shape")
check(s["clients/demand"].chunks is not None and s["clients/demand"].compression == "gzip", "scale demand chunked + deflated")
e = s["clients/edge"][...]
check(np.all(np.diff(e) >= 0) and len(np.unique(e)) == 300, "clients grouped, every edge has a client")
sys.exit(0 if ok else 1)
EOF

# errors: one-line reason + usage, nonzero exit, no output file
for args in "-family paper -seed 1" "-o $tmp/x.h5 -family nope" "-o $tmp/x.h5 -tasks 7" "-o $tmp/x.h5 -seed -3" "-o $tmp/x.h5 -family paper -tasks 3 -models 1000"; do
  if $GEN $args >"$tmp/out" 2>&1; then bad "accepted: $args"; fi
  grep -q '^j3o-gen: ' "$tmp/out" || bad "no j3o-gen: reason for: $args"
  grep -q 'usage:' "$tmp/out" || bad "no usage hint for: $args"
  grep -qi 'traceback\|PETSC ERROR' "$tmp/out" && bad "traceback for: $args"
  [ -e "$tmp/x.h5" ] && bad "file left behind by: $args"
done
$GEN -help >"$tmp/help" 2>&1 || bad "-help exits nonzero"
grep -q -- '-clients_per_edge' "$tmp/help" || bad "-help does not list the options"

[ $fail -eq 0 ] && echo "test_gen.sh: ok"
exit $fail
