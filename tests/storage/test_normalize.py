from pathlib import Path

import pytest
import yaml

from monitor.alert_config import Filters
from storage.normalize import clean_line, district_key, fold, same_place

CASES = yaml.safe_load((Path(__file__).parent.parent / "data/storage/normalize_cases.yaml").read_text("utf-8"))


@pytest.mark.parametrize("case", CASES, ids=[c["why"] for c in CASES])
def test_fold_equates_spelling_variants_only(case):
    assert (fold(case["a"]) == fold(case["b"])) is case["same"]


def test_clean_line_keeps_spelling_but_normalises_spaces_and_nfc():
    assert clean_line("\u00a0 Uỷ\u00a0\u00a0ban  nhân\tdân \u202f") == "Uỷ ban nhân dân"
    assert clean_line("Nguye\u0302\u0303n") == "Nguyễn"


def test_fold_is_idempotent():
    text = "HĐND – UBND - Uỷ ban MTTQ huyện Thanh\u00a0Trì “ký kết”"
    assert fold(fold(text)) == fold(text)


@pytest.mark.parametrize(("stored", "typed", "same"), [
    ("Cầu Giấy", "quận  cầu giấy", True),
    ("Quận Cầu Giấy", "Cầu Giấy", True),
    ("Huyện Thanh Trì", "thanh trì", True),
    ("Hoà Bình", "Hòa Bình", True),  # tone placement, which the filters' old key did not erase
    ("Cầu Giấy", "Thanh Trì", False),
    ("Cầu Giấy", "cầu giây", False),
])
def test_alert_filters_and_place_options_match_districts_by_one_key(stored, typed, same):
    assert (district_key(stored) == district_key(typed)) is same
    assert same_place(stored, typed) is same
    assert Filters(districts=frozenset({district_key(typed)})).accepts("signing", stored) is same
