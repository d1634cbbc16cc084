#!/usr/bin/env bash
# Boot the lab kernel under QEMU TCG ("-cpu max" emulates AMD SVM, so KVM
# runs nested), run the listed KVM selftests in it and summarise.
#
# Usage: run-lab.sh KBUILD SELFTESTS LIST OUT
#   KBUILD     kernel build directory (arch/x86/boot/bzImage)
#   SELFTESTS  directory of built KVM selftests
#   LIST       test list (selftests/tests.list format)
#   OUT        directory for results.log, dmesg.log and console.log
# With LAB_SHELL=1, open an interactive shell in the lab instead.
# LAB_QEMU names the outer emulator (default: qemu-system-x86_64 on PATH,
# Debian's); LAB_QEMU_OPTS replaces its extra options (default "-cpu max").
# LAB_QBUILD names the QEMU build whose qtests "qtest:NAME" list entries
# run (default: build/qemu-build).
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
image=$(cd "$1" && pwd)/arch/x86/boot/bzImage
bindir=$(cd "$2" && pwd)
list=$(cd "$(dirname "$3")" && pwd)/$(basename "$3")
mkdir -p "$4"
out=$(cd "$4" && pwd)
cpus=${LAB_CPUS:-2}
mem=${LAB_MEM:-2G}

qemu=${LAB_QEMU:-$(command -v qemu-system-x86_64 || true)}
if [ ! -x "$qemu" ]; then
	echo "lab: no outer emulator at '$qemu' (LAB_QEMU)" >&2
	exit 1
fi
qemu=$(cd "$(dirname "$qemu")" && pwd)/$(basename "$qemu")
qemu_opts=${LAB_QEMU_OPTS:--cpu max}
qbuild=${LAB_QBUILD:-$here/../build/qemu-build}
[ -d "$qbuild" ] && qbuild=$(cd "$qbuild" && pwd)
# A QEMU built from source finds no firmware of its own (Debian's source
# has no binary blobs): use the packaged SeaBIOS and option ROMs.
if [ "$qemu" != /usr/bin/qemu-system-x86_64 ]; then
	for d in /usr/share/qemu /usr/share/seabios; do
		[ -d "$d" ] && qemu_opts="-L $d $qemu_opts"
	done
fi

vng=(vng --run "$image" --disable-kvm --disable-microvm
     --cpus "$cpus" --memory "$mem" --qemu "$qemu" --qemu-opts="$qemu_opts"
     --rwdir "$out")

# virtme-ng 1.35 checks --rwdir's guest path relative to the current
# directory, so run it from /.
cd /

if [ -n "${LAB_SHELL:-}" ]; then
	exec "${vng[@]}"
fi

rm -f "$out"/results.log "$out"/dmesg.log
echo "lab: booting $(basename "$image") under TCG, $cpus vCPUs, $mem," \
     "$("$qemu" --version | head -n1), $qemu_opts"
start=$(date +%s)
rc=0
timeout -k 30 "${LAB_TIMEOUT:-3600}" "${vng[@]}" \
	--exec "$(printf '%q ' env LAB_TEST_TIMEOUT="${LAB_TEST_TIMEOUT:-300}" \
		  LAB_QBUILD="$qbuild" \
		  "$here/lab-guest.sh" "$bindir" "$list" "$out")" < /dev/null \
	2>&1 | tee "$out/console.log" || rc=$?
echo "lab: QEMU exited with $rc after $(($(date +%s) - start))s"

exec python3 "$here/summarise.py" --list "$list" \
	--results "$out/results.log" --dmesg "$out/dmesg.log" \
	--console "$out/console.log"
