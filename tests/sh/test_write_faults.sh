#!/usr/bin/env bash
# Fault injection at the binary level: bin/j3o writing to a full, small tmpfs and to a read-only one
# (private mount namespace, so nothing outside this test sees the mounts). The run fails with one
# line and exit 1, an existing result keeps its SHA-256, nothing appears at the target before the
# rename and no temporary file is left. The library level is tests/test_write_faults.c.
set -uo pipefail
cd "$(dirname "$0")/../.."
source tests/sh/lib.sh

private_bins
"$tmp/j3o-gen" -o "$tmp/in.h5" -family paper -seed 5 > /dev/null || fail "j3o-gen"
# a private mount namespace: root directly, else as a user namespace's root
if [ "$(id -u)" -eq 0 ]; then ns=(unshare -m); else ns=(unshare -r -m); fi
"${ns[@]}" true || fail "cannot create a mount namespace (${ns[*]}): the tmpfs faults cannot be injected"

cat > "$tmp/inner.sh" <<'INNER'
set -uo pipefail
tmp=$1; MPIRUN=$2; fs=$tmp/fs
fail() { echo "FAIL: $*"; exit 1; }
mkdir -p "$fs" && mount -t tmpfs -o size=1m tmpfs "$fs" || fail "mounting a tmpfs"
# an existing valid result on the small file system
$MPIRUN -q -n 2 "$tmp/j3o" -i "$tmp/in.h5" -o "$fs/res.h5" -j3o_quiet > "$tmp/ok.log" 2>&1 || { cat "$tmp/ok.log"; fail "first run"; }
"$tmp/j3o-check" "$tmp/in.h5" "$fs/res.h5" > /dev/null || fail "first result invalid"
sum=$(sha256sum < "$fs/res.h5")
# fill it up to a few KiB (the result needs more); an empty probe file still fits
dd if=/dev/zero of="$fs/filler" bs=4k 2> /dev/null
truncate -s -24k "$fs/filler" || fail "truncating the filler"
# expect_fail NAME OUT: exit 1, one "j3o: ..." line naming OUT, the existing result unchanged, nothing else
expect_fail() {
  $MPIRUN -q -n 2 "$tmp/j3o" -i "$tmp/in.h5" -o "$2" -j3o_quiet > "$tmp/$1.out" 2> "$tmp/$1.err"
  local rc=$?
  [ $rc -eq 1 ] || { cat "$tmp/$1.err"; fail "$1: exit $rc (want 1)"; }
  [ "$(wc -l < "$tmp/$1.err")" -eq 1 ] && grep -q "^j3o: $2: result not written: " "$tmp/$1.err" || { cat "$tmp/$1.err"; fail "$1: want one line naming $2"; }
  [ "$(sha256sum < "$fs/res.h5")" = "$sum" ] || fail "$1: the existing result changed"
  local left; left=$(ls -A "$fs" | grep -v -x -e res.h5 -e filler)
  [ -z "$left" ] || fail "$1: left behind: $left"
}
expect_fail full-replace "$fs/res.h5"
expect_fail full-new "$fs/new.h5"
[ ! -e "$fs/new.h5" ] || fail "full-new: a file at the target"
# read-only: found before the solve (the probe file cannot be created)
rm -f "$fs/filler"
mount -o remount,ro "$fs" || fail "remounting read-only"
$MPIRUN -q -n 2 "$tmp/j3o" -i "$tmp/in.h5" -o "$fs/res.h5" -j3o_quiet > "$tmp/ro.out" 2> "$tmp/ro.err"; rc=$?
[ $rc -eq 1 ] || fail "read-only: exit $rc"
[ "$(cat "$tmp/ro.err")" = "j3o: -o $fs/res.h5: cannot create a file in $fs: Read-only file system" ] || { cat "$tmp/ro.err"; fail "read-only: message"; }
! grep -q "method j3o" "$tmp/ro.out" || fail "read-only: the solve started before the path check"
[ "$(sha256sum < "$fs/res.h5")" = "$sum" ] || fail "read-only: the existing result changed"
umount "$fs"
echo ok
INNER
"${ns[@]}" bash "$tmp/inner.sh" "$tmp" "$MPIRUN" > "$tmp/inner.log" 2>&1 || { cat "$tmp/inner.log"; fail "fault injection"; }
grep -q '^ok$' "$tmp/inner.log" || { cat "$tmp/inner.log"; fail "fault injection did not finish"; }
echo "test_write_faults: ok"
