#!/usr/bin/env bash
# Build every patch of the series on its own: for each commit after the
# base tag, compile KVM (arch/x86/kvm/, which includes virt/kvm/) with KVM
# built in (=y) and as modules (=m), with -Werror for KVM, and the KVM
# selftests when the commit touches them.  Runs in its own worktree, so
# the tree's checkout is not touched.
#
# Usage: build-series.sh TREE OUT
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
top=$(dirname "$here")
# shellcheck source=kernel/base.conf
. "$here/base.conf"

tree=$(cd "$1" && pwd)
mkdir -p "$2"
out=$(cd "$2" && pwd)
wt=$out/worktree
jobs=${JOBS:-$(nproc)}

export CCACHE_BASEDIR=$top CCACHE_NOHASHDIR=1
cc=gcc
command -v ccache >/dev/null && cc="ccache gcc"

if [ ! -d "$wt" ]; then
	git -C "$tree" worktree add -q --detach "$wt" "$BASE_TAG"
fi

configure() { # KBUILD OPTION...
	local kbuild=$1 opt
	shift
	mkdir -p "$kbuild"
	cat "$here/base.config" "$here/kvm.config" "$here/lab.config" \
		> "$kbuild/series.config"
	printf '%s\n' "$@" >> "$kbuild/series.config"
	make -s -C "$wt" O="$kbuild" allnoconfig >/dev/null
	(cd "$kbuild" && "$wt/scripts/kconfig/merge_config.sh" -m -Q \
		-O "$kbuild" "$kbuild/.config" "$kbuild/series.config" >/dev/null)
	make -s -C "$wt" O="$kbuild" olddefconfig >/dev/null
	for opt in "$@"; do
		if ! grep -qx "$opt" "$kbuild/.config"; then
			echo "build-series: $opt did not survive olddefconfig" >&2
			exit 1
		fi
	done
}

n=0
for c in $(git -C "$tree" rev-list --reverse "$BASE_TAG..HEAD"); do
	n=$((n + 1))
	git -C "$wt" checkout -q --detach "$c"
	subject=$(git -C "$wt" log -1 --format=%s)
	for kind in y m; do
		kbuild=$out/kbuild-$kind
		opts=(CONFIG_KVM_WERROR=y)
		if [ "$kind" = m ]; then
			opts+=(CONFIG_MODULES=y CONFIG_KVM=m CONFIG_KVM_AMD=m
			       CONFIG_KVM_INTEL=m)
		fi
		[ -f "$kbuild/.config" ] || configure "$kbuild" "${opts[@]}"
		start=$(date +%s)
		if ! make -s -C "$wt" O="$kbuild" -j"$jobs" CC="$cc" \
				arch/x86/kvm/ > "$out/log" 2>&1; then
			cat "$out/log" >&2
			echo "build-series: patch $n ($subject) fails with KVM=$kind" >&2
			exit 1
		fi
		echo "build-series: patch $n KVM=$kind ok ($(($(date +%s) - start))s): $subject"
	done
	if git -C "$wt" diff --quiet "$c~1" "$c" -- tools/testing/selftests/kvm \
			include/uapi; then
		continue
	fi
	make -s -C "$wt" O="$out/kbuild-y" headers_install >/dev/null
	if ! make -s -C "$wt/tools/testing/selftests/kvm" -j"$jobs" \
			OUTPUT="$out/selftests" \
			KHDR_INCLUDES="-isystem $out/kbuild-y/usr/include" \
			> "$out/log" 2>&1; then
		cat "$out/log" >&2
		echo "build-series: patch $n ($subject): selftests fail to build" >&2
		exit 1
	fi
	echo "build-series: patch $n selftests ok"
done
echo "build-series: $n patches build on their own with KVM=y and KVM=m"
