#!/usr/bin/env bash
# Download the base kernel source package into the download cache and
# print the path of the .deb.  A cached, verified .deb is reused.
#
# The pinned version and its sha256 come from kernel/base.conf.  When the
# mirror no longer carries the pinned build, the newest 7.3.x build is
# taken instead, with a warning.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
top=$(dirname "$here")
# shellcheck source=kernel/base.conf
. "$here/base.conf"

cache=${CVM_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/cvm-migration}
dl=$cache/dl
mkdir -p "$dl"

apt_private() { "$top/scripts/apt-private.sh" "$@"; }

deb_name() { # version -> file name apt-get download writes
	local v=${2//:/%3a}
	echo "${1}_${v}_all.deb"
}

pinned=$dl/$(deb_name "$BASE_PACKAGE" "$BASE_VERSION")
if [ -f "$pinned" ] &&
   echo "$BASE_SHA256  $pinned" | sha256sum -c --status; then
	echo "$pinned"
	exit 0
fi

apt_private apt-get update -qq >&2
if (cd "$dl" && apt_private apt-get download -qq \
		"$BASE_PACKAGE=$BASE_VERSION") >&2; then
	if ! echo "$BASE_SHA256  $pinned" | sha256sum -c --status; then
		echo "fetch-source: sha256 mismatch for $pinned" >&2
		rm -f "$pinned"
		exit 1
	fi
	echo "$pinned"
	exit 0
fi

# The pinned build is gone: take the newest build of the same package
# whose upstream version is still 7.3.x.  apt verifies it against the
# signed archive index.
newest=$(apt_private apt-cache madison "$BASE_PACKAGE" |
	 awk -F'|' '{ gsub(/ /, "", $2); print $2 }' |
	 grep "^$BASE_UPSTREAM" | sort -V | tail -n1)
if [ -z "$newest" ]; then
	echo "fetch-source: no $BASE_PACKAGE ${BASE_UPSTREAM}x on the mirror" >&2
	exit 1
fi
echo "fetch-source: WARNING: $BASE_PACKAGE $BASE_VERSION is gone;" \
     "using $newest (not the pinned sha256)" >&2
(cd "$dl" && apt_private apt-get download -qq "$BASE_PACKAGE=$newest") >&2
echo "$dl/$(deb_name "$BASE_PACKAGE" "$newest")"
