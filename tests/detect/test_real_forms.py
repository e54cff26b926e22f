"""Forms of real reporting (issue #11), in sentences written for these tests: names by their
structure, levels told apart in one sentence, and only changes done today make a change."""

from __future__ import annotations

from datetime import datetime

import pytest

from monitor.detect import facts_from_text

PUBLISHED = datetime(2025, 10, 1, 9, 0)


def _facts(body: str, hint: str | None = "Thanh Oai", title: str = "Tin hoạt động"):
    return facts_from_text(f"{title}\n{body}", published=PUBLISHED, district_hint=hint)


def _posts(facts) -> dict[str, set[tuple[str, str]]]:
    return {p.name: {(m.post, m.scope) for m in p.posts} for p in facts.people}


def _changes(facts) -> set[tuple]:
    return {(c.kind, c.post, c.new_holder, c.old_holder) for c in facts.changes}


# --- names ---------------------------------------------------------------------------


@pytest.mark.parametrize("body, name", [
    # a surname off the common list, after a title and before one
    ("Dự có Phó Bí thư Thường trực Huyện ủy, Chủ tịch HĐND huyện Ngọ Văn Khải.", "Ngọ Văn Khải"),
    ("Đến dự có Lều Văn Khang, Chủ tịch UBND xã Hồng Hà.", "Lều Văn Khang"),
    # four syllables are one name
    ("Đến dự có đồng chí Tôn Nữ Thị Ninh – Phó Chủ tịch HĐND xã.", "Tôn Nữ Thị Ninh"),
    # ethnic-minority names
    ("Tham gia đoàn có bà H'Bli Êban, Phó Chủ tịch HĐND huyện Krông Pắc.", "H'Bli Êban"),
    ("Dự có đồng chí Y Ngông Niê Kdăm, Bí thư Huyện ủy Krông Búk.", "Y Ngông Niê Kdăm"),
    ("Đến dự có đồng chí Quàng Văn Bình – Chủ tịch UBND xã.", "Quàng Văn Bình"),
    # "Ông" as a family name after "đồng chí"
    ("Dự có đồng chí Ông Thị Diệu Linh – Chủ tịch Ủy ban MTTQ phường Dịch Vọng Hậu.", "Ông Thị Diệu Linh"),
])
def test_names_by_structure(body: str, name: str) -> None:
    assert [p.name for p in _facts(body).people] == [name]


def test_a_place_after_thanh_uy_is_no_person() -> None:
    facts = _facts("Về dự có đồng chí Nguyễn Lan Hương, Ủy viên Ban Thường vụ Thành ủy Hà Nội, Chủ tịch "
                   "Ủy ban MTTQ Việt Nam thành phố.", hint="Hà Nội")
    assert _posts(facts) == {"Nguyễn Lan Hương": {("standing_committee_member", "city"), ("mttq_chair", "city")}}


# --- levels in one sentence ----------------------------------------------------------------


def test_levels_told_apart_in_one_sentence() -> None:
    facts = _facts("Dự có đồng chí Nguyễn Văn An, Phó Bí thư Thành ủy, Bí thư Quận ủy Cầu Giấy; đồng chí "
                   "Trần Thị Thu, Chủ tịch Ủy ban MTTQ Việt Nam phường Dịch Vọng, Bí thư Đảng ủy phường.",
                   hint="Cầu Giấy")
    assert _posts(facts) == {
        "Nguyễn Văn An": {("deputy_party_secretary", "city"), ("party_secretary", "district")},
        "Trần Thị Thu": {("mttq_chair", "ward"), ("party_secretary", "ward")},
    }


def test_a_ward_post_takes_the_place_its_neighbour_names() -> None:
    facts = _facts("Đồng chí Phùng Văn Sơn, Bí thư Đảng ủy, Chủ tịch HĐND phường Hoàng Mai phát biểu.")
    [person] = facts.people
    assert {(m.post, m.place) for m in person.posts} == {("party_secretary", "Hoàng Mai"),
                                                         ("hdnd_chair", "Hoàng Mai")}


# --- done, planned, proposed, habitual, recalled ------------------------------------------------


