#!/usr/bin/env python3
"""Unit tests for the benchmark comparison (selftests/bench.py)."""

import os
import sys
import unittest

sys.path.insert(0, os.path.join(os.path.dirname(__file__), ".."))
import bench  # noqa: E402

RUNS = [["dirty_log_perf_test", "-i", "3"],
        ["dirty_log_perf_test", "-i", "3", "-P"]]


def block(rc, times):
    lines = ["Populate memory time: 9.0s"]
    lines += [f"Iteration {i} dirty memory time: {t}s"
              for i, t in enumerate(times, 1)]
    return ("dirty_log_perf_test", rc, lines)


class Bench(unittest.TestCase):
    def test_ratio_skips_iteration_one(self):
        out, ok = bench.compare(RUNS, [block(0, [0.1, 2.0, 2.0]),
                                       block(0, [5.0, 2.2, 2.2])])
        self.assertTrue(ok)
        self.assertIn("ratio private/ordinary 1.10", "\n".join(out))

    def test_failed_run(self):
        out, ok = bench.compare(RUNS, [block(0, [0.1, 2.0]),
                                       block(124, [0.1, 2.0])])
        self.assertFalse(ok)
        self.assertIn("FAIL", out[0])

    def test_missing_metric_and_missing_run(self):
        out, ok = bench.compare(RUNS, [("dirty_log_perf_test", 0, [])])
        self.assertFalse(ok)
        self.assertEqual(sum(line.startswith("FAIL") for line in out), 2)

    def test_demand_paging_variants_against_userfaultfd(self):
        runs = [["demand_paging_test", "-b", "16M", "-u", "MISSING"],
                ["x86/private_mem_userfault_test", "-b", "16M"],
                ["x86/private_mem_userfault_test", "-b", "16M", "-f"]]
        blocks = [(r[0], 0, [f"Overall demand paging rate:\t{rate} pgs/sec"])
                  for r, rate in zip(runs, ["1000.0", "500.0", "1500.0"])]
        out, ok = bench.compare(runs, blocks)
        self.assertTrue(ok, out)
        text = "\n".join(out)
        self.assertIn("demand paging 16M/vCPU: ratio private (helper)/"
                      "ordinary 0.50", text)
        self.assertIn("ratio private (fallocate)/ordinary 1.50", text)

    def test_helper_window_variant(self):
        runs = [["demand_paging_test", "-b", "4M", "-u", "MISSING"],
                ["x86/private_mem_userfault_test", "-b", "4M", "-w", "16"]]
        blocks = [(r[0], 0, [f"Overall demand paging rate:\t{rate} pgs/sec"])
                  for r, rate in zip(runs, ["1000.0", "2000.0"])]
        out, ok = bench.compare(runs, blocks)
        self.assertTrue(ok, out)
        self.assertIn("ratio private (helper, window 16)/ordinary 2.00",
                      "\n".join(out))

    def test_export_and_migration(self):
        runs = [["x86/private_mem_migration_test", "-E"],
                ["x86/private_mem_migration_test", "-m", "pre", "-C", "0"],
                ["x86/private_mem_migration_test", "-m", "pre", "-o"]]
        blocks = [(runs[0][0], 0, ["Helper export rate:\t150.0 pgs/sec",
                                   "memcpy rate:\t100.0 pgs/sec"]),
                  (runs[1][0], 0, ["Total migration time: 3.0s",
                                   "Stop-and-copy time: 0.2s"]),
                  (runs[2][0], 0, ["Total migration time: 2.0s",
                                   "Stop-and-copy time: 0.1s"])]
        out, ok = bench.compare(runs, blocks)
        self.assertTrue(ok, out)
        text = "\n".join(out)
        self.assertIn("helper export vs memcpy -E: ratio helper/memcpy 1.50",
                      text)
        self.assertIn("pre-copy migration -m pre: total: ratio "
                      "private/ordinary 1.50", text)
        self.assertIn("stop-and-copy: ratio private/ordinary 2.00", text)

    def test_migration_runs_of_other_sizes_are_not_paired(self):
        runs = [["x86/private_mem_migration_test", "-m", "pre", "-b", "8M"],
                ["x86/private_mem_migration_test", "-m", "pre", "-o"]]
        blocks = [(r[0], 0, ["Total migration time: 3.0s",
                             "Stop-and-copy time: 0.2s"]) for r in runs]
        out, ok = bench.compare(runs, blocks)
        self.assertFalse(ok)

    def test_run_with_one_metric_missing_counts_for_none(self):
        runs = [["x86/private_mem_migration_test", "-m", "pre"],
                ["x86/private_mem_migration_test", "-m", "pre", "-o"]]
        blocks = [(runs[0][0], 0, ["Total migration time: 3.0s"]),
                  (runs[1][0], 0, ["Total migration time: 2.0s",
                                   "Stop-and-copy time: 0.1s"])]
        out, ok = bench.compare(runs, blocks)
        self.assertFalse(ok)
        self.assertNotIn("ratio private", "\n".join(out))

    def test_migration_run_failed(self):
        runs = [["x86/private_mem_migration_test", "-m", "pre"]]
        out, ok = bench.compare(runs, [(runs[0][0], 254, [])])
        self.assertFalse(ok)
        self.assertEqual(sum(line.startswith("FAIL") for line in out), 1)

    def test_unknown_test(self):
        out, ok = bench.compare([["guest_memfd_test"]],
                                [("guest_memfd_test", 0, [])])
        self.assertFalse(ok)


if __name__ == "__main__":
    unittest.main()
