#!/usr/bin/env bash
# Configure and build qemu-system-x86_64 (KVM and TCG) from the QEMU tree.
#
# Usage: build.sh SRC QBUILD
#   SRC     QEMU source tree (build/qemu or QEMU_SRC)
#   QBUILD  build directory (out of tree)
#
# Only x86_64-softmmu, with the features the project needs (KVM, TCG,
# 9p for the lab, since this binary can also be the lab's outer
# emulator); everything else is off, so a cold build stays short.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
top=$(dirname "$here")
src=$(cd "$1" && pwd)
mkdir -p "$2"
qbuild=$(cd "$2" && pwd)
jobs=${JOBS:-$(nproc)}

export CCACHE_BASEDIR=$top
export CCACHE_NOHASHDIR=1
cc=gcc
command -v ccache >/dev/null && cc="ccache gcc"

opts=(--target-list=x86_64-softmmu --without-default-features
      --enable-kvm --enable-tcg --enable-virtfs --enable-attr --enable-cap-ng
      --disable-docs --disable-werror --disable-install-blobs
      --python=/usr/bin/python3 --cc="$cc")

# Debian's "+ds" source drops the edk2 firmware, which meson still wants
# to unpack when bzip2 exists: empty placeholders (never installed;
# ignored by git through .git/info/exclude).
placeholders() {
	local f gitdir
	gitdir=$(git -C "$src" rev-parse --absolute-git-dir 2>/dev/null || true)
	while read -r f; do
		[ -e "$src/pc-bios/$f.bz2" ] && continue
		bzip2 -c < /dev/null > "$src/pc-bios/$f.bz2"
		[ -n "$gitdir" ] || continue
		mkdir -p "$gitdir/info"
		grep -qxF "pc-bios/$f.bz2" "$gitdir/info/exclude" 2>/dev/null ||
			echo "pc-bios/$f.bz2" >> "$gitdir/info/exclude"
	done < <(sed -n '/fds = \[/,/\]/p' "$src/pc-bios/meson.build" |
		 grep -o "edk2-[a-z0-9_-]*\.fd")
}

configure() {
	local stamp
	stamp=$(printf '%s\n' "${opts[@]}" "$src" | sha256sum | cut -d' ' -f1)
	if [ -f "$qbuild/build.ninja" ] &&
	   [ "$(cat "$qbuild/.cvm-config-stamp" 2>/dev/null)" = "$stamp" ]; then
		return 0
	fi
	echo "qemu-build: configuring $qbuild"
	placeholders
	if ! (cd "$qbuild" && "$src/configure" "${opts[@]}") \
			> "$qbuild/configure.log" 2>&1; then
		tail -n 20 "$qbuild/configure.log" >&2
		echo "qemu-build: configure failed; see $qbuild/configure.log" >&2
		exit 1
	fi
	echo "$stamp" > "$qbuild/.cvm-config-stamp"
}

# The qtests the lab runs ("qtest:NAME" in selftests/*.list).
qtests() {
	sed -n 's,^qtest:\([^[:space:]]*\).*,tests/qtest/\1,p' \
		"$top"/selftests/*.list | sort -u
}

configure
start=$(date +%s)
mapfile -t targets < <(echo qemu-system-x86_64; qtests)
ninja -C "$qbuild" -j"$jobs" "${targets[@]}" > "$qbuild/ninja.log" 2>&1 || {
	grep -B2 -A20 -m1 "FAILED" "$qbuild/ninja.log" >&2 ||
		tail -n 30 "$qbuild/ninja.log" >&2
	echo "qemu-build: build failed; see $qbuild/ninja.log" >&2
	exit 1
}
echo "qemu-build: $qbuild/qemu-system-x86_64 ($(($(date +%s) - start))s):" \
     "$("$qbuild/qemu-system-x86_64" --version | head -n1)"
