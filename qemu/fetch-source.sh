#!/usr/bin/env bash
# Download the base QEMU source package (orig tarball) into the download
# cache and print the path of the orig tarball.  A cached, verified
# tarball is reused.
#
# The pinned version and its sha256 come from qemu/base.conf.  When the
# mirror no longer carries the pinned build, the newest 10.2.x source is
# taken instead, with a warning.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
top=$(dirname "$here")
# shellcheck source=qemu/base.conf
. "$here/base.conf"

cache=${CVM_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/cvm-migration}
dl=$cache/dl/qemu
mkdir -p "$dl"

apt_private() { "$top/scripts/apt-private.sh" "$@"; }

pinned=$dl/$BASE_ORIG
if [ -f "$pinned" ] &&
   echo "$BASE_SHA256  $pinned" | sha256sum -c --status; then
	echo "$pinned"
	exit 0
fi

apt_private apt-get update -qq >&2
# apt verifies the .dsc against the signed index and each file against
# the .dsc; the pinned sha256 is checked on top.
if (cd "$dl" && apt_private apt-get source --download-only -qq \
		"$BASE_PACKAGE=$BASE_VERSION") >&2; then
	if ! echo "$BASE_SHA256  $pinned" | sha256sum -c --status; then
		echo "fetch-source: sha256 mismatch for $pinned" >&2
		rm -f "$pinned"
		exit 1
	fi
	echo "$pinned"
	exit 0
fi

newest=$(apt_private apt-cache showsrc "$BASE_PACKAGE" |
	 awk '/^Version:/ { print $2 }' |
	 grep -E "^([0-9]+:)?${BASE_UPSTREAM//./\\.}" | sort -V | tail -n1)
if [ -z "$newest" ]; then
	echo "fetch-source: no $BASE_PACKAGE ${BASE_UPSTREAM}x on the mirror" >&2
	exit 1
fi
echo "fetch-source: WARNING: $BASE_PACKAGE $BASE_VERSION is gone;" \
     "using $newest (not the pinned sha256)" >&2
(cd "$dl" && apt_private apt-get source --download-only -qq \
	"$BASE_PACKAGE=$newest") >&2
up=${newest#*:}
echo "$dl/${BASE_PACKAGE}_${up%-*}.orig.tar.xz"
