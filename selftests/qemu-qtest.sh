#!/usr/bin/env bash
# Run one of QEMU's qtests inside the lab, against the qemu-system-x86_64
# of the same QEMU build (the QEMU series, built on the host and seen
# over the lab's shared filesystem).
#
# Usage: qemu-qtest.sh NAME [ARGS...]
#   NAME  the test's executable below LAB_QBUILD/tests/qtest
# TAP on stdout.  Exit status: the test's if it failed; 4 (KSFT_SKIP) if
# it skipped every case, so that a lab without KVM support shows up as a
# skip, not as a pass; 1 if it reported no case at all.
set -uo pipefail

qbuild=${LAB_QBUILD:?LAB_QBUILD names the QEMU build directory}
name=$1
shift
test=$qbuild/tests/qtest/$name
if [ ! -x "$test" ]; then
	echo "not ok 1 $name is not built ($test)"
	exit 1
fi
export QTEST_QEMU_BINARY=$qbuild/qemu-system-x86_64
log=$(mktemp) || exit 1
trap 'rm -f "$log"' EXIT
"$test" --tap -k "$@" | tee "$log"
rc=${PIPESTATUS[0]}
[ "$rc" -eq 0 ] || exit "$rc"
# glib's TAP mode exits 0 when every case skipped.
passed=$(awk '/^ok / && !/# SKIP/ { n++ } END { print n + 0 }' "$log")
skipped=$(awk '/^ok .*# SKIP/ || /^1\.\.0 .*# SKIP/ { n++ }
	       END { print n + 0 }' "$log")
if [ "$passed" -gt 0 ]; then
	exit 0
elif [ "$skipped" -gt 0 ]; then
	exit 4
fi
echo "not ok 1 $name reported no test case"
exit 1
