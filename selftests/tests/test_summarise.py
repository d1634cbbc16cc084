#!/usr/bin/env python3
"""Unit tests for the lab runner's verdict (selftests/summarise.py)."""

import io
import os
import sys
import unittest

sys.path.insert(0, os.path.join(os.path.dirname(__file__), ".."))
import summarise  # noqa: E402

LIST = """# comment
guest_memfd_test
?x86/sev_migrate_tests
dirty_log_test -i 2
"""

GOOD_RESULTS = """### LAB kernel=7.3.4-cvm-lab cpus=2
### KVM svm
### BEGIN guest_memfd_test
TAP version 13
1..2
ok 1 file_read_write
ok 2 punch_hole
### END guest_memfd_test rc=0 secs=3
### BEGIN x86/sev_migrate_tests
1..0 # SKIP - Requirement not met: kvm_cpu_has(X86_FEATURE_SEV)
### END x86/sev_migrate_tests rc=4 secs=0
### BEGIN dirty_log_test
Test iterations: 2
### END dirty_log_test rc=0 secs=12
### DONE
"""

CLEAN_DMESG = """[    0.000000] Linux version 7.3.4-cvm-lab
[    0.100000] kasan: KernelAddressSanitizer initialized (generic)
[    0.200000] Lock dependency validator: Copyright (c) 2006 Red Hat, Inc.
[    0.300000] ... MAX_LOCKDEP_SUBCLASSES:  8
[    1.000000] kvm_amd: Nested Virtualization enabled
"""

KASAN_DMESG = CLEAN_DMESG + """[   12.000000] ==================================================================
[   12.000001] BUG: KASAN: slab-use-after-free in kvm_gmem_get_pfn+0x1/0x2
[   12.000002] Read of size 8 at addr ffff888000000000 by task guest_memfd_te/123
"""

WARN_DMESG = CLEAN_DMESG + """[   13.000000] ------------[ cut here ]------------
[   13.000001] WARNING: CPU: 1 PID: 99 at arch/x86/kvm/mmu/mmu.c:100 foo+0x1/0x2
"""

LOCKDEP_DMESG = CLEAN_DMESG + """[   14.000000] ======================================================
[   14.000001] WARNING: possible circular locking dependency detected
"""

RCU_DMESG = CLEAN_DMESG + """[   15.000000] rcu: INFO: rcu_preempt self-detected stall on CPU
"""


def run(results, dmesg=CLEAN_DMESG, names=LIST):
    out = io.StringIO()
    counts = summarise.summarise(summarise.read_list(names), results,
                                 dmesg, out, summarise.may_skip(names))
    return counts, out.getvalue()


