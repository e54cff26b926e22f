"""Is what a clause reports older news? Dates and years written in it, against publication.

"Năm 2022, đồng chí A được bầu ...", "được điều động ... từ tháng 3/2023": an
article recalls a change it does not announce. A term ("nhiệm kỳ 2021-2026")
is no date of the event and is not read.
"""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta

from monitor.detect.dates import dates_in
from monitor.detect.vocabulary import REFORM_DATE

# How old a date in the clause may be and the clause still be today's news.
_NEWS_WINDOW = timedelta(days=60)
# "Trước đó, ngày 15/6, ...": a dated event told as background to today's news.
_BEFORE_THAT = re.compile(r"(?<!\w)trước đó(?!\w)")
# How far back such a date is background, not the effective day of today's change ("từ ngày 1/11").
_BACKGROUND = timedelta(days=5)
_MONTH_YEAR = re.compile(r"(?<!\w)tháng\s+(?P<m>\d{1,2})\s*(?:/|-|\s+năm\s+)\s*(?P<y>(?:19|20)\d\d)(?!\d)")
# "Tháng 3 vừa qua, ...": a month with no year is this year's, or last year's when still to come. Only
# when it dates the clause (its opening, or "vừa qua"): "thay ông B nghỉ hưu từ tháng 8" dates the reason.
_MONTH_ALONE = re.compile(r"(?:^\W*|(?<!\w))tháng\s+(?P<m>\d{1,2})(?!\d)(?!\s*(?:/|-|năm\b))"
                          r"(?P<ago>\s+(?:vừa qua|vừa rồi))?")
_TERM_START = re.compile(r"nhiệm kỳ\s+(?P<y>(?:19|20)\d\d)\s*[-–]\s*(?:19|20)\d\d")
_FIRST_SESSION = re.compile(r"kỳ họp thứ nhất|kỳ họp đầu tiên|đại hội lần thứ nhất")
# "HĐND phường khóa I, nhiệm kỳ 2021-2026": a new ward's first council, seated mid-term when the wards
# were made (1 July 2025); within the news window after that day its first session is today's news.
_FIRST_COUNCIL = re.compile(r"kh(?:óa|oá)\s+i(?!\w)")
_REFORM = date(*REFORM_DATE)
# "hồi tháng 3", "hồi đầu năm": a time the clause looks back to.
_BACK_THEN = re.compile(r"(?<!\w)hồi\s+(?:tháng|năm|đầu|cuối|giữa|trung tuần|thượng tuần|hạ tuần)(?!\w)")
_YEAR = re.compile(r"(?<!\w)năm\s+(?P<y>(?:19|20)\d\d)(?!\d)(?!\s*[-–]\s*\d)")


# "kể từ ngày 1/12", "đến ngày 31/12": when a decision takes effect or ends, not when it is made.
_EFFECTIVE = re.compile(r"(?<!\w)(?:từ|đến)\s+$")


def dated_later(folded: str, published: datetime | None, end: int | None = None) -> bool:
    """True when the clause (up to ``end``) dates its event after publication: "Ngày 25/12, HĐND huyện
    tổ chức kỳ họp bầu Chủ tịch UBND huyện" published on the 20th is a plan; a decision "có hiệu lực kể
    từ ngày 1/12" is made now."""
    if published is None:
        return False
    today = published.date()
    return any((d - today).days > 1 and not _EFFECTIVE.search(folded, max(0, at - 8), at)
               for d, at in dates_in(folded[:end], published))


def recalls_the_past(folded: str, published: datetime | None, end: int | None = None) -> bool:
    """True when the clause (up to ``end``) dates its event well before publication."""
    if published is None:
        return False
    text = folded[:end]
    today = published.date()
    if any(today - d > _NEWS_WINDOW for d, _ in dates_in(text, published)):
        return True
    for m in _MONTH_YEAR.finditer(text):
        month = int(m["m"])
        if 1 <= month <= 12 and today - date(int(m["y"]), month, 1) > _NEWS_WINDOW + timedelta(days=31):
            return True
    for m in _MONTH_ALONE.finditer(text):
        month = int(m["m"])
        if 1 <= month <= 12 and (m["ago"] or not text[:m.start()].strip(" ,")):
            year = today.year if month <= today.month else today.year - 1
            if today - date(year, month, 1) > _NEWS_WINDOW + timedelta(days=31):
                return True
    # "được bầu ... nhiệm kỳ 2021-2026 tại kỳ họp thứ nhất" read in 2025: the election that opened the term.
    term = _TERM_START.search(text)
    if term and _FIRST_SESSION.search(text) and int(term["y"]) < today.year \
            and not (_REFORM <= today <= _REFORM + _NEWS_WINDOW and _FIRST_COUNCIL.search(text)) \
            and not (int(term["y"]) == today.year - 1 and today.month <= 2):
        return True
    if _BACK_THEN.search(text):
        return True
    if _BEFORE_THAT.search(text) and any(today - d >= _BACKGROUND for d, _ in dates_in(text, published)):
        return True
    for m in _YEAR.finditer(text):
        year = int(m["y"])
        if year < today.year and not (year == today.year - 1 and today.month <= 2):
            return True
    return False


