#!/usr/bin/env bash
# Runs inside the lab VM: run every test of LIST from BINDIR, each with a
# timeout, appending its output and exit status to OUT/results.log, then
# save dmesg to OUT/dmesg.log.  Results are judged on the host by
# summarise.py; this script only records.
#
# Usage: lab-guest.sh BINDIR LIST OUT
# A test named "lab:SCRIPT" is SCRIPT from this directory (selftests/),
# run from BINDIR like the others; "qtest:NAME" is QEMU's qtest NAME from
# the QEMU build (qemu-qtest.sh, LAB_QBUILD).  A leading "?" (a test the
# list allows to skip) is for summarise.py; it is not part of the name.
set -uo pipefail

here=$(cd "$(dirname "$0")" && pwd)

bindir=$1
list=$2
out=$3
timeout=${LAB_TEST_TIMEOUT:-300}
results=$out/results.log

{
	echo "### LAB kernel=$(uname -r) cpus=$(nproc)"
	if [ -c /dev/kvm ]; then
		echo "### KVM $(grep -o -m1 -w -e svm -e vmx /proc/cpuinfo)"
	else
		echo "### NOKVM"
	fi
} > "$results"

while read -r -a words; do
	case "${words[0]:-#}" in "#"*) continue ;; esac
	name=${words[0]#\?}
	echo "### BEGIN $name" >> "$results"
	start=$(date +%s)
	args=("${words[@]:1}")
	case "$name" in
	lab:*) prog=$here/${name#lab:} ;;
	qtest:*) prog=$here/qemu-qtest.sh; args=("${name#qtest:}" "${args[@]}") ;;
	*) prog=./$name ;;
	esac
	(cd "$bindir" &&
	 timeout -k 10 "$timeout" "$prog" "${args[@]}") \
		< /dev/null >> "$results" 2>&1
	rc=$?
	secs=$(($(date +%s) - start))
	# A test killed mid-line must not hide its END line.
	[ -z "$(tail -c 1 "$results")" ] || echo >> "$results"
	echo "### END $name rc=$rc secs=$secs" >> "$results"
	printf 'lab: %-40s rc=%-3d %4ds\n' "$name" "$rc" "$secs"
done < "$list"

if ! dmesg > "$out/dmesg.log"; then
	echo "### DMESG FAILED" >> "$results"
fi
echo "### DONE" >> "$results"
