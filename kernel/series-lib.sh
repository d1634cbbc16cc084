# shellcheck shell=bash
# Helpers shared by make-tree.sh and make-patches.sh.  Expects $top.

patches=${top:?}/patches
state_file=cvm-series-state     # in the tree's $GIT_DIR: "<hash> <HEAD>"

# Patch files of patches/series, in order.
series_list() {
	[ -f "$patches/series" ] || return 0
	grep -v -e '^#' -e '^[[:space:]]*$' "$patches/series" || true
}

# A hash of the series as exported, to tell whether a tree matches it.
series_hash() {
	local p
	{
		cat "$patches/series" 2>/dev/null || true
		while read -r p; do cat "$patches/$p"; done < <(series_list)
	} | sha256sum | cut -d' ' -f1
}

# Remember that TREE's HEAD is the series as exported now.
record_state() {
	echo "$(series_hash) $(git -C "$1" rev-parse HEAD)" > \
		"$(git -C "$1" rev-parse --absolute-git-dir)/$state_file"
}
