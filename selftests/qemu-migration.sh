#!/usr/bin/env bash
# Run QEMU's sw-protected-vm qtest with its migrations between the lab's
# two "hosts": the source QEMU in network namespace "src", the
# destination in "dst", over TCP on the veth link (lab-hosts.sh).
#
# Usage (as root, in the lab): qemu-migration.sh [qtest arguments...]
# TAP on stdout; the exit status of qemu-qtest.sh.
# lab-qtest: sw-protected-vm-test
set -uo pipefail

here=$(cd "$(dirname "$0")" && pwd)
qbuild=${LAB_QBUILD:?LAB_QBUILD names the QEMU build directory}
net=${LAB_NET:-10.77.0}

"$here/lab-hosts.sh" up || exit 1
trap '"$here/lab-hosts.sh" down' EXIT
export QTEST_QEMU_BINARY_SRC="ip netns exec src $qbuild/qemu-system-x86_64"
export QTEST_QEMU_BINARY_DST="ip netns exec dst $qbuild/qemu-system-x86_64"
export SWP_MIG_DST_ADDR=$net.2
"$here/qemu-qtest.sh" sw-protected-vm-test "$@"