@pytest.mark.parametrize("body, expected", [
    ("HĐND xã bầu đồng chí Nguyễn Văn An, Phó Bí thư Đảng ủy xã, giữ chức Chủ tịch UBND xã thay đồng chí "
     "Lê Văn Bình nghỉ hưu.", {("elected", "ubnd_chair", "Nguyễn Văn An", "Lê Văn Bình")}),
    ("Ban Thường vụ Thành ủy điều động, chỉ định đồng chí Nguyễn Văn An tham gia Ban Chấp hành và giữ chức "
     "Bí thư Đảng ủy xã.", {("appointed", "party_secretary", "Nguyễn Văn An", None)}),
    ("Ban Thường vụ Quận ủy điều động, phân công đồng chí Nguyễn Văn An giữ chức Phó Bí thư Quận ủy.",
     {("assigned", "deputy_party_secretary", "Nguyễn Văn An", None)}),
    ("Đồng chí Nguyễn Văn An nhận quyết định bổ nhiệm giữ chức Chánh Văn phòng HĐND và UBND huyện.",
     {("appointed", "other", "Nguyễn Văn An", None)}),
    # the decision names the kind, not the reason given for it
    ("HĐND xã đã miễn nhiệm chức danh Phó Chủ tịch UBND xã đối với ông Lê Văn Bình để nghỉ hưu theo chế độ.",
     {("dismissed", "ubnd_vice_chair", None, "Lê Văn Bình")}),
    ("Ông Lê Văn Bình thôi giữ chức Chủ tịch UBND xã để nghỉ hưu theo chế độ.",
     {("vacated", "ubnd_chair", None, "Lê Văn Bình")}),
    ("HĐND xã miễn nhiệm chức danh Chủ tịch UBND xã đối với ông Lê Văn Bình do được điều động giữ chức "
     "Trưởng phòng Nội vụ huyện.", {("dismissed", "ubnd_chair", None, "Lê Văn Bình")}),
    # a several-holder post: an election beside a dismissal replaces no one without "thay"
    ("HĐND xã miễn nhiệm chức danh Phó Chủ tịch UBND xã đối với ông Lê Văn Bình và bầu bà Trần Thị Hoa giữ "
     "chức Phó Chủ tịch UBND xã.", {("dismissed", "ubnd_vice_chair", None, "Lê Văn Bình"),
                                     ("elected", "ubnd_vice_chair", "Trần Thị Hoa", None)}),
    # a description of the holder's present post does not make the election an in-charge post
    ("HĐND huyện đã bầu ông Nguyễn Văn An, Phó Chủ tịch phụ trách điều hành UBND huyện, giữ chức Chủ tịch "
     "UBND huyện.", {("elected", "ubnd_chair", "Nguyễn Văn An", None)}),
    # not done today: congratulated, nominated, planned, to come, recalled
    ("Đồng chí Lê Văn Bình chúc mừng đồng chí Nguyễn Văn An, người được HĐND xã bầu giữ chức Chủ tịch UBND "
     "xã từ tháng 3 vừa qua.", set()),
    ("Hội nghị thống nhất giới thiệu đồng chí Nguyễn Văn An để HĐND xã bầu giữ chức Chủ tịch UBND xã.", set()),
    ("Theo kế hoạch, kỳ họp sẽ bầu đồng chí Nguyễn Văn An giữ chức Chủ tịch HĐND xã.", set()),
    ("Đồng chí Lê Văn Bình, Phó Chủ tịch UBND huyện, sẽ nghỉ hưu theo chế độ từ ngày 1/2/2026.", set()),
    ("Năm 2022, đồng chí Nguyễn Văn An được bầu giữ chức Chủ tịch UBND xã.", set()),
    ("Ông Nguyễn Văn An, nguyên Chủ tịch UBND xã, đã được điều động làm Trưởng phòng Nội vụ huyện từ năm "
     "2023.", set()),
])
def test_only_changes_done_today(body: str, expected: set) -> None:
    assert _changes(_facts(body)) == expected


