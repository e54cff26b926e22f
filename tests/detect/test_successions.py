"""Whom a newcomer replaces when another sentence says it, and proposals put to a council, in
sentences written for these tests after the shapes of real reporting."""

from __future__ import annotations

from datetime import datetime

from monitor.detect import facts_from_text

PUBLISHED = datetime(2025, 3, 12, 9, 0)


def _changes(body: str, hint: str = "Mỹ Đức") -> set[tuple]:
    facts = facts_from_text(f"Công bố quyết định về công tác cán bộ\n{body}", published=PUBLISHED,
                            district_hint=hint)
    return {(c.kind, c.post, c.new_holder, c.old_holder) for c in facts.changes}


def test_a_later_sentence_names_whom_the_newcomer_replaces() -> None:
    body = ("Chiều 11/3, Ban Thường vụ Thành ủy công bố quyết định điều động, chỉ định đồng chí Phùng Văn Tài, "
            "Phó Trưởng ban Dân vận Thành ủy, giữ chức Bí thư Huyện ủy Mỹ Đức nhiệm kỳ 2020-2025.\n"
            "Đồng chí Phùng Văn Tài thay đồng chí Kiều Thị Loan, người đã nhận nhiệm vụ mới tại cơ quan "
            "Thành ủy.")
    assert ("appointed", "party_secretary", "Phùng Văn Tài", "Kiều Thị Loan") in _changes(body)


def test_replacing_on_behalf_is_no_succession() -> None:
    # "thay mặt" (on behalf of) names no predecessor.
    body = ("Đồng chí Phùng Văn Tài được bầu giữ chức Chủ tịch UBND huyện Mỹ Đức.\n"
            "Đồng chí Lê Văn Hòa thay mặt Ban Thường vụ Huyện ủy tặng hoa chúc mừng.")
    assert _changes(body) == {("elected", "ubnd_chair", "Phùng Văn Tài", None)}


def test_a_dismissal_submitted_to_the_council_is_not_done() -> None:
    body = ("Tại kỳ họp, UBND huyện trình HĐND huyện miễn nhiệm chức vụ Phó Chủ tịch UBND huyện đối với "
            "đồng chí Đỗ Văn Tùng, người sẽ nghỉ hưu từ ngày 1/4/2025.")
    assert _changes(body) == set()


def test_retiring_when_the_time_comes_vacates_nothing_today() -> None:
    body = ("Bà Lò Thị Nga, Phó Chủ tịch UBND phường, cho biết đến khi nghỉ hưu bà vẫn phụ trách "
            "công tác văn hóa - xã hội của phường.")
    assert _changes(body, hint="Yên Nghĩa") == set()


def test_two_syllables_after_a_unit_word_are_a_place_not_the_holder() -> None:
    body = ("Hội nghị đã hiệp thương cử bà Đỗ Thị Ngân, Chủ tịch Hội Nông dân xã Hoàng Ngô, giữ chức "
            "Phó Chủ tịch Ủy ban MTTQ Việt Nam huyện Mỹ Đức.")
    assert {(c.post, c.new_holder) for c in facts_from_text(f"Tin\n{body}", published=PUBLISHED,
                                                            district_hint="Mỹ Đức").changes} \
        == {("mttq_vice_chair", "Đỗ Thị Ngân")}


def test_a_signing_is_not_placed_in_the_name_written_after_a_post() -> None:
    body = ("Sáng 8/1, Chủ tịch HĐND quận Đinh Thị Hồng Vân, Chủ tịch UBND quận Trịnh Văn Hưng và Chủ tịch "
            "Ủy ban MTTQ Việt Nam quận Lã Thị Hoa đã ký Chương trình phối hợp công tác năm 2025.")
    facts = facts_from_text(f"Ký kết chương trình phối hợp năm 2025\n{body}", published=datetime(2025, 1, 9),
                            district_hint="Long Biên")
    assert facts.signing is not None and facts.signing.district == "Long Biên"


def test_witnesses_of_a_signing_are_not_its_parties() -> None:
    body = ("Dưới sự chứng kiến của Thường trực Đảng ủy phường, Chủ tịch HĐND, Chủ tịch UBND và Chủ tịch Ủy ban "
            "MTTQ Việt Nam phường đã ký Chương trình phối hợp công tác năm 2026 giữa Thường trực HĐND, UBND và "
            "Ban Thường trực Ủy ban MTTQ Việt Nam phường.")
    facts = facts_from_text(f"Hội nghị ký kết\n{body}", published=datetime(2026, 1, 9), district_hint="Yên Hòa")
    assert facts.signing is not None and facts.signing.kind == "hdnd_ubnd_mttq"


def test_the_programme_the_bodies_signed_earlier_is_no_signing() -> None:
    body = ("Báo cáo cho biết, chương trình phối hợp mà Thường trực HĐND, UBND và Ủy ban MTTQ Việt Nam huyện "
            "ký kết hồi đầu năm đã được thực hiện đầy đủ.")
    assert facts_from_text(f"Tổng kết\n{body}", published=datetime(2024, 12, 20),
                           district_hint="Mỹ Đức").signing is None


