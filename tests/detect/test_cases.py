"""Detector cases from tests/data/detect/cases.yaml: text in, the listed facts out."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest
import yaml

from monitor.detect import facts_from_text

# cases.yaml and the files beside it named cases_*.yaml, one list of cases.
CASES = [case for path in sorted((Path(__file__).parent.parent / "data" / "detect").glob("cases*.yaml"))
         for case in yaml.safe_load(path.read_text("utf-8"))]


def _published(case: dict) -> datetime:
    value = case.get("published", "2020-06-15T09:00")
    return value if isinstance(value, datetime) else datetime.fromisoformat(str(value))


@pytest.mark.parametrize("case", CASES, ids=[c["id"] for c in CASES])
def test_case(case: dict) -> None:
    facts = facts_from_text(case["text"], published=_published(case), district_hint=case.get("site_district"))
    people = {p.name: {(m.post, m.scope, m.qualifier) for m in p.posts} for p in facts.people}
    for name, posts in (case.get("people") or {}).items():
        assert name in people, f"{name} not found; found {sorted(people)}"
        for post in posts:
            key = (post[0], post[1], post[2] if len(post) > 2 else None)
            assert key in people[name], f"{name}: {key} not in {people[name]}"
    for name in case.get("absent", []):
        assert name not in people
    for name, posts in (case.get("absent_posts") or {}).items():
        for post in posts:
            assert (post[0], post[1], post[2] if len(post) > 2 else None) not in people.get(name, set())
    if "changes" in case:
        found = {(c.kind, c.post, c.new_holder, c.old_holder) for c in facts.changes}
        assert found == {tuple(c) for c in case["changes"]}
    for holder, scope in (case.get("change_scopes") or {}).items():
        assert {c.scope for c in facts.changes if c.new_holder == holder} == {scope}, facts.changes
    for holder, place in (case.get("change_places") or {}).items():
        assert {c.place for c in facts.changes if c.new_holder == holder} == {place}, facts.changes
    if "signing" in case:
        expected = case["signing"]
        if expected is None:
            assert facts.signing is None, facts.signing
        else:
            assert facts.signing is not None
            got = facts.signing.to_json()
            for field, value in expected.items():
                assert got[field] == value, f"{field}: {got[field]!r} != {value!r}"
            assert got["evidence"] in case["text"]
