# shellcheck shell=bash
# Helpers shared by the series scripts (make-tree.sh, make-patches.sh,
# check-series.sh, checkpatch.sh).  Expects $top.  The series is the
# kernel's (kernel/base.conf) unless SERIES_CONF names another, e.g.
# qemu/base.conf.

conf=${SERIES_CONF:-$top/kernel/base.conf}
# shellcheck source=kernel/base.conf
. "$conf"
patches=${top:?}/$SERIES_DIR
state_file=cvm-series-state     # in the tree's $GIT_DIR: "<hash> <HEAD>"

# Patch files of the series file, in order.
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
