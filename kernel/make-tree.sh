#!/usr/bin/env bash
# Produce the kernel git tree: a first commit holding the pristine base
# (tagged $BASE_TAG), then patches/ applied with "git am".
#
# Usage: make-tree.sh TREE
#   TREE is created from the Debian source package when it does not exist.
#   With KERNEL_SRC=/path/to/git/tree, that tree is used instead: its HEAD
#   is tagged as the base and the series goes onto a new branch.
#
# An existing tree is brought up to date when patches/ changed and the
# tree holds no commits of its own; commits not yet exported with
# "make patches" are never thrown away.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
top=$(dirname "$here")
# shellcheck source=kernel/base.conf
. "$here/base.conf"

tree=$1
# shellcheck source=kernel/series-lib.sh
. "$here/series-lib.sh"

branch=cvm-migration

# Identity for commits this script makes; patch authors come from patches/.
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
	echo "make-tree: applied $n patches on $BASE_TAG"
	record_state "$tree"
}

import_base() {
	local deb stamp tmp
	deb=$("$here/fetch-source.sh")
	tmp=$tree.tmp
	rm -rf "$tmp"
	mkdir -p "$tmp"
	echo "make-tree: unpacking $(basename "$deb")"
	# The commit date is the tarball's own, so the base commit (and the
	# base-commit: line of the series) is the same on every machine.
	stamp=$(dpkg-deb --fsys-tarfile "$deb" | tar -tv --full-time |
		awk '/linux-source-.*\.tar\.xz$/ { print $4 "T" $5 "Z" }')
	dpkg-deb --fsys-tarfile "$deb" |
		tar -xO --wildcards './usr/src/linux-source-*.tar.xz' |
		tar -xJ -C "$tmp" --strip-components=1
	git -C "$tmp" init -q -b "$branch"
	git -C "$tmp" add -A -f
	GIT_AUTHOR_NAME="$GIT_COMMITTER_NAME" \
	GIT_AUTHOR_EMAIL="$GIT_COMMITTER_EMAIL" \
	GIT_AUTHOR_DATE="$stamp" GIT_COMMITTER_DATE="$stamp" \
		git -C "$tmp" commit -q -m \
		"Base: $(basename "$deb" .deb | tr _ ' ')"
	git -C "$tmp" tag "$BASE_TAG"
	# Debian's .gitignore ignores everything at the top level, which
	# would hide new files from "git status".  Drop that rule from the
	# work tree only; the base commit stays pristine.
	sed -i '/^# Debian packaging: ignore everything/,/^!\/debian\/$/d' \
		"$tmp/.gitignore"
	git -C "$tmp" update-index --skip-worktree .gitignore
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

if [ -n "${KERNEL_SRC:-}" ]; then
	tree=$KERNEL_SRC
	use_kernel_src
elif [ ! -d "$tree/.git" ]; then
	import_base
	apply_series
	exit 0
fi

# An existing tree: rebuild the branch only when patches/ changed and
# HEAD is still what this script produced.
state=$(cat "$(git -C "$tree" rev-parse --absolute-git-dir)/$state_file" \
	2>/dev/null || true)
head=$(git -C "$tree" rev-parse HEAD)
if [ "$state" = "$(series_hash) $head" ]; then
	echo "make-tree: $tree is up to date"
	exit 0
fi
if [ "${state#* }" != "$head" ]; then
	echo "make-tree: $tree has commits that are not in patches/;" \
	     "run 'make patches' (or remove $tree to start over)" >&2
	exit 1
fi
if [ -n "$(git -C "$tree" status --porcelain --untracked-files=no)" ]; then
	echo "make-tree: $tree has uncommitted changes" >&2
	exit 1
fi
echo "make-tree: patches/ changed, re-applying the series"
git -C "$tree" checkout -q -B "$branch" "$BASE_TAG"
apply_series
