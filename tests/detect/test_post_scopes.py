"""Levels of posts outside the vocabulary, in sentences written for these tests."""

from __future__ import annotations

from datetime import datetime

import pytest

from monitor.detect import facts_from_text


def _posts(body: str, hint: str | None = "Sơn Tây") -> dict[str, set[tuple[str, str]]]:
    facts = facts_from_text(f"Tin hoạt động\n{body}", published=datetime(2024, 5, 2), district_hint=hint)
    return {p.name: {(m.post, m.scope) for m in p.posts} for p in facts.people}


@pytest.mark.parametrize("body, name, expected", [
    # "xã" of "thị xã" is no second level
    ("Dự có Thượng tá Khuất Văn Lâm, Trưởng Công an thị xã.", "Khuất Văn Lâm", {("other", "district")}),
    ("Dự có ông Kiều Văn Tuấn - Chủ tịch Liên đoàn Lao động thị xã.", "Kiều Văn Tuấn", {("other", "district")}),
    # an alternate member of the Central Committee is national
    ("Đồng chí Phạm Văn Lực, Ủy viên dự khuyết Trung ương Đảng, Bí thư Tỉnh ủy chủ trì.", "Phạm Văn Lực",
     {("other", "national"), ("party_secretary", "province")}),
    # a hyphen inside a committee's name: the level after it is the post's
    ("Dự có bà Đặng Thị Hoa – Trưởng Ban Kinh tế – Ngân sách HĐND thành phố; ông Lê Văn Tú – Bí thư Thị ủy.",
     "Đặng Thị Hoa", {("other", "city")}),
    ("Dự có bà Đặng Thị Hoa, Phó Trưởng ban Dân chủ - Pháp luật Ủy ban MTTQ Việt Nam thành phố.", "Đặng Thị Hoa",
     {("other", "city")}),
])
def test_the_level_of_a_post_outside_the_vocabulary(body: str, name: str, expected: set) -> None:
    assert _posts(body)[name] == expected


def test_a_hyphen_before_a_post_still_separates_people_and_posts() -> None:
    posts = _posts("Dự có ông Lê Văn Tú - Bí thư Thị ủy - Chủ tịch HĐND thị xã; bà Đặng Thị Hoa - Phó Chủ tịch UBND thị xã.")
    assert posts == {"Lê Văn Tú": {("party_secretary", "district"), ("hdnd_chair", "district")},
                     "Đặng Thị Hoa": {("ubnd_vice_chair", "district")}}


def test_a_provinces_city_is_district_level() -> None:
    body = ("Ngày 21/11, đồng chí Trịnh Văn An, Phó Chủ tịch UBND tỉnh, làm việc với UBND thành phố Cẩm Giàng. "
            "Làm việc với đoàn có đồng chí Lưu Văn Bình, Bí thư Thành ủy Cẩm Giàng; đồng chí Mai Văn Cường, "
            "Phó Bí thư Thành ủy, Chủ tịch UBND thành phố.")
    posts = _posts(body, hint=None)
    assert posts["Lưu Văn Bình"] == {("party_secretary", "district")}
    assert posts["Mai Văn Cường"] == {("deputy_party_secretary", "district"), ("ubnd_chair", "district")}


def test_hanois_city_posts_stay_city_level() -> None:
    posts = _posts("Dự có đồng chí Lưu Văn Bình, Phó Bí thư Thành ủy Hà Nội, và lãnh đạo UBND tỉnh Hòa Bình.",
                   hint=None)
    assert posts["Lưu Văn Bình"] == {("deputy_party_secretary", "city")}
