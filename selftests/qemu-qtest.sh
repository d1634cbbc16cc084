#!/usr/bin/env bash
# Run one of QEMU's qtests inside the lab, against the qemu-system-x86_64
# of the same QEMU build (the QEMU series, built on the host and seen
# over the lab's shared filesystem).
#
# Usage: qemu-qtest.sh NAME [ARGS...]
#   NAME  the test's executable below LAB_QBUILD/tests/qtest
# TAP on stdout.  Exit status: the test's, or 4 (KSFT_SKIP) if it ran no
# test case but skipped some, so that a lab without KVM support shows up
# as a skip, not as a pass.
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
log=$(mktemp)
trap 'rm -f "$log"' EXIT
"$test" --tap -k "$@" | tee "$log"
rc=${PIPESTATUS[0]}
if [ "$rc" -eq 0 ] && grep -q '^ok .*# SKIP' "$log" &&
   ! grep -v '# SKIP' "$log" | grep -q '^ok '; then
	exit 4
fi
exit "$rc"
