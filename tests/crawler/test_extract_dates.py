"""Dates as Vietnamese portals print them, and how the reader weighs a page's dates
against the list page's."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from crawler.extract import PageHints, extract_generic_html
from crawler.extract.dates import printed_dates, url_date


@pytest.mark.parametrize("printed, when", [
    ("Thứ Bảy, 23/01/2021 - 07:23", "2021-01-23 07:23"),
    ("Thứ Hai, 05/02/2024 14:30", "2024-02-05 14:30"),
    ("Cập nhật: 05-02-2024 08:15", "2024-02-05 08:15"),
    ("Ngày đăng: 5/2/2024", "2024-02-05 00:00"),
    ("ngày 5 tháng 2 năm 2024", "2024-02-05 00:00"),
    ("05.02.2024", "2024-02-05 00:00"),
    ("15:30 05/02/2024", "2024-02-05 15:30"),
    ("07:23 SA 23/01/2021", "2021-01-23 07:23"),
    ("02:15 CH, Thứ Ba, 06/02/2024", "2024-02-06 14:15"),
    ("12:05 SA 06/02/2024", "2024-02-06 00:05"),
    ("23/01/2021 - 07:23 PM | Lượt xem: 12", "2021-01-23 19:23"),
    ("14h30, 05/02/2024", "2024-02-05 14:30"),
    ("Cập nhật lúc 09:12 ngày 18/03/2024", "2024-03-18 09:12"),
    ("ngày 05/02/2024 lúc 8 giờ 15", "2024-02-05 08:15"),
    ("2024-02-05T14:30:00+07:00", "2024-02-05 14:30"),
    ("Ngày\u00a0đăng 12/01/2020 | 16:29 | View count: 137", "2020-01-12 16:29"),
])
def test_printed_forms(printed, when):
    [found] = printed_dates(printed)
    assert found.when == datetime.fromisoformat(when)
    assert found.has_time == (not when.endswith("00:00"))


@pytest.mark.parametrize("text", ["Quyết định số 12/2024/QĐ-UBND", "31/02/2024", "05/02/1850", "tel 0243.825.3536"])
def test_not_dates(text):
    assert printed_dates(text) == []


def test_a_time_out_of_range_is_no_time():
    [found] = printed_dates("05/02/2024 25:10")
    assert not found.has_time


def test_url_dates():
    assert url_date("https://x.example.gov.vn/2024/02/05/ky-ket/") == datetime(2024, 2, 5)
    assert url_date("https://x.example.gov.vn/tin-tuc/ky-ket-20240205.html") == datetime(2024, 2, 5)
    assert url_date("https://x.example.gov.vn/tin-tuc/ky-ket-t5521.html") is None


ARTICLE = """<html><head><title>Tin tức</title></head><body>
<div class="detail"><h1>Hội nghị ký kết chương trình phối hợp giữa UBND và Ủy ban MTTQ phường</h1>{date}
<div class="content"><p>Sáng nay, UBND và Ủy ban MTTQ phường ký kết chương trình phối hợp giai đoạn 2024 - 2029.</p>
<p>Hai bên thống nhất phối hợp trong công tác tuyên truyền và giám sát.</p></div></div></body></html>"""


def test_a_page_with_no_date_anywhere_is_missing_its_date():
    extraction = extract_generic_html(ARTICLE.format(date=""))
    assert not extraction.ok and extraction.missing == ("date",)


def test_a_page_without_a_date_of_its_own_takes_the_list_pages():
    extraction = extract_generic_html(ARTICLE.format(date=""), PageHints(published=date(2024, 2, 5)))
    assert extraction.article.published == datetime(2024, 2, 5)
    assert extraction.article.title.startswith("Hội nghị ký kết")


def test_the_pages_own_date_beats_the_list_pages():
    page = ARTICLE.format(date='<div class="meta">Thứ Hai, 05/02/2024 14:30</div>')
    extraction = extract_generic_html(page, PageHints(published=date(2024, 2, 4)))
    assert extraction.article.published == datetime(2024, 2, 5, 14, 30)


def test_a_list_date_on_the_same_day_lends_its_time_to_a_page_that_prints_none():
    page = ARTICLE.format(date='<div class="meta">Ngày đăng: 05/02/2024</div>')
    extraction = extract_generic_html(page, PageHints(published=datetime(2024, 2, 5, 9, 40)))
    assert extraction.article.published == datetime(2024, 2, 5, 9, 40)


def test_a_date_in_the_url_counts_for_a_page_that_prints_none():
    extraction = extract_generic_html(ARTICLE.format(date=""), PageHints(url="https://x.example.gov.vn/2024/02/05/ky-ket/"))
    assert extraction.article.published == datetime(2024, 2, 5)


def test_the_list_page_title_picks_the_heading_when_the_page_has_several():
    page = ARTICLE.format(date="").replace("<body>", "<body><h1>Cổng thông tin điện tử phường Dịch Vọng</h1>")
    extraction = extract_generic_html(page, PageHints(title="Hội nghị ký kết chương trình phối hợp giữa UBND…",
                                                      published=date(2024, 2, 5)))
    assert extraction.article.title == "Hội nghị ký kết chương trình phối hợp giữa UBND và Ủy ban MTTQ phường"


def test_a_view_count_without_digits_is_not_read_as_one():
    from storage.canonical import parse_date_line

    assert parse_date_line("12/01/2020 | 16:29 | View count: .") is None  # it raised ValueError
    assert parse_date_line("12/01/2020 | 16:29 | View count: 1.234") == (datetime(2020, 1, 12, 16, 29), 1234)
    page = ARTICLE.format(date='<div class="meta">05/02/2024 14:30 | Lượt xem: ,</div>')
    assert extract_generic_html(page).article.views is None


def test_a_placeholder_stamp_is_no_date():
    page = ARTICLE.format(date="").replace("<title>", '<meta property="article:published_time" content="0001-01-01T00:00:00"><title>')
    assert extraction_missing(page) == ("date",)
    dated = page.replace('<div class="content">', '<div class="meta">05/02/2024 14:30</div><div class="content">')
    assert extract_generic_html(dated).article.published == datetime(2024, 2, 5, 14, 30)


def extraction_missing(page: str) -> tuple[str, ...]:
    return extract_generic_html(page).missing


def test_the_sites_clock_is_not_the_articles_date():
    page = ARTICLE.format(date="").replace('<div class="detail">',
                                           '<div class="clock">Hôm nay: Thứ Ba, ngày 01/12/2026</div><div class="detail">')
    assert extraction_missing(page) == ("date",)
    listed = extract_generic_html(page, PageHints(published=date(2024, 2, 5)))
    assert listed.article.published == datetime(2024, 2, 5)


def test_a_date_above_the_title_yields_to_the_list_pages_but_stands_alone():
    page = ARTICLE.format(date="").replace('<div class="detail">',
                                           '<div class="ngay-dang">Thứ Ba, 01/12/2026</div><div class="detail">')
    assert extract_generic_html(page).article.published == datetime(2026, 12, 1)
    listed = extract_generic_html(page, PageHints(published=date(2024, 2, 5)))
    assert listed.article.published == datetime(2024, 2, 5)
