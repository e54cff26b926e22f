"""The five seeds against expected.json: every signing, person and post, nothing marked wrong."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from monitor.detect import extract_facts
from storage.canonical import read_article_file

SEEDS = Path(__file__).parent.parent / "data" / "detect" / "seeds"
EXPECTED = json.loads((SEEDS / "expected.json").read_text("utf-8"))


@pytest.mark.parametrize("name", sorted(EXPECTED["articles"]))
def test_seed(name: str) -> None:
    expected = EXPECTED["articles"][name]
    facts = extract_facts(read_article_file(SEEDS / name), district_hint=expected["district"])
    got = facts.to_json(name)
    assert got["article"]["published"] == expected["published"]
    assert got["article"]["district"] == expected["district"]
    if expected["signing"] is None:
        assert got["signing"] is None
    else:
        for field, value in expected["signing"].items():
            assert got["signing"][field] == value, field
        assert got["signing"]["evidence"] in (SEEDS / name).read_text("utf-8")
    people = {p["name"]: {(m["post"], m["scope"], m["qualifier"]) for m in p["posts"]} for p in got["people"]}
    for person in expected["people"]:
        want = {(p[0], p[1], p[2] if len(p) > 2 else None) for p in person["posts"]}
        assert people.get(person["name"]) == want, person["name"]
    assert set(people) == {p["name"] for p in expected["people"]}
    assert got["changes"] == []


def test_bylines_name_no_post_holder() -> None:
    for name in EXPECTED["articles"]:
        facts = extract_facts(read_article_file(SEEDS / name))
        names = {p.name for p in facts.people}
        assert not names & {"Thanh Hồng", "Vân Anh", "Thanh Xuân"}


def test_vice_chair_in_charge_does_not_hold_the_chair() -> None:
    """000: Nguyễn Tiến Cường is a vice chair in charge, never a ubnd_chair holder."""
    facts = extract_facts(read_article_file(SEEDS / "000_8c87a9c90fa289fa.txt"))
    cuong = facts.person("Nguyễn Tiến Cường")
    assert cuong is not None
    assert all(not (m.post == "ubnd_chair" and m.holds) for m in cuong.posts)
    assert any(m.post == "ubnd_vice_chair" and m.qualifier == "in_charge" and not m.holds for m in cuong.posts)
