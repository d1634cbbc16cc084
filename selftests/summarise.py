#!/usr/bin/env python3
"""Judge a lab run: per-test results from results.log, kernel reports
from dmesg.log, a summary line last.  Exit status 1 on any failure.

results.log (written by lab-guest.sh) holds, per test:
    ### BEGIN <name>
    <the test's output>
    ### END <name> rc=<exit status> secs=<seconds>
and "### DONE" once every test ran and dmesg was saved.

A test passes on exit 0 with no "not ok" TAP line, is skipped on exit 4
(KSFT_SKIP) if the list allows it (its name written "?name") and fails
otherwise, including a timeout and a test that the list names but the
log lacks.  A lab without /dev/kvm fails.  Any kernel report in dmesg
(WARNING, BUG, KASAN, lockdep, general protection fault, RCU stall, ...)
is one more failure, and so is a dmesg that could not be saved.
"""

import argparse
import re
import sys

KSFT_SKIP = 4

# Kernel reports that fail a run wherever they appear in dmesg.
DMESG_PATTERNS = [
    r"WARNING:",
    r"BUG:",
    r"KASAN:",
    r"UBSAN:",
    r"general protection fault",
    r"Oops:",
    r"Kernel panic",
    r"kernel BUG at",
    r"possible circular locking dependency",
    r"possible recursive locking",
    r"inconsistent lock state",
    r"lockdep is turned off",
    r"suspicious RCU usage",
    r"rcu: INFO: .*detected stall",
    r"rcu_.* self-detected stall",
    r"detected stalls on CPUs",
    r"soft lockup",
    r"hung_task|blocked for more than \d+ seconds",
    r"list_add corruption|list_del corruption",
    r"Call Trace:",
]
DMESG_RE = re.compile("|".join("(?:%s)" % p for p in DMESG_PATTERNS))
SKIP_RE = re.compile(r"#\s*SKIP\b\s*(.*)", re.IGNORECASE)
NOT_OK_RE = re.compile(r"^\s*not ok\b(?!.*#\s*(?:SKIP|TODO)\b)",
                       re.IGNORECASE)
END_RE = re.compile(r"^### END (\S+) rc=(-?\d+) secs=(\d+)")


class Result:
    def __init__(self, name, status, secs=None, reason="", output=()):
        self.name = name
        self.status = status        # "pass", "fail" or "skip"
        self.secs = secs
        self.reason = reason
        self.output = list(output)

    def line(self):
        secs = "" if self.secs is None else " (%ds)" % self.secs
        reason = ": " + self.reason if self.reason else ""
        return "%s %s%s%s" % (self.status.upper(), self.name, secs, reason)


def list_name(word):
    """A list entry's test name: without the "?" that allows a skip."""
    return word[1:] if word.startswith("?") else word


def read_list(text):
    """Test names of a tests.list, in order, without the "?" mark."""
    names = []
    for line in text.splitlines():
        words = line.split()
        if words and not words[0].startswith("#"):
            names.append(list_name(words[0]))
    return names


def may_skip(text):
    """Names of a tests.list that are allowed to skip ("?name")."""
    return {list_name(words[0]) for words in
            (line.split() for line in text.splitlines())
            if words and words[0].startswith("?")}


def judge(name, rc, secs, output):
    not_ok = [l.strip() for l in output if NOT_OK_RE.match(l)]
    if rc == 0 and not not_ok:
        return Result(name, "pass", secs)
    if rc == KSFT_SKIP and not not_ok:
        reason = "no reason given"
        for l in output:
            m = SKIP_RE.search(l)
            if m:
                reason = m.group(1).strip(" -") or reason
                break
        return Result(name, "skip", secs, reason)
    if rc == 124:
        reason = "timed out"
    elif rc == 137:
        reason = "killed (timed out, or out of memory)"
    elif not_ok:
        reason = "exit %d, %s" % (rc, not_ok[0])
    else:
        reason = "exit %d" % rc
    return Result(name, "fail", secs, reason, output)


