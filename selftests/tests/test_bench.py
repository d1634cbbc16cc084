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
        self.assertIn("demand paging 16M/vCPU: ratio private/ordinary 0.50",
                      text)
        self.assertIn("ratio private (fallocate)/ordinary 1.50", text)

    def test_unknown_test(self):
        out, ok = bench.compare([["guest_memfd_test"]],
                                [("guest_memfd_test", 0, [])])
        self.assertFalse(ok)


if __name__ == "__main__":
    unittest.main()
