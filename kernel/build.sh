#!/usr/bin/env bash
# Configure and build the lab kernel, install its uAPI headers and build
# the KVM selftests against them.
#
# Usage: build.sh SRC KBUILD SELFTESTS
#   SRC        kernel source tree (never written to: O= build)
#   KBUILD     kernel build directory
#   SELFTESTS  output directory for the KVM selftests
#
# The config is allnoconfig plus kernel/*.config; every option a fragment
# asks for must survive olddefconfig, or the build stops.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
top=$(dirname "$here")
src=$(cd "$1" && pwd)
mkdir -p "$2" "$3"
kbuild=$(cd "$2" && pwd)
selftests=$(cd "$3" && pwd)
jobs=${JOBS:-$(nproc)}

fragments=("$here"/base.config "$here"/kvm.config "$here"/debug.config \
	   "$here"/lab.config)

# ccache: paths below the project are hashed relative to it, so another
# clone of the project (CI) hits the same cache.
export CCACHE_BASEDIR=$top
export CCACHE_NOHASHDIR=1
cc=gcc
command -v ccache >/dev/null && cc="ccache gcc"
# Fixed build metadata keeps init/version.c cacheable.
kmake=(make -s -C "$src" O="$kbuild" -j"$jobs" CC="$cc"
       KBUILD_BUILD_TIMESTAMP="$(git -C "$src" log -1 --format=%cI \
				 2>/dev/null || echo unknown)"
       KBUILD_BUILD_USER=cvm KBUILD_BUILD_HOST=lab)

configure() {
	local stamp want
	stamp=$(cat "${fragments[@]}" "$0" | sha256sum | cut -d' ' -f1)
	if [ -f "$kbuild/.config" ] &&
	   [ "$(cat "$kbuild/.cvm-config-stamp" 2>/dev/null)" = "$stamp" ]; then
		return 0
	fi
	echo "build: configuring $kbuild"
	# Fragments merged onto allnoconfig, then olddefconfig: options the
	# fragments make visible (EXPERT, KVM) get their defaults, which is
	# what the lab wants (KVM_IOAPIC, ADVISE_SYSCALLS, ...).
	"${kmake[@]}" allnoconfig >/dev/null
	(cd "$kbuild" && "$src/scripts/kconfig/merge_config.sh" -m -Q \
		-O "$kbuild" "$kbuild/.config" "${fragments[@]}" >/dev/null)
	"${kmake[@]}" olddefconfig >/dev/null
	# Every line of every fragment must be in the result.
	want=$(cat "${fragments[@]}" |
	       grep -E '^(CONFIG_[A-Za-z0-9_]+=|# CONFIG_[A-Za-z0-9_]+ is not set)' |
	       sort -u)
	local missing
	missing=$(comm -23 <(echo "$want") <(sort -u "$kbuild/.config"))
	# "is not set" is also satisfied by the symbol being absent.
	missing=$(echo "$missing" | while read -r line; do
		case "$line" in
		"# CONFIG_"*" is not set")
			sym=${line#\# }; sym=${sym% is not set}
			if grep -q "^$sym=" "$kbuild/.config"; then
				echo "$line"
			fi ;;
		"") ;;
		*) echo "$line" ;;
		esac
	done)
	if [ -n "$missing" ]; then
		echo "build: the config fragments ask for options Kconfig" \
		     "dropped:" >&2
		while IFS= read -r l; do echo "  $l"; done <<< "$missing" >&2
		exit 1
	fi
	echo "$stamp" > "$kbuild/.cvm-config-stamp"
}

configure
if [ -n "${CONFIG_ONLY:-}" ]; then
	exit 0
fi
echo "build: kernel ($kbuild)"
"${kmake[@]}" bzImage
"${kmake[@]}" headers_install >/dev/null
echo "build: KVM selftests ($selftests)"
make -s -C "$src/tools/testing/selftests/kvm" -j"$jobs" \
	OUTPUT="$selftests" KHDR_INCLUDES="-isystem $kbuild/usr/include" \
	>/dev/null
