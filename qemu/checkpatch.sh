#!/usr/bin/env bash
# Run QEMU's own scripts/checkpatch.pl on every patch of the QEMU series
# (not the cover letter).  Any error or warning fails.  The parts of a
# patch that regenerate linux-headers/ or include/standard-headers/
# (scripts/update-linux-headers.sh output, never edited by hand) are
# imported kernel code, not QEMU style: they are left out of the check,
# and a patch that is nothing else is named as skipped.
#
# Usage: checkpatch.sh TREE
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
top=$(dirname "$here")
export SERIES_CONF=$here/base.conf
# shellcheck source=kernel/series-lib.sh
. "$top/kernel/series-lib.sh"

tree=$(cd "$1" && pwd)
export PATH=/usr/bin:$PATH

# The patch without its linux-headers/ and include/standard-headers/
# sections (update-linux-headers.sh output, imported kernel code): the
# mail header, the message and every other file's diff stay.
strip_generated() {
	awk '
		/^diff --git / {
			skip = ($3 ~ /^a\/(linux-headers|include\/standard-headers)\//)
		}
		!skip { print }
	' "$1"
}

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
n=0
bad=0
while read -r p; do
	n=$((n + 1))
	strip_generated "$patches/$p" > "$tmp/$p"
	if ! grep -q '^diff --git ' "$tmp/$p"; then
		echo "checkpatch: $p: generated headers only, skipped"
		continue
	fi
	if ! (cd "$tree" && ./scripts/checkpatch.pl --no-tree -q "$tmp/$p"); then
		bad=$((bad + 1))
	fi
done < <(series_list)
if [ "$bad" -gt 0 ]; then
	echo "checkpatch: $bad of $n QEMU patches have findings" >&2
	exit 1
fi
echo "checkpatch: $n QEMU patches clean"