class SummariseTest(unittest.TestCase):
    def test_clean_run(self):
        (p, f, s), text = run(GOOD_RESULTS)
        self.assertEqual((p, f, s), (2, 0, 1))
        self.assertTrue(text.endswith("2 passed, 0 failed, 1 skipped\n"))

    def test_skip_is_not_a_pass_and_shows_reason(self):
        _, text = run(GOOD_RESULTS)
        self.assertIn("SKIP x86/sev_migrate_tests (0s): Requirement not "
                      "met: kvm_cpu_has(X86_FEATURE_SEV)", text)

    def test_tap_failure_with_exit_zero_fails(self):
        bad = GOOD_RESULTS.replace("ok 2 punch_hole", "not ok 2 punch_hole")
        (p, f, s), text = run(bad)
        self.assertEqual((p, f, s), (1, 1, 1))
        self.assertIn("FAIL guest_memfd_test (3s): exit 0, not ok 2 "
                      "punch_hole", text)

    def test_tap_skip_line_is_not_a_failure(self):
        ok = GOOD_RESULTS.replace("ok 2 punch_hole",
                                  "ok 2 punch_hole # SKIP no THP")
        (p, f, s), _ = run(ok)
        self.assertEqual((p, f, s), (2, 0, 1))

    def test_nonzero_exit_fails(self):
        bad = GOOD_RESULTS.replace("dirty_log_test rc=0", "dirty_log_test rc=1")
        (p, f, s), text = run(bad)
        self.assertEqual(f, 1)
        self.assertIn("FAIL dirty_log_test (12s): exit 1", text)

    def test_skip_with_not_ok_fails(self):
        bad = GOOD_RESULTS.replace("1..0 # SKIP", "not ok 1 boom\n# SKIP")
        (_, f, _), _ = run(bad)
        self.assertEqual(f, 1)

    def test_timeout_fails(self):
        bad = GOOD_RESULTS.replace("dirty_log_test rc=0", "dirty_log_test rc=124")
        (_, f, _), text = run(bad)
        self.assertEqual(f, 1)
        self.assertIn("timed out", text)

    def test_missing_test_fails(self):
        (p, f, s), text = run(GOOD_RESULTS, names=LIST + "x86/new_test\n")
        self.assertEqual(f, 1)
        self.assertIn("FAIL x86/new_test: did not run", text)

    def test_same_test_twice_is_judged_per_run(self):
        twice = GOOD_RESULTS.replace("### DONE", """### BEGIN dirty_log_test
not ok 1 second run
### END dirty_log_test rc=1 secs=2
### DONE""")
        (p, f, s), text = run(twice, names=LIST + "dirty_log_test -i 3\n")
        self.assertEqual((p, f, s), (2, 1, 1))
        self.assertIn("PASS dirty_log_test (12s)", text)
        self.assertIn("FAIL dirty_log_test (2s)", text)

    def test_crashed_run_fails(self):
        crashed = GOOD_RESULTS.split("### BEGIN dirty_log_test")[0] + \
            "### BEGIN dirty_log_test\nTest iterations: 2\n"
        (p, f, s), text = run(crashed, dmesg=None)
        self.assertEqual((p, s), (1, 1))
        self.assertEqual(f, 2)      # the test and the incomplete run
        self.assertIn("no exit status", text)
        self.assertIn("did not complete", text)

    def test_no_results_at_all_fails(self):
        (p, f, s), text = run(None, dmesg=None)
        self.assertEqual(p, 0)
        self.assertEqual(f, 4)      # three tests and the run itself

    def test_clean_dmesg_boot_lines_are_not_reports(self):
        self.assertEqual(summarise.scan_dmesg(CLEAN_DMESG), [])

    def test_dmesg_splats_fail(self):
        for dmesg in (KASAN_DMESG, WARN_DMESG, LOCKDEP_DMESG, RCU_DMESG):
            (p, f, s), text = run(GOOD_RESULTS, dmesg=dmesg)
            self.assertEqual((p, f, s), (2, 1, 1), dmesg)
            self.assertIn("FAIL dmesg: 1 kernel report(s)", text)
            self.assertTrue(text.endswith("2 passed, 1 failed, 1 skipped\n"))

    def test_kasan_report_is_printed(self):
        _, text = run(GOOD_RESULTS, dmesg=KASAN_DMESG)
        self.assertIn("BUG: KASAN: slab-use-after-free", text)

    def test_skip_the_list_does_not_allow_fails(self):
        (p, f, s), text = run(GOOD_RESULTS,
                              names=LIST.replace("?x86/", "x86/"))
        self.assertEqual((p, f, s), (2, 1, 0))
        self.assertIn("FAIL x86/sev_migrate_tests (0s): skipped, which the "
                      "list does not allow: Requirement not met", text)

    def test_lab_without_kvm_fails(self):
        nokvm = GOOD_RESULTS.replace("### KVM svm", "### NOKVM")
        (p, f, s), text = run(nokvm)
        self.assertEqual((p, f, s), (2, 1, 1))
        self.assertIn("FAIL lab: /dev/kvm is missing in the lab VM", text)

    def test_dmesg_not_saved_fails(self):
        failed = GOOD_RESULTS.replace("### DONE",
                                      "### DMESG FAILED\n### DONE")
        for results, dmesg, why in ((failed, CLEAN_DMESG, "could not be"),
                                    (GOOD_RESULTS, "", "is empty"),
                                    (GOOD_RESULTS, None, "no dmesg.log")):
            (p, f, s), text = run(results, dmesg=dmesg)
            self.assertEqual((p, f, s), (2, 1, 1), why)
            self.assertIn(why, text)

    def test_list_arguments_are_not_names(self):
        self.assertEqual(summarise.read_list(LIST),
                         ["guest_memfd_test", "x86/sev_migrate_tests",
                          "dirty_log_test"])


if __name__ == "__main__":
    unittest.main()
