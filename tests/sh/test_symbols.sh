#!/usr/bin/env bash
# libj3o.a exports only names with the project prefix J3o: every other global (a helper without it,
# a Cl* kernel) is either made static in its file or given the prefix. Fails when the library is missing.
set -u
cd "$(dirname "$0")/../.."
lib=build/libj3o.a
[ -f "$lib" ] || { echo "FAIL: missing $lib (make all)"; exit 1; }
syms=$(nm -g --defined-only "$lib") || { echo "FAIL: nm $lib"; exit 1; }
defined=$(printf '%s\n' "$syms" | awk 'NF == 3 {print $3}')
[ -n "$defined" ] || { echo "FAIL: nm lists no defined global in $lib"; exit 1; }
# DW.ref.*: the C++ compiler's reference to its exception personality routine (src/lp/cbc_stop.cpp)
bad=$(printf '%s\n' "$defined" | grep -v -e '^J3o' -e '^DW\.ref\.__gxx_personality' || :)
if [ -n "$bad" ]; then
  echo "FAIL: globals of $lib without the J3o prefix (make them static or prefix them):"
  printf '  %s\n' $bad
  exit 1
fi
echo "ok: $(printf '%s\n' "$defined" | wc -l) globals in $lib, all J3o*"
