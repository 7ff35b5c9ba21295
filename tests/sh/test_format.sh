#!/usr/bin/env bash
# The C sources follow .clang-format (`make format-check` finds nothing to change) and no line of
# src, include or tests is longer than 120 columns.
set -uo pipefail
cd "$(dirname "$0")/../.." || exit 1
source tests/sh/lib.sh
command -v clang-format > /dev/null || fail "clang-format missing (scripts/install-deps.sh installs it)"
out=$(make -s format-check 2>&1) || { echo "$out"; fail "make format-check: run make format"; }
long=$(find src include tests -name '*.[ch]' -exec awk 'length > 120 { print FILENAME ":" FNR ": " length " columns" }' {} +)
[ -z "$long" ] || { echo "$long"; fail "lines over 120 columns"; }
echo "ok: clang-format clean, no line over 120 columns"
