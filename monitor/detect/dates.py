"""Dates written in a sentence ("Ngày 10/1", "Chiều ngày 21/01/2021"), resolved against publication."""

from __future__ import annotations

import re
from datetime import date, datetime

# A day-month with an optional year, after a word that announces a date.
_DATE = re.compile(
    r"(?<!\w)(?:ngày|sáng|chiều|tối|trưa|hôm|đêm|vào)\s+(?:ngày\s+|hôm\s+)?"
    r"(?P<d>\d{1,2})\s*(?:[/.-]|\s+tháng\s+)\s*(?P<m>\d{1,2})"
    r"(?:\s*(?:[/.-]|\s+năm\s+)\s*(?P<y>\d{4}))?(?!\d)")


def dates_in(folded: str, published: datetime) -> list[tuple[date, int]]:
    """(date, offset) of every date in a folded sentence, the year filled in."""
    out = []
    for m in _DATE.finditer(folded):
        resolved = resolve(int(m["d"]), int(m["m"]), int(m["y"]) if m["y"] else None, published)
        if resolved:
            out.append((resolved, m.start()))
    return out


def resolve(day: int, month: int, year: int | None, published: datetime) -> date | None:
    """The date meant by day/month[/year] in an article published at ``published``.

    Without a year: the candidate nearest to publication, counting days after
    it double (a December article about "10/1" may mean the coming January,
    a January article about "28/12" means the last December).
    """
    if year is not None:
        try:
            return date(year, month, day)
        except ValueError:
            return None
    pub = published.date()
    best, best_cost = None, None
    for y in (pub.year - 1, pub.year, pub.year + 1):
        try:
            candidate = date(y, month, day)
        except ValueError:
            continue
        delta = (candidate - pub).days
        cost = abs(delta) * (2 if delta > 0 else 1)
        if best_cost is None or cost < best_cost:
            best, best_cost = candidate, cost
    return best
