#!/usr/bin/env bash
# Run the tree's scripts/checkpatch.pl --strict on every patch of the
# series (not the cover letter).  Any error, warning or check fails.
#
# Usage: checkpatch.sh TREE
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
top=$(dirname "$here")
# shellcheck source=kernel/series-lib.sh
. "$top/kernel/series-lib.sh"

tree=$(cd "$1" && pwd)

# checkpatch's spdxcheck.py needs python3-ply, installed for the system's
# python3, not for another python3 earlier on PATH.
export PATH=/usr/bin:$PATH

# FILE_PATH_CHANGES ("does MAINTAINERS need updating?") fires for every
# added file.  It is ignored for a patch only when get_maintainer.pl finds
# a maintainer entry for each file the patch adds.
covered() {
	local f
	while read -r f; do
		(cd "$tree" && ./scripts/get_maintainer.pl --no-git \
			--no-git-fallback --nol --nor -f "$f" 2>/dev/null |
			grep -q .) || return 1
	done < <(awk '/^--- \/dev\/null$/ { getline; sub(/^\+\+\+ b\//, "");
						print }' "$1")
}

n=0
bad=0
while read -r p; do
	n=$((n + 1))
	ignore=()
	if covered "$patches/$p"; then
		ignore=(--ignore FILE_PATH_CHANGES)
	fi
	if ! (cd "$tree" && ./scripts/checkpatch.pl --strict --quiet \
			--show-types --max-line-length=80 "${ignore[@]}" \
			"$patches/$p"); then
		bad=$((bad + 1))
	fi
done < <(series_list)
if [ "$bad" -gt 0 ]; then
	echo "checkpatch: $bad of $n patches have findings" >&2
	exit 1
fi
echo "checkpatch: $n patches clean (--strict)"
