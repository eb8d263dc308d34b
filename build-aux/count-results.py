#!/usr/bin/python3
# count-results.py — count test cases in meson's testlog.json.
# SPDX-License-Identifier: Apache-2.0
#
# Every GTest program speaks TAP: each "ok"/"not ok" line is one test case.
# A program that crashed or timed out counts its reported cases plus one
# failure for the crash. Prints "N passed, N failed[, N skipped]" and exits
# 1 when anything failed or no test ran at all.
import json
import re
import sys

TAP = re.compile(r"^(not ok|ok)\b(.*)$")

passed = failed = skipped = 0
with open(sys.argv[1], encoding="utf-8") as log:
    for line in log:
        if not line.strip():
            continue
        result = json.loads(line)
        outcome = result.get("result")
        cases_failed = 0
        cases = 0
        for out in (result.get("stdout") or "").splitlines():
            m = TAP.match(out.strip())
            if not m:
                continue
            cases += 1
            directive = m.group(2)
            if m.group(1) == "not ok":
                if "# TODO" in directive:
                    continue
                failed += 1
                cases_failed += 1
            elif "# SKIP" in directive:
                skipped += 1
            else:
                passed += 1
        if outcome not in ("OK", "EXPECTEDFAIL", "SKIP") and cases_failed == 0:
            # Crashed, timed out or failed without a TAP "not ok".
            failed += 1
            print(f"count-results: {result.get('name')}: {outcome}", file=sys.stderr)
        elif outcome == "OK" and cases == 0:
            passed += 1

line = f"{passed} passed, {failed} failed"
if skipped:
    line += f", {skipped} skipped"
print(line)
sys.exit(1 if failed or passed == 0 else 0)
