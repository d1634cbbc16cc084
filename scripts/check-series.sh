#!/usr/bin/env bash
# Check that a series file names exactly the patch files beside it
# (patches/, or qemu-patches/ with SERIES_CONF=qemu/base.conf),
# that the series applies to the base tag in order (git apply, as git am
# does, into a scratch index: the tree's work tree is not touched), and
# that the result is the tree's HEAD, i.e. no commit is left unexported.
#
# Usage: check-series.sh TREE
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
top=$(dirname "$here")
# shellcheck source=kernel/series-lib.sh
. "$top/kernel/series-lib.sh"

tree=$1
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

listed=$(series_list | sort)
present=$(cd "$patches" && find . -maxdepth 1 -name '*.patch' \
	  ! -name '0000-cover-letter.patch' -printf '%P\n' | sort)
if [ "$listed" != "$present" ]; then
	echo "check-series: $SERIES_DIR/series and $SERIES_DIR/*.patch" \
	     "differ:" >&2
	diff <(echo "$listed") <(echo "$present") >&2 || true
	exit 1
fi

export GIT_INDEX_FILE=$tmp/index
git -C "$tree" read-tree "$BASE_TAG"
n=0
while read -r p; do
	if ! git -C "$tree" apply --cached "$patches/$p"; then
		echo "check-series: $p does not apply" >&2
		exit 1
	fi
	n=$((n + 1))
done < <(series_list)

if [ "$(git -C "$tree" write-tree)" != \
     "$(git -C "$tree" rev-parse 'HEAD^{tree}')" ]; then
	echo "check-series: $tree HEAD differs from $BASE_TAG +" \
	     "$SERIES_DIR/; run 'make $SERIES_EXPORT' (or 'make" \
	     "${SERIES_EXPORT%patches}tree' after a pull)" >&2
	exit 1
fi
if [ -s "$patches/series" ] && [ ! -f "$patches/0000-cover-letter.patch" ]
then
	echo "check-series: no cover letter" >&2
	exit 1
fi
echo "check-series: $n patches apply to $BASE_TAG and match $tree"
