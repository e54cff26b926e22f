"""Dates as Vietnamese portals print them, and as URLs and machine stamps carry them.

Printed forms seen on government portals: "Thứ Bảy, 23/01/2021 - 07:23",
"Thứ Hai, 05/02/2024 14:30", "Cập nhật: 05-02-2024 08:15", "Ngày đăng 5/2/2024",
"ngày 5 tháng 2 năm 2024", "15:30 05/02/2024", "07:23 SA 23/01/2021",
"14h30, 05/02/2024", "2024-02-05 14:30". The weekday and the label are noise
around the date; the time may stand before or after it, in 24-hour form or
12-hour with SA/CH (sáng/chiều) or AM/PM.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

_DMY = re.compile(r"(?<![\d/.\-])(\d{1,2})([/.\-])(\d{1,2})\2(\d{4})(?![\d/.\-]\d)")
_WORDED = re.compile(r"ngày\s+(\d{1,2})\s+tháng\s+(\d{1,2})\s*(?:,\s*)?năm\s+(\d{4})", re.IGNORECASE)
_YMD = re.compile(r"(?<![\d/.\-])(\d{4})-(\d{1,2})-(\d{1,2})(?![\d\-])")
_TIME = r"(\d{1,2})\s*(?::|h|giờ)\s*(\d{2})(?::\d{2})?(?:\s*(SA|CH|AM|PM|sáng|chiều|tối))?(?![\d:/])"
# A time right after the date ("- 07:23", ", 14h30", "lúc 8 giờ 15", "T14:30:00").
_TIME_AFTER = re.compile(r"\s*(?:[|,\-–—T]|lúc|vào lúc)?\s*" + _TIME, re.IGNORECASE)
# A time right before it ("15:30 05/02/2024", "07:23 SA, Thứ Bảy, 23/01/2021").
_TIME_BEFORE = re.compile(_TIME + r"\s*(?:(?:[|,\-–—]|ngày)\s*)*(?:(?:thứ\s+\w+|chủ\s+nhật|cn|t\d)\s*,?\s*)?$",
                          re.IGNORECASE)
_AFTERNOON = frozenset({"ch", "pm", "chiều", "tối"})
_MORNING = frozenset({"sa", "am", "sáng"})
FIRST_YEAR, LAST_YEAR = 1990, 2100
_URL_DATE = re.compile(r"(?<!\d)(20\d{2})[/\-_]?(0[1-9]|1[0-2])[/\-_]?(0[1-9]|[12]\d|3[01])(?!\d)")


@dataclass(frozen=True)
class PrintedDate:
    """A date found in a text: when, whether a time of day was printed, where it starts."""

    when: datetime
    has_time: bool
    start: int


def _clock(match: re.Match[str]) -> tuple[int, int] | None:
    hour, minute, half = int(match[1]), int(match[2]), (match[3] or "").lower()
    if half:
        if not 1 <= hour <= 12:
            return None
        if half in _AFTERNOON and hour != 12:
            hour += 12
        elif half in _MORNING and hour == 12:
            hour = 0
    return (hour, minute) if hour < 24 and minute < 60 else None


def _make(year: int, month: int, day: int) -> datetime | None:
    if not FIRST_YEAR <= year <= LAST_YEAR:
        return None
    try:
        return datetime(year, month, day)
    except ValueError:
        return None


def printed_dates(text: str) -> list[PrintedDate]:
    """Every date printed in a text, with its time of day when one stands beside it."""
    found: list[PrintedDate] = []
    spans = [(m, (int(m[4]), int(m[3]), int(m[1]))) for m in _DMY.finditer(text)]
    spans += [(m, (int(m[3]), int(m[2]), int(m[1]))) for m in _WORDED.finditer(text)]
    spans += [(m, (int(m[1]), int(m[2]), int(m[3]))) for m in _YMD.finditer(text)]
    for match, (year, month, day) in spans:
        day_start = _make(year, month, day)
        if day_start is None:
            continue
        clock = None
        after = _TIME_AFTER.match(text, match.end())
        if after:
            clock = _clock(after)
        if clock is None:
            before = _TIME_BEFORE.search(text[max(0, match.start() - 40):match.start()])
            clock = _clock(before) if before else None
        when = day_start.replace(hour=clock[0], minute=clock[1]) if clock else day_start
        found.append(PrintedDate(when, clock is not None, match.start()))
    return sorted(found, key=lambda d: d.start)


def first_printed_date(text: str) -> PrintedDate | None:
    dates = printed_dates(text)
    return dates[0] if dates else None


def url_date(url: str | None) -> datetime | None:
    """The day a URL names ("/2024/02/05/", "-20240205"), if it names one."""
    if not url:
        return None
    for match in _URL_DATE.finditer(url):
        day = _make(int(match[1]), int(match[2]), int(match[3]))
        if day:
            return day
    return None
