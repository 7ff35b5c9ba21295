#!/usr/bin/env bash
# The regression corpus (tests/corpus): the cases of issue 10 and those `make fuzz` found, through the
# ordinary build; each case has its expected outcome (tests/corpus/cases.py), byte-level ones are files.
set -uo pipefail
cd "$(dirname "$0")/../.."
source tests/sh/lib.sh

private_bins
# the fuzzer's base: a small instance with duty cycles, and its result
"$tmp/j3o-gen" -o "$tmp/base.h5" -family scale -edges 3 -clients_per_edge 4 -tasks 2 -models 4 -batching 1 -seed 1 > /dev/null || fail "j3o-gen"
"$tmp/j3o" -i "$tmp/base.h5" -o "$tmp/base-result.h5" -j3o_quiet > /dev/null || fail "base result"
mkdir "$tmp/cases"
$PY tests/corpus/cases.py "$tmp/base.h5" "$tmp/base-result.h5" "$tmp/cases" > "$tmp/cases.txt" || fail "building the cases"
for f in tests/corpus/files/*.h5; do
  [ -e "$f" ] || continue
  n=$(basename "$f" .h5); cp "$f" "$tmp/cases/$n.h5"; echo "$n $(cat "${f%.h5}.expect")" >> "$tmp/cases.txt"
done

# one_line LOG PREFIX: the log is exactly one line starting with PREFIX, with no HDF5 diagnostics
one_line() { [ "$(grep -c . "$1")" -eq 1 ] && grep -q "^$2" "$1"; }
n=0
while read -r name kind expect where; do
  n=$((n + 1)); c=$tmp/cases/$name.h5; out=$tmp/out-$name.h5
  if [ "$kind" = instance ]; then
    timeout 120 "$tmp/j3o" -i "$c" -o "$out" -j3o_quiet > "$tmp/o.log" 2> "$tmp/e.log"; rc=$?
    case $expect in
      reject) [ $rc -eq 1 ] && one_line "$tmp/e.log" "j3o: $c: $where: " && [ ! -e "$out" ] || { cat "$tmp/e.log"; fail "$name: exit $rc, want one line naming $where"; } ;;
      accept) [ $rc -eq 0 ] || { cat "$tmp/e.log" "$tmp/o.log"; fail "$name: exit $rc, want 0"; }
              "$tmp/j3o-check" "$c" "$out" > "$tmp/c.log" 2>&1 || { cat "$tmp/c.log"; fail "$name: j3o-check refuses j3o's result"; } ;;
      *) fail "$name: unknown expectation $expect" ;;
    esac
  else
    timeout 120 "$tmp/j3o-check" "$tmp/base.h5" "$c" > "$tmp/o.log" 2> "$tmp/e.log"; rc=$?
    case $expect in
      accept) [ $rc -eq 0 ] || { cat "$tmp/o.log" "$tmp/e.log"; fail "$name: j3o-check exit $rc, want 0"; } ;;
      check-reject) [ $rc -eq 2 ] && one_line "$tmp/e.log" "j3o: $c: $where: " || { cat "$tmp/e.log"; fail "$name: j3o-check exit $rc, want one line naming $where"; } ;;
      violation) [ $rc -eq 1 ] && grep -qF "$where" "$tmp/o.log" && [ ! -s "$tmp/e.log" ] || { cat "$tmp/o.log" "$tmp/e.log"; fail "$name: j3o-check exit $rc, want a violation '$where'"; } ;;
      *) fail "$name: unknown expectation $expect" ;;
    esac
  fi
done < "$tmp/cases.txt"
[ $n -ge 20 ] || fail "only $n corpus cases ran"
echo "test_corpus: ok ($n cases)"