# "từ tháng 1", "ngay từ đầu năm", "hồi đầu năm": since a time of this year that the clause names.
_SINCE_MONTH = re.compile(r"(?<!\w)(?:từ|hồi|vào)\s+tháng\s+(?P<m>\d{1,2})(?!\d)(?!\s*(?:/|-|năm\b))")
_EARLY_YEAR = re.compile(r"(?<!\w)(?:từ|hồi|vào)\s+đầu\s+năm(?!\s*(?:19|20)\d\d)(?:\s+nay)?(?!\w)")
# How far into the year "đầu năm" (its first quarter) is no longer today's news.
_EARLY_YEAR_ENDS = 3


def dated_earlier_this_year(folded: str, published: datetime | None) -> bool:
    """True when a clause dates what it tells to a month of this year well before publication
    ("Chương trình ... được ký kết từ tháng 1" in July; "Ngay từ đầu năm, ... đã ký kết" in December)."""
    if published is None:
        return False
    for m in _SINCE_MONTH.finditer(folded):
        month = int(m["m"])
        if 1 <= month < published.month - 1:
            return True
    return published.month > _EARLY_YEAR_ENDS and bool(_EARLY_YEAR.search(folded))


# "ký kết ... vào đầu tháng 1": a month with no day, after the verb and in its clause.
_MONTH_AFTER = re.compile(r"(?<!\w)(?:vào\s+)?(?:(?:đầu|giữa|cuối)\s+)?tháng\s+(?P<m>\d{1,2})(?!\d)(?!\s*[/-]\s*\d)")


def set_for_another_month(folded: str, start: int, published: datetime | None) -> bool:
    """True when the clause from ``start`` sets what it tells for a month that is neither the month of
    publication nor the one before ("thống nhất ký kết chương trình ... vào đầu tháng 1" in December):
    a done act is dated by its day, or by the month it was just done in."""
    if published is None:
        return False
    stop = min((i for i in (folded.find(c, start) for c in ",;.") if i >= 0), default=len(folded))
    m = _MONTH_AFTER.search(folded, start, stop)
    if m is None or re.search(r"(?<!\w)ngày\s+\d", folded[start:stop]):
        return False
    month = int(m["m"])
    return 1 <= month <= 12 and month not in (published.month, (published.month - 2) % 12 + 1)


# Words that hold a modal word and say nothing of time: "sắp xếp" (the reorganisation) is not "sắp"
# (soon), "không khí" (the atmosphere) and "không ngừng" are no "không" (not).
MODAL_LOOKALIKES = ("sắp xếp", "không khí", "không ngừng")


def masked_lookalikes(folded: str) -> str:
    """``folded`` with each lookalike joined by "_": same length, so offsets still hold."""
    for word in MODAL_LOOKALIKES:
        if word in folded:
            folded = folded.replace(word, word.replace(" ", "_"))
    return folded


# How old a date must be for the sentences after it in its paragraph to tell the same old event.
_HISTORY = timedelta(days=365)


def history_paragraph(earlier: list[str], folded: str, published: datetime | None) -> bool:
    """True when a clause with no date of its own follows, in its paragraph, a sentence that dates its
    event more than a year before publication and none that dates one since: "Đại hội ... được tổ chức
    ngày 07/5/1978 ... Đồng chí A được bầu giữ chức Bí thư Huyện ủy" in a history of the Party committee."""
    if published is None or not earlier or dates_in(folded, published):
        return False
    today = published.date()
    found = [d for text in earlier for d, _ in dates_in(text, published)]
    return bool(found) and all(today - d > _HISTORY for d in found)

