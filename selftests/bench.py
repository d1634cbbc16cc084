#!/usr/bin/env python3
"""Compare benchmark runs of one lab boot: ordinary memory against
guest_memfd private memory.

Reads the list that the lab ran (selftests/bench.list) and its
results.log; the list's lines and the log's "### BEGIN" blocks are in
the same order.  A run of a test with the private-memory option is
compared with the runs of the same command without it.

dirty_log_perf_test: the metric is the time the vCPUs took to dirty
memory in iterations 2 and later, i.e. with dirty logging armed (in
iteration 1 every page is already dirty or not yet write-protected).
The ratio is private / ordinary: above 1 means private memory is slower.

Demand paging (post-copy): demand_paging_test with userfaultfd on
ordinary memory against x86/private_mem_userfault_test, where a helper VM
imports each private page (or, with -f, fallocate() does, which times
KVM's exit path alone).  The metric is the overall demand paging rate,
so a ratio below 1 means private memory is slower.

Exit status 1 if a run failed or a metric is missing.
"""

import argparse
import re
import statistics
import sys

ITERATION_RE = re.compile(r"^Iteration (\d+) dirty memory time: ([\d.]+)s")
RATE_RE = re.compile(r"^Overall demand paging rate:\s+([\d.]+) pgs/sec")


def dirty_log_metric(lines):
    """Seconds spent dirtying memory in iterations >= 2, or None."""
    times = [float(m.group(2)) for m in map(ITERATION_RE.match, lines)
             if m and int(m.group(1)) >= 2]
    return sum(times) if times else None


def rate_metric(lines):
    """Pages per second that the vCPUs faulted in, or None."""
    rates = [float(m.group(1)) for m in map(RATE_RE.match, lines) if m]
    return rates[-1] if rates else None


def option(args, opt):
    """The value of option @opt in @args, or None."""
    return args[args.index(opt) + 1] if opt in args[:-1] else None


def classify(name, args):
    """(comparison key, variant or None for the ordinary baseline, metric,
    unit) of a run, or None if the run is not a benchmark."""
    if name == "dirty_log_perf_test":
        base = [a for a in args if a != "-P"]
        return (" ".join([name] + base), "private" if "-P" in args else None,
                dirty_log_metric, "s")
    if name == "demand_paging_test":
        return (f"demand paging {option(args, '-b')}/vCPU", None,
                rate_metric, "pgs/s")
    if name == "x86/private_mem_userfault_test":
        variant = "private (fallocate)" if "-f" in args else "private"
        return (f"demand paging {option(args, '-b')}/vCPU", variant,
                rate_metric, "pgs/s")
    return None


def read_list(path):
    runs = []
    with open(path) as f:
        for line in f:
            words = line.split()
            if words and not words[0].startswith("#"):
                runs.append(words)
    return runs


def read_blocks(path):
    """[(name, rc, [lines])] in the order of the log."""
    blocks, cur = [], None
    with open(path, errors="replace") as f:
        for line in f:
            line = line.rstrip("\n")
            if line.startswith("### BEGIN "):
                cur = (line[len("### BEGIN "):], [])
            elif line.startswith("### END ") and cur:
                m = re.search(r"rc=(\d+)", line)
                blocks.append((cur[0], int(m.group(1)) if m else -1, cur[1]))
                cur = None
            elif cur:
                cur[1].append(line)
    return blocks


def compare(runs, blocks):
    """Returns (report lines, ok)."""
    out, ok = [], True
    groups = {}
    for i, words in enumerate(runs):
        name, args = words[0], words[1:]
        kind = classify(name, args)
        if kind is None:
            out.append(f"FAIL {' '.join(words)}: not a known benchmark")
            ok = False
            continue
        key, variant, metric_of, unit = kind
        if i >= len(blocks) or blocks[i][0] != name:
            out.append(f"FAIL {' '.join(words)}: no result")
            ok = False
            continue
        rc, lines = blocks[i][1], blocks[i][2]
        metric = metric_of(lines)
        if rc != 0 or metric is None:
            out.append(f"FAIL {' '.join(words)}: rc={rc}, metric "
                       f"{'missing' if metric is None else metric}")
            ok = False
            continue
        group = groups.setdefault(key, (unit, {}))
        group[1].setdefault(variant, []).append(metric)

    for key, (unit, variants) in groups.items():
        ordinary = variants.pop(None, [])
        if not ordinary or not variants:
            out.append(f"FAIL {key}: needs runs with and without "
                       "private memory")
            ok = False
            continue
        o = statistics.mean(ordinary)
        out.append(f"{key}: ordinary {fmt(ordinary)} {unit}")
        for variant, private in variants.items():
            p = statistics.mean(private)
            out.append(f"{key}: {variant} {fmt(private)} {unit}")
            detail = f"mean of {len(private)} vs {len(ordinary)} runs"
            # Pairs are only meaningful when no run of either side failed.
            if len(private) == len(ordinary):
                pairs = [b / a for a, b in zip(ordinary, private)]
                detail += "; pairwise " + ", ".join(f"{r:.2f}"
                                                    for r in pairs)
            out.append(f"{key}: ratio {variant}/ordinary {p / o:.2f} "
                       f"({detail})")
    return out, ok


def fmt(values):
    return "/".join(f"{v:.2f}" for v in values)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("list")
    ap.add_argument("results")
    args = ap.parse_args()
    out, ok = compare(read_list(args.list), read_blocks(args.results))
    print("\n".join(out))
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
