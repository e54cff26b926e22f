"""The fault table: each fault test records what it saw, for bench/faults.py.

With PORTALWATCH_FAULT_TABLE naming a file, ``fault_row(...)`` appends one JSON
line per call (fault, expected, observed, lost, duplicated, backend, test id);
without it, it does nothing. Rows are recorded before the test's assertions, so
a fault that did not hold still shows what was observed.
"""

from __future__ import annotations

import json
import os

import pytest

TABLE_ENV = "PORTALWATCH_FAULT_TABLE"


@pytest.fixture
def fault_row(request):
    def record(fault: str, expected: str, observed: str, lost: int | str = 0, duplicated: int | str = 0) -> None:
        path = os.environ.get(TABLE_ENV)
        if not path:
            return
        backend = request.node.callspec.params.get("db_url", "-") if hasattr(request.node, "callspec") else "-"
        with open(path, "a", encoding="utf-8") as table:
            table.write(json.dumps({"test": request.node.nodeid, "fault": fault, "expected": expected,
                                    "observed": observed, "lost": lost, "duplicated": duplicated,
                                    "backend": backend}, ensure_ascii=False) + "\n")

    return record
