#!/usr/bin/env bash
# Produce a series' git tree: a first commit holding the pristine base
# (tagged $BASE_TAG), then the series applied with "git am".  The kernel's
# series (patches/) by default; SERIES_CONF=qemu/base.conf for QEMU's.
#
# Usage: make-tree.sh TREE
#   TREE is created from the Debian source package when it does not exist.
#   With KERNEL_SRC (QEMU_SRC)=/path/to/git/tree, that tree is used
#   instead: its HEAD is tagged as the base and the series goes onto a new
#   branch.
#
# An existing tree is brought up to date when the series changed and the
# tree holds no commits of its own; commits not yet exported with
# "make patches" are never thrown away.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
top=$(dirname "$here")

tree=$1
# shellcheck source=kernel/series-lib.sh
. "$here/series-lib.sh"

branch=$SERIES_BRANCH

# Identity for commits this script makes; patch authors come from the series.
export GIT_COMMITTER_NAME="cvm-migration tree"
export GIT_COMMITTER_EMAIL="cvm-migration@example.org"

apply_series() {
	local p n=0
	while read -r p; do
		if ! git -C "$tree" am -q --committer-date-is-author-date \
				"$patches/$p"; then
			git -C "$tree" am --abort || true
			echo "make-tree: $p does not apply" >&2
			exit 1
		fi
		n=$((n + 1))
	done < <(series_list)
	echo "make-tree: applied $n patches on $BASE_TAG ($SERIES_DIR/)"
	record_state "$tree"
}

import_base() {
	local deb stamp tmp
	deb=$("$top/$SERIES_FETCH")
	tmp=$tree.tmp
	rm -rf "$tmp"
	mkdir -p "$tmp"
	echo "make-tree: unpacking $(basename "$deb")"
	# The commit date is the tarball's own, so the base commit (and the
	# base-commit: line of the series) is the same on every machine.
	stamp=$(base_stamp "$deb")
	base_unpack "$deb" "$tmp"
	git -C "$tmp" init -q -b "$branch"
	git -C "$tmp" add -A -f
	GIT_AUTHOR_NAME="$GIT_COMMITTER_NAME" \
	GIT_AUTHOR_EMAIL="$GIT_COMMITTER_EMAIL" \
	GIT_AUTHOR_DATE="$stamp" GIT_COMMITTER_DATE="$stamp" \
		git -C "$tmp" commit -q -m \
		"Base: $(basename "$deb" .deb | tr _ ' ')"
	git -C "$tmp" tag "$BASE_TAG"
	base_worktree "$tmp"
	mv "$tmp" "$tree"
}

use_kernel_src() {
	if [ -n "$(git -C "$tree" status --porcelain --untracked-files=no)" ]
	then
		echo "make-tree: $tree has uncommitted changes" >&2
		exit 1
	fi
	if ! git -C "$tree" rev-parse -q --verify "refs/tags/$BASE_TAG" \
			>/dev/null; then
		git -C "$tree" tag "$BASE_TAG" HEAD
		git -C "$tree" checkout -q -b "$branch" "$BASE_TAG"
		echo "make-tree: $tree: tagged HEAD as $BASE_TAG," \
		     "new branch $branch"
		apply_series
		exit 0
	fi
}

if [ -n "$SERIES_SRC" ]; then
	tree=$SERIES_SRC
	use_kernel_src
elif [ ! -d "$tree/.git" ]; then
	import_base
	apply_series
	exit 0
fi

# An existing tree: rebuild the branch only when the series changed and
# HEAD is still what this script produced.
state=$(cat "$(git -C "$tree" rev-parse --absolute-git-dir)/$state_file" \
	2>/dev/null || true)
head=$(git -C "$tree" rev-parse HEAD)
if [ "$state" = "$(series_hash) $head" ]; then
	echo "make-tree: $tree is up to date"
	exit 0
fi
if [ "${state#* }" != "$head" ]; then
	echo "make-tree: $tree has commits that are not in $SERIES_DIR/;" \
	     "run 'make $SERIES_EXPORT' (or remove $tree to start over)" >&2
	exit 1
fi
if [ -n "$(git -C "$tree" status --porcelain --untracked-files=no)" ]; then
	echo "make-tree: $tree has uncommitted changes" >&2
	exit 1
fi
echo "make-tree: $SERIES_DIR/ changed, re-applying the series"
git -C "$tree" checkout -q -B "$branch" "$BASE_TAG"
apply_series
