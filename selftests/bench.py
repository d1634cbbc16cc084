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

Demand paging (post-copy, P1): demand_paging_test with userfaultfd on
ordinary memory against x86/private_mem_userfault_test, where the batched
helper VM imports the private pages (with -w N, up to N pages from each
faulting page on), or, with -f, fallocate() does, which times KVM's exit
path alone.  The metric is the overall demand paging rate, so a ratio
below 1 means private memory is slower.

Helper export (P3): x86/private_mem_migration_test -E prints, from one
run, the rate at which the helper copies private pages out into its
staging buffer and the rate of memcpy() of as many shared pages; the
ratio is helper/memcpy, below 1 means the helper is slower.

Migration (P4): x86/private_mem_migration_test -m pre on private memory
against the same with -o (ordinary memory, no helper); the metrics are
the total migration time (which includes creating the source's helper VM
and pre-faulting its view, as a VMM would when migration starts) and the
stop-and-copy time, so a ratio above 1 means private memory is slower.

Migration in QEMU (P4 of the QEMU series): QEMU's sw-protected-vm qtest
with -m perf migrates its guest (no conversions) between the lab's two
network namespaces, as a sw-protected-vm (128 of its pages private,
through the helper VM) or as an ordinary VM with the same firmware and
workload, on 1 channel or with multifd on 2; the metrics are QEMU's own
total-time, downtime and setup-time (query-migrate; setup includes
creating the source's helper VM).  Two comparisons: private
against ordinary on the same channels (above 1: private is slower), and
multifd against 1 channel for the same memory (below 1: multifd is
faster).

Post-copy in QEMU (P1 of the QEMU series): the same qtest's
bench/postcopy-private and bench/postcopy-ordinary switch to post-copy at
once with a slow background stream, so that the destination's guest asks
for most of the pages it uses: a sw-protected-vm's vCPUs wait with
KVM_MEM_USERFAULT (most of those pages private, imported by the helper
VM), an ordinary VM's with userfaultfd.  The metrics are from QEMU's own
postcopy-blocktime statistics on the destination: the mean wait for a
requested page, and the upper bounds of the power-of-two buckets that hold
the median and the 99th percentile; above 1 means private is slower.

Exit status 1 if a run failed or a metric is missing.
"""

import argparse
import re
import statistics
import sys

ITERATION_RE = re.compile(r"^Iteration (\d+) dirty memory time: ([\d.]+)s")
RATE_RE = re.compile(r"^Overall demand paging rate:\s+([\d.]+) pgs/sec")
HELPER_RE = re.compile(r"^Helper export rate:\s+([\d.]+) pgs/sec")
MEMCPY_RE = re.compile(r"^memcpy rate:\s+([\d.]+) pgs/sec")
TOTAL_RE = re.compile(r"^Total migration time: ([\d.]+)s")
STOP_RE = re.compile(r"^Stop-and-copy time: ([\d.]+)s")
QEMU_TOTAL_RE = re.compile(r"^# QEMU migration total time: (\d+) ms")
QEMU_DOWN_RE = re.compile(r"^# QEMU migration downtime: (\d+) ms")
QEMU_SETUP_RE = re.compile(r"^# QEMU migration setup time: (\d+) ms")
QEMU_PC_MEAN_RE = re.compile(r"^# QEMU postcopy fault latency mean: (\d+) us")
QEMU_PC_MEDIAN_RE = re.compile(
    r"^# QEMU postcopy fault latency median: < (\d+) us")
QEMU_PC_P99_RE = re.compile(r"^# QEMU postcopy fault latency p99: < (\d+) us")


def dirty_log_metric(lines):
    """Seconds spent dirtying memory in iterations >= 2, or None."""
    times = [float(m.group(2)) for m in map(ITERATION_RE.match, lines)
             if m and int(m.group(1)) >= 2]
    return sum(times) if times else None


def last_match(regex):
    """A metric: the number in the last line that @regex matches."""
    def metric(lines):
        values = [float(m.group(1)) for m in map(regex.match, lines) if m]
        return values[-1] if values else None
    return metric


rate_metric = last_match(RATE_RE)


def option(args, opt):
    """The value of option @opt in @args, or None."""
    return args[args.index(opt) + 1] if opt in args[:-1] else None


def classify(name, args):
    """[(comparison key, variant or None for the ordinary baseline, metric,
    unit)] of a run, or None if the run is not a benchmark."""
    if name == "dirty_log_perf_test":
        base = [a for a in args if a != "-P"]
        return [(" ".join([name] + base),
                 "private" if "-P" in args else None, dirty_log_metric, "s")]
    if name == "demand_paging_test":
        return [(f"demand paging {option(args, '-b')}/vCPU", None,
                 rate_metric, "pgs/s")]
    if name == "x86/private_mem_userfault_test":
        if "-f" in args:
            variant = "private (fallocate)"
        elif option(args, "-w"):
            variant = f"private (helper, window {option(args, '-w')})"
        else:
            variant = "private (helper)"
        return [(f"demand paging {option(args, '-b')}/vCPU", variant,
                 rate_metric, "pgs/s")]
    if name == "x86/private_mem_migration_test" and "-E" in args:
        # The baseline is memcpy() in the same run, not another run.
        key = "helper export vs memcpy " + " ".join(args)
        return [(key, None, last_match(MEMCPY_RE), "pgs/s"),
                (key, "helper", last_match(HELPER_RE), "pgs/s")]
    if name == "x86/private_mem_migration_test" and \
            option(args, "-m") == "pre":
        # Ordinary memory has no conversions: -C does not apply to it.
        base = without(args, ["-o"], ["-C"])
        variant = None if "-o" in args else "private"
        return [(f"pre-copy migration {' '.join(base)}: total", variant,
                 last_match(TOTAL_RE), "s"),
                (f"pre-copy migration {' '.join(base)}: stop-and-copy",
                 variant, last_match(STOP_RE), "s")]
    if name == "lab:qemu-migration.sh" and "perf" in args:
        case = (option(args, "-p") or "").rsplit("/", 1)[-1]
        if case in ("postcopy-ordinary", "postcopy-private"):
            variant = "private" if case.endswith("private") else None
            return [("QEMU post-copy fault latency: mean", variant,
                     last_match(QEMU_PC_MEAN_RE), "us"),
                    ("QEMU post-copy fault latency: median bucket", variant,
                     last_match(QEMU_PC_MEDIAN_RE), "us"),
                    ("QEMU post-copy fault latency: p99 bucket", variant,
                     last_match(QEMU_PC_P99_RE), "us")]
        if case not in ("ordinary", "private", "ordinary-multifd",
                        "private-multifd"):
            return None
        private = case.startswith("private")
        multifd = case.endswith("-multifd")
        chans = "multifd 2 channels" if multifd else "1 channel"
        memory = "sw-protected-vm" if private else "ordinary VM"
        variant = "private" if private else None
        return [(f"QEMU migration, {chans}: total", variant,
                 last_match(QEMU_TOTAL_RE), "ms"),
                (f"QEMU migration, {chans}: downtime", variant,
                 last_match(QEMU_DOWN_RE), "ms"),
                (f"QEMU migration, {chans}: setup", variant,
                 last_match(QEMU_SETUP_RE), "ms"),
                (f"QEMU multifd speed-up, {memory}: total",
                 "multifd" if multifd else None,
                 last_match(QEMU_TOTAL_RE), "ms")]
    return None


def without(args, flags, options):
    """@args without the @flags and the @options with their values."""
    out, skip = [], False
    for a in args:
        if skip:
            skip = False
        elif a in options:
            skip = True
        elif a not in flags:
            out.append(a)
    return out


def read_list(path):
    runs = []
    with open(path) as f:
        for line in f:
            words = line.split()
            if words and not words[0].startswith("#"):
                # "?name" (may skip) names the same test.
                runs.append([words[0].removeprefix("?")] + words[1:])
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
        kinds = classify(name, args)
        if kinds is None:
            out.append(f"FAIL {' '.join(words)}: not a known benchmark")
            ok = False
            continue
        if i >= len(blocks) or blocks[i][0] != name:
            out.append(f"FAIL {' '.join(words)}: no result")
            ok = False
            continue
        rc, lines = blocks[i][1], blocks[i][2]
        # A run counts with all of its metrics or not at all.
        metrics = [metric_of(lines) for _, _, metric_of, _ in kinds]
        if rc != 0 or None in metrics:
            shown = ", ".join("missing" if m is None else f"{m}"
                              for m in metrics)
            out.append(f"FAIL {' '.join(words)}: rc={rc}, metric {shown}")
            ok = False
            continue
        for (key, variant, _, unit), metric in zip(kinds, metrics):
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
        if key.startswith("helper export"):
            base = "memcpy"
        elif key.startswith("QEMU multifd"):
            base = "1 channel"
        else:
            base = "ordinary"
        out.append(f"{key}: {base} {fmt(ordinary)} {unit}")
        for variant, private in variants.items():
            p = statistics.mean(private)
            out.append(f"{key}: {variant} {fmt(private)} {unit}")
            detail = f"mean of {len(private)} vs {len(ordinary)} runs"
            # Pairs are only meaningful when no run of either side failed.
            if len(private) == len(ordinary):
                pairs = [b / a for a, b in zip(ordinary, private)]
                detail += "; pairwise " + ", ".join(f"{r:.2f}"
                                                    for r in pairs)
                detail += f", range {min(pairs):.2f}-{max(pairs):.2f}"
            out.append(f"{key}: ratio {variant}/{base} {p / o:.2f} "
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
