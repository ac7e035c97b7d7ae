#!/usr/bin/env python3
"""Counts test cases across meson builds and prints "N passed, N failed".

TAP tests count each "ok"/"not ok" line; a TAP test that crashed before
reporting counts as one failure. Exits 1 if anything failed."""
import json
import re
import sys

passed = failed = 0
for build in sys.argv[1:]:
    try:
        lines = open(f"{build}/meson-logs/testlog.json", encoding="utf-8").read().splitlines()
    except OSError as e:
        print(f"test-summary: {e}", file=sys.stderr)
        failed += 1
        continue
    for line in lines:
        t = json.loads(line)
        out = t.get("stdout") or ""
        oks = len(re.findall(r"^ok \d+", out, re.M))
        bad = len(re.findall(r"^not ok \d+", out, re.M))
        passed += oks
        failed += bad
        if t.get("result") not in ("OK", "EXPECTEDFAIL", "SKIP") and bad == 0:
            failed += 1
            print(f"test-summary: {build}: {t.get('name')} {t.get('result')}", file=sys.stderr)
print(f"{passed} passed, {failed} failed")
sys.exit(1 if failed else 0)
