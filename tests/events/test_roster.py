from datetime import datetime
from pathlib import Path

import pytest
import yaml

from monitor.roster import Sighting, changes_of, holder_at, sightings_of, tenures

CASES = yaml.safe_load((Path(__file__).parent.parent / "data/events/roster_cases.yaml").read_text("utf-8"))


def _sightings(case):
    return [Sighting("district:thanh trì", "Thanh Trì", "district", "ubnd_chair", name,
                     datetime.fromisoformat(day), source, "", article_id=i)
            for i, (day, name, source) in enumerate(case["sightings"])]


@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_changes_in_publication_order(case):
    changes = changes_of(tenures(_sightings(case)))
    assert [[c.old.name if c.old else None, c.new.name] for c in changes] == case["changes"]


def test_holder_at_a_date():
    history = tenures(_sightings(CASES[0]))
    assert holder_at(history, datetime(2019, 6, 1)).name == "Trần Văn Khương"
    assert holder_at(history, datetime(2021, 1, 1)).name == "Trần Công Thành"
    assert holder_at(history, datetime(2017, 1, 1)) is None


def test_former_acting_in_charge_and_nominated_holders_are_not_sighted(seed_paths):
    from monitor.detect import extract_facts
    from storage.canonical import read_article_file

    article = read_article_file(seed_paths[0])  # Nguyễn Tiến Cường: vice chair "phụ trách điều hành"
    facts = extract_facts(article, district_hint="Thanh Trì")
    names = {(s.post, s.name) for s in sightings_of(facts, article.published, "Thanh Trì")}
    assert ("ubnd_chair", "Nguyễn Tiến Cường") not in names
    assert ("mttq_chair", "Nguyễn Huy Chương") in names
