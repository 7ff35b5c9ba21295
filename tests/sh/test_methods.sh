#!/usr/bin/env bash
# The method table drives bin/j3o: -help lists one line per method (name, where it runs, routes,
# summary), the usage line and the -method error name the same methods, docs/design.md's method
# table equals the -help lines, and every listed method runs on 2 ranks, writes a result that
# passes j3o-check, names itself in it and routes only over the route kinds its line allows.
set -euo pipefail
cd "$(dirname "$0")/../.."
source tests/sh/lib.sh
private_bins

"$tmp/j3o" -help > "$tmp/help" 2>&1 || fail "j3o -help"
# the lines between "Methods (" and "Exit status"
awk '/^Methods \(/{on=1; next} /^Exit status/{on=0} on' "$tmp/help" > "$tmp/methods"
[ -s "$tmp/methods" ] || { cat "$tmp/help"; fail "-help lists no method"; }
names=$(awk '{print $1}' "$tmp/methods")

# the usage line names the same methods in the same order
usage=$(sed -n 's/.*\[-method \([^] ]*\)\].*/\1/p' "$tmp/help" | head -1)
[ "$usage" = "$(echo $names | tr ' ' '|')" ] || fail "usage lists -method $usage, the method lines: $names"

# an unknown method: the message names every method
if $MPIRUN -n 1 "$tmp/j3o" -i x.h5 -o "$tmp/x.h5" -method exakt > "$tmp/bad" 2>&1; then fail "-method exakt succeeded"; fi
grep -qx "j3o: -method exakt: expected one of $(echo $names | sed 's/ /, /g')" "$tmp/bad" || { cat "$tmp/bad"; fail "-method exakt: message does not list the methods"; }

# docs/design.md's table "| `NAME` | WHERE | ROUTES | SUMMARY |" equals the -help lines
$PY - "$tmp/methods" docs/design.md <<'PYEOF' || fail "docs/design.md's method table differs from bin/j3o -help"
import re, sys
helped = []
for line in open(sys.argv[1]):
    m = re.match(r"  (\S+) +(distributed|rank 0) +(\S+) +(.*)$", line.rstrip("\n"))
    assert m, f"-help method line of unexpected form: {line!r}"
    helped.append(m.groups())
doc = [tuple(c.strip().strip("`") for c in l.strip().strip("|").split("|"))
       for l in open(sys.argv[2]) if re.match(r"\| `[^`]+` \| (distributed|rank 0) \|", l)]
if doc != helped:
    print("-help:", *helped, "docs/design.md:", *doc, sep="\n  ")
    sys.exit(1)
print(f"docs/design.md lists the {len(doc)} methods of -help")
PYEOF

"$tmp/j3o-gen" -o "$tmp/in.h5" -family paper-batch -seed 5 -edges 3 > /dev/null
ran=0
while read -r name where w2 w3 _; do
  routes=$w2
  [ "$where" = rank ] && where="rank 0" && routes=$w3
  $MPIRUN -n 2 "$tmp/j3o" -i "$tmp/in.h5" -o "$tmp/$name.h5" -method "$name" -j3o_quiet -time_limit 60 < /dev/null > "$tmp/log" 2>&1 ||
    { cat "$tmp/log"; fail "-method $name"; }
  "$tmp/j3o-check" "$tmp/in.h5" "$tmp/$name.h5" > "$tmp/check" 2>&1 || { cat "$tmp/check"; fail "j3o-check of -method $name"; }
  $PY - "$tmp/$name.h5" "$name" "$routes" <<'PYEOF' || fail "-method $name"
import sys, h5py
f, name, allowed = h5py.File(sys.argv[1], "r"), sys.argv[2], sys.argv[3].split(",")
m = f.attrs["method"]
m = m.decode() if isinstance(m, bytes) else m
assert m == name, f"the result says method {m!r}"
used = {("local", "edge", "cloud")[r] for r in f["offload/route"][...]}
assert used <= set(allowed), f"routes {sorted(used)} outside {allowed}"
if allowed == ["local"]: assert f["onload/edge"][...].sum() == 0, "a model on the edge"
if allowed == ["edge"]: assert f["onload/client"][...].sum() == 0, "a model on a client"
if allowed == ["cloud"]: assert f["onload/edge"][...].sum() + f["onload/client"][...].sum() == 0, "a model resident"
PYEOF
  echo "ok: -method $name ($where, routes $routes)"
  ran=$((ran + 1))
done < "$tmp/methods"
[ "$ran" -eq "$(wc -l < "$tmp/methods")" ] || fail "ran $ran of $(wc -l < "$tmp/methods") methods"
echo "test_methods: ok"
