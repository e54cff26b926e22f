"""`portalwatch extract`: SPEC JSON per file, a readable summary, and bad files named on stderr."""

from __future__ import annotations

import json
from pathlib import Path

from portalwatch.cli import main

SEEDS = Path(__file__).parent.parent / "data" / "detect" / "seeds"
SEED = SEEDS / "000_8c87a9c90fa289fa.txt"


def test_json_is_one_spec_object_per_file(capsys) -> None:
    assert main(["extract", "--json", str(SEED), str(SEEDS / "004_e6e0271cd50a6288.txt")]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 2
    first = json.loads(lines[0])
    assert set(first) == {"file", "article", "signing", "people", "changes"}
    assert set(first["article"]) == {"category", "title", "published", "views", "byline", "district"}
    assert first["article"]["published"] == "2020-01-12T16:29"
    assert first["signing"]["kind"] == "hdnd_ubnd_mttq" and first["signing"]["event_date"] == "2020-01-10"
    assert set(first["signing"]) == {"kind", "parties", "programme", "period", "event_date", "district", "evidence",
                                     "confidence"}
    assert 0 < first["signing"]["confidence"] <= 1
    person = first["people"][0]
    assert set(person["posts"][0]) == {"post", "scope", "place", "qualifier", "raw", "confidence"}


def test_summary_and_a_bad_file(tmp_path, capsys) -> None:
    bad = tmp_path / "notes.txt"
    bad.write_text("just a note\n", encoding="utf-8")
    assert main(["extract", str(bad), str(SEED)]) == 2
    captured = capsys.readouterr()
    assert "Nguyễn Huy Chương" in captured.out and "signing [hdnd_ubnd_mttq]" in captured.out
    errors = [line for line in captured.err.splitlines() if str(bad) in line]
    assert len(errors) == 1 and "not an article" in errors[0]
