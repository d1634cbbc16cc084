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
n=0
bad=0
while read -r p; do
	n=$((n + 1))
	if ! (cd "$tree" && ./scripts/checkpatch.pl --strict --quiet \
			--show-types --max-line-length=80 "$patches/$p"); then
		bad=$((bad + 1))
	fi
done < <(series_list)
if [ "$bad" -gt 0 ]; then
	echo "checkpatch: $bad of $n patches have findings" >&2
	exit 1
fi
echo "checkpatch: $n patches clean (--strict)"
