"""Variants of one name are one person; different people stay different."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from monitor.detect import facts_from_text
from monitor.detect.identity import fuller, same_person


@pytest.mark.parametrize("a, b", [
    ("Nguyễn Văn Hùng", "Nguyễn Hùng"),          # middle name left out
    ("Lê Thị Thu Hà", "Lê Thị Hà"),
    ("Trần Thị Hoà", "Trần Thị Hòa"),            # old and new tone placement
    ("Phạm Thị Thuỷ", "PHẠM THỊ THỦY"),
    ("Lò Văn Puốn", "Lò Văn  Puốn"),
])
def test_variants_are_one_person(a: str, b: str) -> None:
    assert same_person(a, b) and same_person(b, a)


@pytest.mark.parametrize("a, b", [
    ("Nguyễn Văn Hùng", "Nguyễn Mạnh Hùng"),     # another middle name
    ("Nguyễn Văn Hùng", "Trần Văn Hùng"),
    ("Nguyễn Văn Hùng", "Nguyễn Văn Hưng"),
    ("Lê Thị Thu Hà", "Lê Thu Thị Hà"),          # same syllables, other order
    ("Hùng", "Nguyễn Hùng"),
])
def test_different_people_stay_apart(a: str, b: str) -> None:
    assert not same_person(a, b)


def test_fuller_keeps_the_middle_name() -> None:
    assert fuller("Nguyễn Hùng", "Nguyễn Văn Hùng") == "Nguyễn Văn Hùng"
    assert fuller("Nguyễn Văn Hùng", "Nguyễn Hùng") == "Nguyễn Văn Hùng"


def test_one_article_two_spellings_is_one_person() -> None:
    facts = facts_from_text(
        "Huyện Ba Vì tổng kết công tác năm\n"
        "Đến dự có đồng chí Nguyễn Thị Hoà – Bí thư Huyện ủy Ba Vì.\n"
        "Đồng chí Nguyễn Hòa, Bí thư Huyện ủy phát biểu chỉ đạo hội nghị.",
        district_hint="Ba Vì")
    names = [p.name for p in facts.people]
    assert names == ["Nguyễn Thị Hoà"]


_DATA = yaml.safe_load((Path(__file__).parent.parent / "data" / "detect" / "identity.yaml").read_text("utf-8"))


@pytest.mark.parametrize("a, b", _DATA["same"])
def test_written_variants_from_data_are_one_person(a: str, b: str) -> None:
    assert same_person(a, b) and same_person(b, a)


@pytest.mark.parametrize("a, b", _DATA["different"])
def test_different_people_from_data_stay_apart(a: str, b: str) -> None:
    assert not same_person(a, b) and not same_person(b, a)
