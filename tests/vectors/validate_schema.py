#!/usr/bin/env python3
"""Validate vector files against vectors/schema.json (JSON Schema draft
2020-12, python3-jsonschema), and check what a schema cannot say: the
declared numberOfTests, unique consecutive tcIds, every flag defined in
`notes`.

usage: validate_schema.py SCHEMA FILE...
"""
import json
import sys

import jsonschema


def main():
    schema = json.load(open(sys.argv[1], encoding="utf-8"))
    validator = jsonschema.Draft202012Validator(schema)
    failures = 0
    for path in sys.argv[2:]:
        data = json.load(open(path, encoding="utf-8"))
        errors = sorted(validator.iter_errors(data), key=lambda e: list(e.path))
        for e in errors[:5]:
            print(f"{path}: {'/'.join(map(str, e.path))}: {e.message[:200]}")
        tests = [t for g in data.get("testGroups", []) for t in g.get("tests", [])]
        ids = [t.get("tcId") for t in tests]
        if ids != list(range(1, len(ids) + 1)):
            print(f"{path}: tcIds are not 1..{len(ids)} in order")
            failures += 1
        if data.get("numberOfTests") != len(tests):
            print(f"{path}: numberOfTests {data.get('numberOfTests')}, "
                  f"file holds {len(tests)}")
            failures += 1
        undefined = ({f for t in tests for f in t.get("flags", [])}
                     - set(data.get("notes", {})))
        if undefined:
            print(f"{path}: flags without a note: {sorted(undefined)}")
            failures += 1
        failures += len(errors)
        print(f"{path}: {len(tests)} tests, "
              f"{'valid' if not errors else f'{len(errors)} schema errors'}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
