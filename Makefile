# Live migration of confidential VMs on KVM: build and lab.
#
#   make            fetch the base kernel, apply patches/, build the lab
#                   kernel and the KVM selftests, run them in the lab
#   make check      the same, after the hygiene checks (series applies,
#                   checkpatch, shellcheck, runner unit tests, uapi/)
#   make tree       the kernel git tree at build/linux (or KERNEL_SRC)
#   make patches    regenerate patches/ from that tree
#   make lab-shell  an interactive shell in the lab VM
#   make uapi-header  regenerate uapi/kvm-cvm-migration.h
#   make series-build compile every patch on its own (KVM=y and =m)
#   make bench      private vs ordinary memory benchmarks in one lab boot
#   make fuzz       the long run of the uAPI fuzz test in one lab boot
#   make qemu-tree  the QEMU git tree at build/qemu (or QEMU_SRC)
#   make qemu-patches  regenerate qemu-patches/ from that tree
#   make qemu       build qemu-system-x86_64 into build/qemu-build
#
# KERNEL_SRC=/path/to/linux.git applies the series onto a new branch of
# an existing kernel tree instead of the Debian source package;
# QEMU_SRC=/path/to/qemu.git does the same for the QEMU series.

SHELL := /bin/bash
.SHELLFLAGS := -euo pipefail -c

BUILD     := build
LINUX     := $(if $(KERNEL_SRC),$(KERNEL_SRC),$(BUILD)/linux)
KBUILD    := $(BUILD)/kbuild
SELFTESTS := $(BUILD)/selftests
LABOUT    := $(BUILD)/lab
QEMUTREE  := $(if $(QEMU_SRC),$(QEMU_SRC),$(BUILD)/qemu)
QBUILD    := $(BUILD)/qemu-build
TESTLIST  := selftests/tests.list
BENCHLIST := selftests/bench.list
FUZZLIST  := selftests/fuzz.list

SCRIPTS := $(wildcard scripts/*.sh kernel/*.sh qemu/*.sh selftests/*.sh uapi/*.sh .ci/run)

.PHONY: all deps tree patches kernel lab lab-shell series-build bench fuzz check hygiene \
	check-series checkpatch shellcheck unit-tests uapi-check uapi-header \
	qemu-tree qemu-patches qemu qemu-check-series qemu-checkpatch \
	clean distclean

all: lab

deps:
	@scripts/install-deps.sh

tree: deps
	@kernel/make-tree.sh $(BUILD)/linux

patches:
	@kernel/make-patches.sh $(LINUX)

kernel: tree
	@kernel/build.sh $(LINUX) $(KBUILD) $(SELFTESTS)

# The lab's outer emulator is QEMU built from the QEMU series, which
# carries a fix for nested SVM under multi-threaded TCG that Debian's QEMU
# lacks (Documentation/lab.md, "Lab flakes").  LAB_QEMU=/path overrides.
LAB_QEMU ?= $(QBUILD)/qemu-system-x86_64
export LAB_QEMU

lab: kernel qemu
	@selftests/run-lab.sh $(KBUILD) $(SELFTESTS) $(TESTLIST) $(LABOUT)

# Every patch compiles on its own with KVM=y and KVM=m (slow: not in check).
series-build: tree
	@kernel/build-series.sh $(LINUX) $(BUILD)/series

# Benchmarks (slow, and numbers under TCG say little about hardware: not
# in check).  The comparison is the last lines.
bench: kernel qemu
	@rc=0; selftests/run-lab.sh $(KBUILD) $(SELFTESTS) $(BENCHLIST) \
		$(BUILD)/lab-bench || rc=$$?; \
	selftests/bench.py $(BENCHLIST) $(BUILD)/lab-bench/results.log; \
	exit $$rc

# The long run of the uAPI fuzz test (its short run is in check).
fuzz: kernel qemu
	@LAB_TEST_TIMEOUT=$${LAB_TEST_TIMEOUT:-900} selftests/run-lab.sh \
		$(KBUILD) $(SELFTESTS) $(FUZZLIST) $(BUILD)/lab-fuzz

lab-shell: kernel qemu
	@LAB_SHELL=1 selftests/run-lab.sh $(KBUILD) $(SELFTESTS) \
		$(TESTLIST) $(LABOUT)

# Hygiene first: it takes seconds, the lab takes minutes.  The lab's
# summary is the last line.
check: hygiene
	@$(MAKE) --no-print-directory uapi-check lab

hygiene: check-series checkpatch qemu-check-series qemu-checkpatch \
	shellcheck unit-tests
	@echo "hygiene: all checks passed"

check-series: tree
	@scripts/check-series.sh $(LINUX)

checkpatch: tree
	@scripts/checkpatch.sh $(LINUX)

# The QEMU series, handled like the kernel's.
qemu-tree: deps
	@qemu/make-tree.sh $(BUILD)/qemu

qemu-patches:
	@qemu/make-patches.sh $(QEMUTREE)

qemu: qemu-tree
	@qemu/build.sh $(QEMUTREE) $(QBUILD)

qemu-check-series: qemu-tree
	@SERIES_CONF=qemu/base.conf scripts/check-series.sh $(QEMUTREE)

qemu-checkpatch: qemu-tree
	@qemu/checkpatch.sh $(QEMUTREE)

shellcheck: deps
	@shellcheck -x $(SCRIPTS)
	@echo "shellcheck: $(words $(SCRIPTS)) scripts clean"

unit-tests:
	@python3 -m unittest discover -s selftests/tests -p 'test_*.py' 2>&1 | \
		tail -n 3

uapi-check: kernel
	@uapi/check.sh $(KBUILD) $(LINUX)

uapi-header: kernel
	@python3 uapi/gen-header.py $(KBUILD)/usr/include uapi/symbols.txt \
		> uapi/kvm-cvm-migration.h
	@echo "uapi: wrote uapi/kvm-cvm-migration.h"

clean:
	rm -rf $(KBUILD) $(SELFTESTS) $(LABOUT)

distclean:
	rm -rf $(BUILD)
