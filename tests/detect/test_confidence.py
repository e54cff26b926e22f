"""A change's confidence as later articles confirm it: cases from tests/data/detect/confidence.yaml."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from monitor.detect.confidence import confirmed_confidence, newly_alerting

CASES = yaml.safe_load((Path(__file__).parent.parent / "data" / "detect" / "confidence.yaml").read_text("utf-8"))


@pytest.mark.parametrize("case", CASES, ids=[f"{c['first']}+{c['later']}" for c in CASES])
def test_confirmed_confidence(case: dict) -> None:
    assert confirmed_confidence(case["first"], case["later"]) == pytest.approx(case["expected"])


def test_only_a_never_alerted_event_crossing_the_minimum_alerts() -> None:
    assert newly_alerting(False, False, True)
    assert not newly_alerting(True, False, True)     # alerted already
    assert not newly_alerting(False, True, True)     # was confident: held back for another reason
    assert not newly_alerting(False, False, False)   # still doubtful
