#!/usr/bin/env bash
# Configure and build qemu-system-x86_64 (KVM and TCG) from the QEMU tree.
#
# Usage: build.sh SRC QBUILD
#   SRC     QEMU source tree (build/qemu or QEMU_SRC)
#   QBUILD  build directory (out of tree)
#
# Only x86_64-softmmu, with the features the project needs (KVM, TCG,
# 9p for the lab, since this binary can also be the lab's outer
# emulator) and the devices in qemu/lab-devices.mak; everything else is
# off, so a cold build stays short.
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

# configure takes a device list by name from the source tree's
# configs/devices/: devices() copies qemu/lab-devices.mak there.
devname=cvm-lab
opts=(--target-list=x86_64-softmmu --without-default-features
      --without-default-devices --with-devices-x86_64="$devname"
      --enable-kvm --enable-tcg --enable-virtfs --enable-attr --enable-cap-ng
      --disable-docs --disable-werror --disable-install-blobs
      --python=/usr/bin/python3 --cc="$cc")

# Files this script adds to the source tree are ignored by git through
# .git/info/exclude.
exclude() {
	local gitdir
	gitdir=$(git -C "$src" rev-parse --absolute-git-dir 2>/dev/null) ||
		return 0
	mkdir -p "$gitdir/info"
	grep -qxF "$1" "$gitdir/info/exclude" 2>/dev/null ||
		echo "$1" >> "$gitdir/info/exclude"
}

# Debian's "+ds" source drops the edk2 firmware, which meson still wants
# to unpack when bzip2 exists: empty placeholders (never installed).
placeholders() {
	local f
	while read -r f; do
		[ -e "$src/pc-bios/$f.bz2" ] && continue
		bzip2 -c < /dev/null > "$src/pc-bios/$f.bz2"
		exclude "pc-bios/$f.bz2"
	done < <(sed -n '/fds = \[/,/\]/p' "$src/pc-bios/meson.build" |
		 grep -o "edk2-[a-z0-9_-]*\.fd")
}

devices() {
	local f=configs/devices/x86_64-softmmu/$devname.mak
	local line sym tmp
	tmp=$(mktemp)
	# Only symbols the tree defines (the series adds SW_PROTECTED_VM), so
	# that each patch of the series can be built on its own.
	while IFS= read -r line; do
		sym=$(sed -n 's/^CONFIG_\([A-Z0-9_]*\)=.*/\1/p' <<< "$line")
		if [ -z "$sym" ] ||
		   grep -rqs --include=Kconfig "^config $sym\$" "$src"; then
			printf '%s\n' "$line"
		fi
	done < "$here/lab-devices.mak" > "$tmp"
	if cmp -s "$tmp" "$src/$f"; then
		rm -f "$tmp"
	else
		mv "$tmp" "$src/$f"
	fi
	exclude "$f"
}

configure() {
	local stamp
	devices
	stamp=$(printf '%s\n' "${opts[@]}" "$src" |
		cat - "$here/lab-devices.mak" | sha256sum | cut -d' ' -f1)
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

# The qtests the lab runs ("qtest:NAME" in selftests/*.list, perhaps
# indented, perhaps "?qtest:NAME", or named by a lab script), those the
# tree has.
qtests() {
	local t
	{
		sed -n 's,^[[:space:]]*[?]*qtest:\([^[:space:]]*\).*,\1,p' \
			"$top"/selftests/*.list
		# lab scripts that run a qtest say so: "# lab-qtest: NAME"
		sed -n 's,^# lab-qtest: \([^[:space:]]*\).*,\1,p' \
			"$top"/selftests/*.sh
	} | sort -u | while read -r t; do
		# not before the patch that adds it
		if [ -f "$src/tests/qtest/$t.c" ]; then
			echo "tests/qtest/$t"
		fi
	done
}

configure
start=$(date +%s)
# The series' own unit tests, where the tree has them (not before the
# patch that adds them); they run on the host after the build.
unit_names=(test-mig-helper-gcm)
units() {
	local u
	for u in "${unit_names[@]}"; do
		if [ -f "$src/tests/unit/$u.c" ]; then
			echo "tests/unit/$u"
		fi
	done
}

mapfile -t unit_tests < <(units)
mapfile -t targets < <(echo qemu-system-x86_64; qtests; units)
ninja -C "$qbuild" -j"$jobs" "${targets[@]}" > "$qbuild/ninja.log" 2>&1 || {
	grep -B2 -A20 -m1 "FAILED" "$qbuild/ninja.log" >&2 ||
		tail -n 30 "$qbuild/ninja.log" >&2
	echo "qemu-build: build failed; see $qbuild/ninja.log" >&2
	exit 1
}
echo "qemu-build: $qbuild/qemu-system-x86_64 ($(($(date +%s) - start))s):" \
     "$("$qbuild/qemu-system-x86_64" --version | head -n1)"
for u in "${unit_tests[@]}"; do
	log=$qbuild/$(basename "$u").log
	if ! "$qbuild/$u" --tap > "$log" 2>&1; then
		cat "$log" >&2
		echo "qemu-build: unit test $u failed" >&2
		exit 1
	fi
	echo "qemu-build: unit test $u:" \
	     "$(awk '/^ok / && !/# SKIP/ { p++ } /^ok .*# SKIP/ { s++ }
		     END { printf "%d passed, %d skipped", p, s }' "$log")"
done