def parse_results(text):
    """Return (results in log order, run completed?, header lines).

    A name may appear more than once (a test run with several argument
    lists); each run has its own result."""
    results = []
    header = []
    current = None
    output = []
    done = False
    for line in text.splitlines():
        if line.startswith("### BEGIN "):
            if current is not None:     # previous test never ended
                results.append(Result(current, "fail", None,
                                      "no exit status (lab died?)",
                                      output))
            current = line[len("### BEGIN "):].strip()
            output = []
            continue
        m = END_RE.match(line)
        if m and current == m.group(1):
            results.append(judge(current, int(m.group(2)),
                                 int(m.group(3)), output))
            current = None
            continue
        if line.startswith("### DONE"):
            done = True
            continue
        if line.startswith("### "):
            header.append(line[4:])
            continue
        if current is not None:
            output.append(line)
    if current is not None:
        results.append(Result(current, "fail", None,
                              "no exit status (lab died?)", output))
    return results, done, header


def scan_dmesg(text):
    """Lines of dmesg that report a kernel problem, with some context."""
    lines = text.splitlines()
    reports = []
    i = 0
    while i < len(lines):
        if DMESG_RE.search(lines[i]):
            reports.append(lines[max(0, i - 2):i + 25])
            i += 25
        else:
            i += 1
    return reports


def summarise(names, results_text, dmesg_text, out, skippable=()):
    """Print the verdict to out; return (passed, failed, skipped).

    A skip of a test not in skippable is a failure."""
    results, done, header = parse_results(results_text or "")
    for h in header:
        out.write("lab: %s\n" % h)
    for r in results:
        if r.status == "skip" and r.name not in skippable:
            r.status = "fail"
            r.reason = "skipped, which the list does not allow: " + r.reason
    # The list's n-th run of a name is the log's n-th result of that name.
    pending = {}
    for r in results:
        pending.setdefault(r.name, []).append(r)
    ordered = []
    for name in names:
        runs = pending.get(name)
        ordered.append(runs.pop(0) if runs else
                       Result(name, "fail", None, "did not run"))
    for runs in pending.values():
        ordered.extend(runs)
    if "NOKVM" in header:
        ordered.append(Result("lab", "fail", None,
                              "/dev/kvm is missing in the lab VM"))
    if not done:
        ordered.append(Result("lab", "fail", None,
                              "the run did not complete"))
    if "DMESG FAILED" in header:
        ordered.append(Result("dmesg", "fail", None,
                              "dmesg could not be saved"))
    elif dmesg_text is None or (done and not dmesg_text.strip()):
        if done:
            ordered.append(Result("dmesg", "fail", None,
                                  "no dmesg.log" if dmesg_text is None
                                  else "dmesg.log is empty"))
    else:
        reports = scan_dmesg(dmesg_text)
        if reports:
            ordered.append(Result("dmesg", "fail", None,
                                  "%d kernel report(s)" % len(reports),
                                  [l for r in reports for l in r + ["--"]]))

    for r in ordered:
        out.write(r.line() + "\n")
        if r.status == "fail" and r.output:
            for l in r.output[-40:]:
                out.write("    | %s\n" % l)
    counts = {s: sum(1 for r in ordered if r.status == s)
              for s in ("pass", "fail", "skip")}
    out.write("%d passed, %d failed, %d skipped\n"
              % (counts["pass"], counts["fail"], counts["skip"]))
    return counts["pass"], counts["fail"], counts["skip"]


def read(path):
    try:
        with open(path, errors="replace") as f:
            return f.read()
    except FileNotFoundError:
        return None


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--list", required=True)
    ap.add_argument("--results", required=True)
    ap.add_argument("--dmesg", required=True)
    ap.add_argument("--console", help="printed when the run died early")
    args = ap.parse_args()

    results_text = read(args.results)
    if (results_text is None or "### DONE" not in results_text) \
            and args.console:
        console = read(args.console) or ""
        sys.stdout.write("lab: the run did not complete; console tail:\n")
        for l in console.splitlines()[-60:]:
            sys.stdout.write("    | %s\n" % l)
    list_text = read(args.list) or ""
    _, failed, _ = summarise(read_list(list_text), results_text,
                             read(args.dmesg), sys.stdout,
                             may_skip(list_text))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
