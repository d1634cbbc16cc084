#!/usr/bin/env bash
# Regenerate a series (patches/, or qemu-patches/ with
# SERIES_CONF=qemu/base.conf) from its tree: every commit after the base
# tag, as "git format-patch --cover-letter --base" output, plus the
# series file.  The cover letter's subject and text come from the
# series' cover-letter.txt (first line: subject; then a blank line; then
# the text); format-patch adds the shortlog, diffstat and base-commit.
#
# Output is deterministic: re-running on an unchanged tree gives
# byte-identical files.
#
# Usage: make-patches.sh TREE
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
top=$(dirname "$here")
# shellcheck source=kernel/series-lib.sh
. "$here/series-lib.sh"

tree=${SERIES_SRC:-$1}
cover=$patches/cover-letter.txt

if [ -n "$(git -C "$tree" status --porcelain --untracked-files=no)" ]; then
	echo "make-patches: $tree has uncommitted changes; commit them" >&2
	exit 1
fi

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

count=$(git -C "$tree" rev-list --count "$BASE_TAG..HEAD")
if [ "$count" -gt 0 ]; then
	# --zero-commit and --no-signature keep commit ids and the git
	# version out of the files; the cover letter's date is the tip's and
	# its From is the tree's fixed identity, whoever runs this.
	GIT_COMMITTER_NAME="cvm-migration tree" \
	GIT_COMMITTER_EMAIL="cvm-migration@example.org" \
	GIT_COMMITTER_DATE=$(git -C "$tree" log -1 --format=%aI HEAD) \
	git -C "$tree" -c core.abbrev=12 -c diff.renames=true \
		format-patch -q --rfc --zero-commit --no-signature \
		--cover-letter --base="$BASE_TAG" -o "$tmp" "$BASE_TAG..HEAD"
	python3 - "$tmp"/0000-cover-letter.patch "$cover" <<'PY'
import sys
path, cover = sys.argv[1], sys.argv[2]
subject, _, body = open(cover).read().partition("\n")
text = open(path).read()
text = text.replace("*** SUBJECT HERE ***", subject.strip(), 1)
text = text.replace("*** BLURB HERE ***", body.strip("\n"), 1)
open(path, "w").write(text)
PY
fi

find "$patches" -maxdepth 1 -name '*.patch' -delete
(cd "$tmp" && find . -name '*.patch' -printf '%P\n' | sort) |
	grep -v '^0000-cover-letter.patch$' > "$patches/series" || true
cp "$tmp"/*.patch "$patches"/ 2>/dev/null || true
record_state "$tree"
echo "make-patches: $count patches in $SERIES_DIR/"
