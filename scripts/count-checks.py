#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Counts the unit half of `make check` in checks, the unit the guest half
counts in (one PASS/FAIL/SKIP line each), from meson's testlog.txt:

- a Check runner's "Checks: N, Failures: F, Errors: E" lines and a Python
  unittest's "Ran N tests" give their checks; any other test is one check;
- a test that exits non-zero although its checks passed is one failure more
  (e.g. a runner that found a problem outside its Check suite);
- "SKIP: WHAT: WHY" lines are one skip each; a test that exits 77 is one
  skip and must have printed such a line.

Every skip must be explained (docs/testing.md, "Skips"): WHY starts with
"host " (a capability of the host this project does not control, naming
it), "expected (" (an entry of a reviewed expected-refusal list) or
"guest kernel " (a feature of a newer kernel than the run's guest, naming
the release that has it).  An unexplained skip is a failure.

    count-checks.py TESTLOG        prints "N passed, N failed, N skipped"
    count-checks.py --skips FILE   the same check on the SKIP lines of FILE
"""
import re
import sys

EXPLAINED = re.compile(r"^SKIP: .*?: (host |expected \(|guest kernel )")


def skip_problems(text):
    """SKIP lines of text that give no reason docs/testing.md accepts."""
    return [ln for ln in text.splitlines()
            if ln.startswith("SKIP: ") and not EXPLAINED.match(ln)]


def blocks(log):
    """(name, result, output) per test of a meson testlog.txt."""
    parts = re.split(r"^=+ \d+/\d+ =+$", log, flags=re.M)[1:]
    for part in parts:
        name = re.search(r"^test:\s+(.*)$", part, re.M)
        result = re.search(r"^result:\s+(.*)$", part, re.M)
        yield (name.group(1) if name else "?", result.group(1) if result else "?", part)


def count_test(result, out):
    """(passed, failed, skipped) of one meson test."""
    passed = failed = 0
    for n, f, e in re.findall(r"Checks: (\d+), Failures: (\d+), Errors: (\d+)", out):
        passed += int(n) - int(f) - int(e)
        failed += int(f) + int(e)
    ran = re.search(r"^Ran (\d+) tests?", out, re.M)
    if ran:
        bad = sum(int(x) for x in re.findall(r"(?:failures|errors)=(\d+)", out))
        unit_skips = sum(int(x) for x in re.findall(r"skipped=(\d+)", out))
        passed += int(ran.group(1)) - bad - unit_skips
        failed += bad
    skipped = sum(1 for ln in out.splitlines() if ln.startswith("SKIP: "))
    status = re.match(r"exit status (\d+)", result)
    code = int(status.group(1)) if status else None
    if code == 77:
        return passed, failed, max(skipped, 1)
    if code != 0 and not failed:
        failed = 1		# killed, timed out, or failed outside its checks
    if not passed and not failed and code == 0:
        passed = 1
    return passed, failed, skipped


def main():
    if sys.argv[1:2] == ["--skips"]:
        with open(sys.argv[2], errors="replace") as f:
            bad = skip_problems(f.read())
        for ln in bad:
            print("unexplained skip: " + ln, file=sys.stderr)
        print("%d unexplained" % len(bad))
        return 0
    with open(sys.argv[1], errors="replace") as f:
        log = f.read()
    total = [0, 0, 0]
    for name, result, out in blocks(log):
        counts = count_test(result, out)
        total = [a + b for a, b in zip(total, counts)]
        if result.startswith("exit status 77") and not re.search(r"^SKIP: ", out, re.M):
            print("%s: skipped (exit 77) without a SKIP line saying why" % name, file=sys.stderr)
            total[1] += 1
        for ln in skip_problems(out):
            print("%s: unexplained skip: %s" % (name, ln), file=sys.stderr)
            total[1] += 1
    print("%d passed, %d failed, %d skipped" % tuple(total))
    return 0


if __name__ == "__main__":
    sys.exit(main())