def test_a_dismissal_the_election_replaces_is_one_change() -> None:
    body = ("Tại kỳ họp, HĐND huyện đã miễn nhiệm chức vụ Phó Chủ tịch HĐND huyện đối với bà Hà Thị Tâm, do nghỉ "
            "hưu theo chế độ. Ngay sau đó, các đại biểu bầu đồng chí Vi Văn Khải giữ chức Phó Chủ tịch HĐND "
            "huyện, thay bà Hà Thị Tâm.")
    assert _changes(body) == {("elected", "hdnd_vice_chair", "Vi Văn Khải", "Hà Thị Tâm")}


def test_a_results_row_names_the_predecessor_after_thay() -> None:
    body = ("Kết quả bầu cử bổ sung như sau:\n"
            "Chủ tịch HĐND huyện: đồng chí Lê Thị Vân, Phó Bí thư Thường trực Huyện ủy (thay ông Đoàn Văn Mạnh);")
    assert _changes(body) == {("elected", "hdnd_chair", "Lê Thị Vân", "Đoàn Văn Mạnh")}


def test_moved_to_other_work_vacates_the_one_holder_posts_named_with_the_person() -> None:
    body = "Đồng chí Vũ Đức Long, Bí thư Huyện ủy Mỹ Đức, đã được điều động nhận nhiệm vụ mới tại Sở Nội vụ."
    assert _changes(body) == {("vacated", "party_secretary", None, "Vũ Đức Long")}
    body = "Ban Thường vụ Thành ủy điều động đồng chí Vũ Đức Long, Chủ tịch UBND huyện, nhận công tác khác."
    assert _changes(body) == {("vacated", "ubnd_chair", None, "Vũ Đức Long")}


def test_moved_to_a_post_named_after_is_an_arrival_not_a_departure() -> None:
    body = ("Ban Thường vụ Thành ủy điều động, phân công đồng chí Vũ Đức Long, Phó Chủ tịch UBND huyện Ba Vì đến "
            "nhận công tác tại huyện Mỹ Đức, chỉ định giữ chức Phó Bí thư Huyện ủy Mỹ Đức.")
    assert {kind for kind, *_ in _changes(body)} == {"assigned"}


def test_the_venue_is_not_the_place_of_the_bodies_that_sign() -> None:
    body = ("Sáng 8/1, tại Trung tâm Hội nghị quận Cầu Giấy, Thường trực HĐND, UBND và Ủy ban MTTQ Việt Nam "
            "huyện Ba Vì ký kết chương trình phối hợp năm 2025.")
    facts = facts_from_text(f"Ký kết\n{body}", published=datetime(2025, 1, 9), district_hint="Hà Nội")
    assert facts.signing is not None and facts.signing.district == "Ba Vì"


def test_the_subject_of_a_sentence_succeeds_whom_it_replaces() -> None:
    body = ("Kết quả bầu các chức danh như sau:\n"
            "- Chủ tịch UBND huyện: đồng chí Lê Minh Đạo, Phó Bí thư Huyện ủy;\n"
            "Đồng chí Lê Minh Đạo, nguyên Phó Chủ tịch UBND huyện, lần đầu giữ chức Chủ tịch UBND huyện, thay "
            "đồng chí Phí Văn Hợp đã nhận nhiệm vụ khác.")
    assert ("elected", "ubnd_chair", "Lê Minh Đạo", "Phí Văn Hợp") in _changes(body)


def test_votes_under_an_election_to_one_post_elect_each_name() -> None:
    body = ("Sau đó, HĐND xã bầu bổ sung hai Phó Chủ tịch UBND xã. Kết quả bầu như sau:\n"
            "Ông Tạ Văn Lực, Trưởng phòng Kinh tế xã: 30/31 phiếu;\n"
            "Bà Cù Thị Mai, Chánh Văn phòng HĐND và UBND xã: 29/31 phiếu.")
    assert _changes(body, hint="Phúc Thịnh") == {("elected", "ubnd_vice_chair", "Tạ Văn Lực", None),
                                                 ("elected", "ubnd_vice_chair", "Cù Thị Mai", None)}


def test_votes_of_a_vote_of_confidence_elect_nobody() -> None:
    body = ("Kết quả lấy phiếu tín nhiệm như sau:\n"
            "Ông Tạ Văn Lực, Phó Chủ tịch UBND xã: 30/31 phiếu tín nhiệm cao.")
    assert _changes(body, hint="Phúc Thịnh") == set()


def test_the_election_that_opened_an_old_term_is_recalled_not_announced() -> None:
    body = ("Đồng chí Lê Văn Tâm đã được bầu giữ chức Chủ tịch UBND huyện nhiệm kỳ 2021-2026 tại kỳ họp thứ "
            "nhất HĐND huyện.")
    assert _changes(body) == set()
    opening = facts_from_text(f"Kỳ họp thứ nhất\n{body}", published=datetime(2021, 6, 30), district_hint="Mỹ Đức")
    assert [(c.kind, c.post) for c in opening.changes] == [("elected", "ubnd_chair")]


def test_two_dismissals_in_one_clause_each_leave_their_own_post() -> None:
    body = ("Kỳ họp đã biểu quyết miễn nhiệm chức danh Chủ tịch HĐND huyện đối với ông Bạch Văn Hải và chức danh "
            "Phó Chủ tịch UBND huyện đối với bà Kiều Thị Nhung, do hai đồng chí nhận nhiệm vụ mới.")
    assert _changes(body) == {("dismissed", "hdnd_chair", None, "Bạch Văn Hải"),
                              ("dismissed", "ubnd_vice_chair", None, "Kiều Thị Nhung")}