def test_clauses_of_one_sentence_are_read_apart() -> None:
    facts = _facts("Ban Chấp hành đã bầu Ban Thường vụ; đồng chí Nguyễn Văn An tái cử giữ chức Bí thư Huyện "
                   "ủy; đồng chí Lê Văn Bình được bầu giữ chức Phó Bí thư Thường trực Huyện ủy.")
    assert _changes(facts) == {("elected", "standing_deputy_party_secretary", "Lê Văn Bình", None)}


def test_a_results_table_is_a_list_of_elections() -> None:
    facts = _facts("Kỳ họp đã bầu các chức danh chủ chốt, cụ thể:\n"
                   "- Chủ tịch HĐND xã: đồng chí Nguyễn Văn An, Bí thư Đảng ủy xã;\n"
                   "- Chủ tịch UBND xã: đồng chí Lê Văn Bình (tái cử);\n"
                   "- Phó Chủ tịch UBND xã: bà Trần Thị Hoa và ông Đỗ Văn Cường.")
    assert _changes(facts) == {("elected", "hdnd_chair", "Nguyễn Văn An", None),
                               ("elected", "ubnd_vice_chair", "Trần Thị Hoa", None),
                               ("elected", "ubnd_vice_chair", "Đỗ Văn Cường", None)}
    assert all(c.confidence == 0.85 and c.evidence.startswith("Kỳ họp đã bầu") for c in facts.changes)


@pytest.mark.parametrize("body", [
    "Hằng năm, Thường trực HĐND, UBND và Ủy ban MTTQ các xã đều ký kết chương trình phối hợp ngay từ đầu năm.",
    "Hội nghị đề nghị các phường rà soát lại chương trình phối hợp trước khi ký.",
])
def test_habits_and_plans_are_no_signing(body: str) -> None:
    assert _facts(body).signing is None


def test_a_signing_is_placed_where_its_sentence_says() -> None:
    facts = _facts("Sáng 12/9, Thường trực HĐND, UBND và Ủy ban MTTQ Việt Nam phường Nghĩa Đô ký kết chương "
                   "trình phối hợp công tác năm 2025.", hint="Hà Nội")
    assert facts.signing is not None and facts.signing.district == "Nghĩa Đô"
    assert 0.8 <= facts.signing.confidence <= 1


def test_one_post_before_a_list_of_names() -> None:
    facts = _facts("Dự có đồng chí Nguyễn Quang Trung, Chủ tịch UBND quận; các đồng chí Phó Chủ tịch UBND quận: "
                   "Lê Thị Hồng Vân, Nguyễn Thế Cường. Dự có Chủ tịch Ủy ban MTTQ các quận: Hoàng Thị Lệ Chi "
                   "(Đống Đa), Lã Thị Thanh Bình (Ba Đình).", hint="Hoàng Mai")
    assert {p.name: [(m.post, m.place) for m in p.posts] for p in facts.people} == {
        "Nguyễn Quang Trung": [("ubnd_chair", "Hoàng Mai")],
        "Lê Thị Hồng Vân": [("ubnd_vice_chair", "Hoàng Mai")],
        "Nguyễn Thế Cường": [("ubnd_vice_chair", "Hoàng Mai")],
        "Hoàng Thị Lệ Chi": [("mttq_chair", "Đống Đa")],
        "Lã Thị Thanh Bình": [("mttq_chair", "Ba Đình")],
    }


def test_a_name_after_a_long_title_is_no_place() -> None:
    facts = _facts("Tham gia đoàn có Phó Chủ tịch Ủy ban MTTQ Việt Nam thành phố Tạ Văn Sử.", hint="Hà Nội")
    assert _posts(facts) == {"Tạ Văn Sử": {("mttq_vice_chair", "city")}}


def test_after_the_reform_a_ward_site_places_its_ward_posts() -> None:
    body = "Dự có đồng chí Nguyễn Văn An, Bí thư Đảng ủy, Chủ tịch HĐND phường."
    after = facts_from_text(f"Tin\n{body}", published=datetime(2025, 9, 1), district_hint="Cửa Nam")
    before = facts_from_text(f"Tin\n{body}", published=datetime(2024, 9, 1), district_hint="Cầu Giấy")
    assert {m.place for m in after.people[0].posts} == {"Cửa Nam"}
    assert {m.place for m in before.people[0].posts} == {None}
