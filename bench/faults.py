"""Runs the whole fault table (tests/faults, slow tests included) and prints it:
fault, expected, observed, lost, duplicated, and whether the test held.

    .venv/bin/python bench/faults.py [--postgres URL] [-k EXPR]

Each row is written by the fault test itself (tests/faults/conftest.py,
``fault_row``) from what it measured; "held" is the test's own verdict. With
--postgres (or PORTALWATCH_TEST_POSTGRES_URL) the store's faults run on both
databases.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ElementTree
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
COLUMNS = ("fault", "db", "expected", "observed", "lost", "duplicated", "held")


def verdicts(junit: Path) -> dict[str, str]:
    """Test id -> held | FAILED, from pytest's JUnit XML."""
    held: dict[str, str] = {}
    for case in ElementTree.parse(junit).iter("testcase"):
        module = case.get("classname", "").replace(".", "/")
        test_id = f"{module}.py::{case.get('name')}"
        failed = any(child.tag in ("failure", "error") for child in case)
        held[test_id] = "FAILED" if failed else ("skipped" if case.find("skipped") is not None else "held")
    return held


def run(postgres: str | None, keyword: str | None) -> list[dict]:
    with tempfile.TemporaryDirectory() as scratch:
        table, junit = Path(scratch) / "table.jsonl", Path(scratch) / "junit.xml"
        env = {**os.environ, "PORTALWATCH_FAULT_TABLE": str(table)}
        if postgres:
            env["PORTALWATCH_TEST_POSTGRES_URL"] = postgres
        command = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "tests/faults",
                   f"--junitxml={junit}"] + (["-k", keyword] if keyword else [])
        subprocess.run(command, cwd=REPO, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        if not table.exists():
            sys.exit("bench/faults.py: the fault tests recorded nothing (see: pytest tests/faults).")
        rows = [json.loads(line) for line in table.read_text(encoding="utf-8").splitlines()]
        outcome = verdicts(junit) if junit.exists() else {}
    for row in rows:
        row["db"] = row.pop("backend")
        row["held"] = outcome.get(row["test"], "?")
    return rows


def markdown(rows: list[dict]) -> str:
    lines = ["| " + " | ".join(COLUMNS) + " |", "|" + " --- |" * len(COLUMNS)]
    for row in rows:
        lines.append("| " + " | ".join(str(row[c]).replace("|", "/") for c in COLUMNS) + " |")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--postgres", default=os.environ.get("PORTALWATCH_TEST_POSTGRES_URL"),
                        help="a PostgreSQL server URL for the store's faults (default: SQLite only)")
    parser.add_argument("-k", dest="keyword", help="only the fault tests matching this pytest expression")
    args = parser.parse_args()
    print(markdown(run(args.postgres, args.keyword)))


if __name__ == "__main__":
    main()
