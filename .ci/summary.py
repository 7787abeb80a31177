#!/usr/bin/env python3
"""Print one line 'N passed, N failed' over meson test logs (JSON lines)."""
import json
import os
import sys

passed = failed = skipped = 0
for path in sys.argv[1:]:
    try:
        with open(path, encoding="utf-8") as f:
            for line in f:
                line = line.strip()
                if not line:
                    continue
                result = json.loads(line).get("result")
                if result in ("OK", "EXPECTEDFAIL"):
                    passed += 1
                elif result == "SKIP":
                    skipped += 1
                else:
                    failed += 1
    except FileNotFoundError:
        print(f"missing test log: {path}", file=sys.stderr)
        failed += 1
# Failures counted outside meson (the fuzz campaign of .ci/run).
failed += int(os.environ.get("ESESSION_EXTRA_FAILED", "0") or 0)
print(f"{passed} passed, {failed} failed" + (f", {skipped} skipped" if skipped else ""))
