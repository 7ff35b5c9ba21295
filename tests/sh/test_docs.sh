#!/usr/bin/env bash
# The documentation stands alone: every relative link in README.md and docs/*.md resolves to a file
# of the repository (and a heading of it, for #anchors), README.md has at most 1,200 words, and no
# file refers to the team's files outside the repository.
# Usage: tests/sh/test_docs.sh [ROOT]   (ROOT defaults to this repository; another tree for trying it)
set -u
root=${1:-$(cd "$(dirname "$0")/../.." && pwd)}
cd "$root" || { echo "FAIL: no directory $root"; exit 1; }
fail=0
bad() { echo "FAIL: $*"; fail=1; }

# README.md: a front door, not a manual
words=$(wc -w < README.md)
[ "$words" -le 1200 ] || bad "README.md has $words words (at most 1200)"

# no reference to the team files (the contract files live outside the repository)
team='SCHEMA|FORMULATION|DEVICES|STYLE|LAYOUT'
hits=$(grep -rnI -E "\\b($team)\\.md\\b|\\.\\./shared/|/work/[s]hared" \
  README.md Makefile docs src include scripts tests sweeps 2>/dev/null)
[ -z "$hits" ] || bad "references outside the repository:
$hits"

# every relative markdown link resolves inside the repository
python3 - README.md docs/*.md <<'EOF' || fail=1
import os, re, sys

root = os.path.realpath(".")
link = re.compile(r"!?\[[^\]]*\]\(\s*<?([^)\s>]+)>?(?:\s+\"[^\"]*\")?\s*\)")

def slug(heading):
    """GitHub's anchor of a heading: lowercase, punctuation other than - and _ dropped, spaces -> -."""
    h = heading.strip().lower().replace("`", "")
    h = re.sub(r"[^\w\- ]", "", h)
    return h.replace(" ", "-")

def anchors(path):
    seen, out, fence = {}, set(), False
    for line in open(path, encoding="utf-8"):
        if line.lstrip().startswith("```"):
            fence = not fence
        if fence or not re.match(r"#{1,6} ", line):
            continue
        s = slug(line.lstrip("#"))
        n = seen.get(s, 0)
        seen[s] = n + 1
        out.add(s if n == 0 else f"{s}-{n}")
    return out

def links(path):
    fence = False
    for no, line in enumerate(open(path, encoding="utf-8"), 1):
        if line.lstrip().startswith("```"):
            fence = not fence
            continue
        if fence:
            continue
        for m in link.finditer(re.sub(r"`[^`]*`", "", line)):
            yield no, m.group(1)

bad = 0
for doc in sys.argv[1:]:
    for no, target in links(doc):
        if re.match(r"[a-z][a-z0-9+.-]*:", target):  # http:, https:, mailto:
            continue
        path, _, anchor = target.partition("#")
        dest = os.path.realpath(os.path.join(os.path.dirname(doc), path)) if path else os.path.realpath(doc)
        where = f"{doc}:{no}: {target}"
        if not (dest == root or dest.startswith(root + os.sep)):
            print(f"FAIL: {where}: outside the repository"); bad = 1
        elif not os.path.exists(dest):
            print(f"FAIL: {where}: no such file"); bad = 1
        elif anchor and (not dest.endswith(".md") or anchor not in anchors(dest)):
            print(f"FAIL: {where}: no heading #{anchor}"); bad = 1
sys.exit(bad)
EOF

# docs/design.md's module map names every source file of the library, the commands and the headers
for f in $(git ls-files 'src/*/*.c' 'src/*/*.h' 'src/*/*.cpp' 'include/j3o/*.h' 2>/dev/null); do
  grep -q "\`$(basename "$f")\`" docs/design.md || { echo "FAIL: docs/design.md: the module map does not name $f"; fail=1; }
done

[ "$fail" -eq 0 ] && echo "docs: links, README length, self-containment and the module map ok"
exit "$fail"
