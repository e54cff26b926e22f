"""The development set: at least 60 labelled articles, and floors the detectors must keep."""

from __future__ import annotations

import json
from pathlib import Path

from monitor.detect import extract_facts
from monitor.detect.evaluation import Scores
from storage.canonical import read_article_file

DEVSET = Path(__file__).parent.parent / "data" / "devset"
LABELS = json.loads((DEVSET / "labels.json").read_text("utf-8"))["articles"]


def test_devset_is_complete_and_labelled() -> None:
    files = {p.name for p in DEVSET.glob("*.txt")}
    assert len(files) >= 60
    assert files == set(LABELS)
    kinds = {(label["signing"] or {}).get("kind") for label in LABELS.values()}
    assert kinds == {None, "hdnd_ubnd_mttq", "other"}
    qualifiers = {p[2] for label in LABELS.values() for person in label["people"]
                  for p in person["posts"] if len(p) > 2}
    assert qualifiers >= {"acting", "in_charge", "former", "nominated", "elected", "re_elected"}


def test_devset_scores_stay_above_floors() -> None:
    scores = Scores()
    for name, label in LABELS.items():
        scores.add(name, label, extract_facts(read_article_file(DEVSET / name), label.get("district")))
    assert scores.signings.f1 >= 0.9, scores.signings.misses
    assert scores.pairs.f1 >= 0.9, scores.pairs.misses
    assert scores.changes.f1 >= 0.8, scores.changes.misses
