"""The pure parts of the pages: loose name matching, marked evidence, SVG timelines."""

from __future__ import annotations

from datetime import date
from xml.etree import ElementTree as ET

from portalwatch.web.evidence import evidence_of, key_words, mark
from portalwatch.web.matching import loose_key, matching_names
from portalwatch.web.timeline import Bar, ChangePoint, SideMark, Span, timeline_svg

PLACES = ["Thanh Trì", "Cầu Giấy", "Đống Đa", "Hoà Bình", "Thanh Trí"]


def test_places_typed_with_or_without_diacritics():
    assert matching_names(PLACES, "thanh tri") == ["Thanh Trì", "Thanh Trí"]
    assert matching_names(PLACES, "Thanh Trì") == ["Thanh Trì"]
    assert matching_names(PLACES, "dong da") == ["Đống Đa"]
    assert matching_names(PLACES, "Hòa Bình") == ["Hoà Bình"]  # tone placement is one spelling
    assert matching_names(PLACES, "  CẦU   GIẤY ") == ["Cầu Giấy"]
    assert matching_names(PLACES, "") == [] and matching_names(PLACES, "Hà Đông") == []
    assert loose_key("Uỷ ban") == loose_key("ủy ban") == "uy ban"


def test_evidence_marks_key_words_and_escapes_the_rest():
    event = {"type": "signing", "signing": {"kind": "hdnd_ubnd_mttq", "period": "2021", "parties": ["hdnd"],
                                            "evidence": "Thường trực HĐND, UBND và Uỷ ban MTTQ <huyện> ký kết "
                                                        "chương trình phối hợp năm 2021."},
             "evidence": ["Thường trực HĐND, UBND và Uỷ ban MTTQ <huyện> ký kết chương trình phối hợp năm 2021.",
                          {"text": "Câu thứ hai.", "url": "http://x/1"}]}
    found = evidence_of(event)
    assert [e.text[:7] for e in found] == ["Thường ", "Câu thứ"]  # the same sentence once
    html = str(mark(found[0].text, key_words(event)))
    assert "<mark>ký kết</mark>" in html and "<mark>chương trình phối hợp</mark>" in html
    assert "<mark>HĐND</mark>" in html and "<mark>2021</mark>" in html
    assert "&lt;huyện&gt;" in html and "<huyện>" not in html


def test_leadership_change_evidence_marks_both_names():
    event = {"type": "leadership_change", "post": "hdnd_chair", "place": "Thanh Trì",
             "old_holder": {"name": "Trần Văn Khương", "evidence": {"text": "đồng chí Trần Văn Khương, Chủ tịch HĐND"}},
             "new_holder": {"name": "Trần Công Thành", "evidence": {"text": "Trần Công Thành được bầu giữ chức"}}}
    html = "".join(str(mark(e.text, key_words(event))) for e in evidence_of(event))
    assert "<mark>Trần Văn Khương</mark>" in html and "<mark>Trần Công Thành</mark>" in html
    assert "<mark>được bầu</mark>" in html


def test_timeline_svg_draws_bars_changes_and_apart_lane():
    span = Span.around([date(2018, 1, 3), date(2024, 11, 22)])
    svg = str(timeline_svg("Chủ tịch HĐND", [Bar("Trần Văn Khương", date(2018, 1, 3), date(2018, 12, 1), "/p?a"),
                                             Bar("Trần Công Thành", date(2019, 1, 27), date(2024, 11, 22), "/p?b")],
                           [ChangePoint(date(2019, 1, 27), "Trần Văn Khương", "Trần Công Thành")],
                           [SideMark(date(2020, 5, 1), "Lê Văn A", "acting", "/p?c")], span))
    root = ET.fromstring(svg)  # well-formed XML
    ns = {"s": "http://www.w3.org/2000/svg"}
    rects = root.findall(".//s:rect", ns)
    assert len(rects) == 2
    first, second = (float(r.get("x")) for r in rects)
    assert first < second and float(rects[1].get("width")) > float(rects[0].get("width"))
    changes = root.findall(".//s:g[@class='change']/s:title", ns)
    assert [c.text for c in changes] == ["Thay đổi 27/01/2019: Trần Văn Khương → Trần Công Thành"]
    assert "quyền – Lê Văn A" in root.find(".//s:g[@class='side side-acting']/s:title", ns).text


def test_names_of_short_tenures_go_to_different_rows():
    from portalwatch.web.timeline import label_rows

    span = Span(date(2018, 1, 1), date(2025, 1, 1))
    bars = [Bar("Trần Công Thành", date(2018, 1, 3), date(2018, 1, 3), ""),
            Bar("Trần Văn Khương", date(2018, 12, 13), date(2018, 12, 13), ""),
            Bar("Trần Công Thành", date(2019, 1, 27), date(2024, 11, 22), ""),
            Bar("Lê Văn B", date(2023, 1, 1), date(2024, 1, 1), "")]
    # the third name starts too close to the first to share its row
    assert label_rows(bars, span) == [0, 1, 2, 0]
