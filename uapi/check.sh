#!/usr/bin/env bash
# Check uapi/kvm-cvm-migration.h against the patched tree:
#  - regenerating it from KBUILD's headers_install output changes nothing;
#  - every macro, struct or union the series adds to a uAPI header is
#    listed in uapi/symbols.txt;
#  - it compiles on its own against the system's kernel headers, and
#    after the patched tree's <linux/kvm.h>.
#
# Usage: check.sh KBUILD TREE
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
top=$(dirname "$here")
# shellcheck source=kernel/base.conf
. "$top/kernel/base.conf"

kbuild=$1
tree=$2
header=$here/kvm-cvm-migration.h
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

python3 "$here/gen-header.py" "$kbuild/usr/include" "$here/symbols.txt" \
	> "$tmp/new.h"
if ! diff -u "$header" "$tmp/new.h" > "$tmp/diff"; then
	cat "$tmp/diff" >&2
	echo "uapi: $header is stale; regenerate it with" \
	     "'make uapi-header'" >&2
	exit 1
fi

# Definitions the series adds to uAPI headers.
git -C "$tree" diff "$BASE_TAG" HEAD -- 'include/uapi/*' \
	'arch/x86/include/uapi/*' |
	sed -n -E 's/^\+#define[[:space:]]+([A-Za-z0-9_]+).*/\1/p;
		   s/^\+(struct|union)[[:space:]]+([A-Za-z0-9_]+)[[:space:]]*\{.*/\1 \2/p' |
	sort -u > "$tmp/added"
{ grep -v -e '^#' -e '^note:' -e '^[[:space:]]*$' "$here/symbols.txt" ||
	true; } |
	sed -E 's/^[^[:space:]]+[[:space:]]+//; s/[[:space:]]+if[[:space:]].*$//' |
	sort -u > "$tmp/listed"
unlisted=$(comm -23 "$tmp/added" "$tmp/listed")
if [ -n "$unlisted" ]; then
	echo "uapi: new uAPI missing from uapi/symbols.txt:" >&2
	while IFS= read -r l; do echo "  $l"; done <<< "$unlisted" >&2
	exit 1
fi

# Use every definition, so that macros are expanded too.
{
	echo "#include \"$header\""
	n=0
	while read -r name; do
		n=$((n + 1))
		case "$name" in
		struct\ *|union\ *)
			echo "unsigned long use_$n = sizeof($name);" ;;
		*)
			echo "unsigned long use_$n = (unsigned long)($name);" ;;
		esac
	done < "$tmp/listed"
} > "$tmp/use.c"
gcc -std=gnu11 -Wall -Wextra -Werror -c "$tmp/use.c" -o "$tmp/use.o"
# ... and after kernel headers that have the series already
gcc -std=gnu11 -Wall -Wextra -Werror -include linux/kvm.h \
	-I "$kbuild/usr/include" -c "$tmp/use.c" -o "$tmp/use.o"
echo "uapi: $(wc -l < "$tmp/listed") definitions, header up to date," \
     "compiles standalone and after the patched kernel's headers"
