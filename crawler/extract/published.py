"""When the article was published, picked by agreement and by position.

Evidence: the dates printed on the page (and ``<time datetime>``), of which only
the one nearest the title speaks for the article (the others date related news,
the footer, the list beside it); ``article:published_time`` and its kin in
``<meta>``; JSON-LD ``datePublished``; htmldate's guess; the date the list page
printed beside the link; the URL's own date. Each votes for a day with its
weight; the day with most votes wins, and its time of day comes from the most
trusted evidence for that day that has one. A page with no date of its own
takes the list page's.
"""

from __future__ import annotations

import re
from collections.abc import Collection
from dataclasses import dataclass
from datetime import datetime

from lxml import etree

from crawler.extract import text
from crawler.extract.base import json_ld_objects, parse_iso_local
from crawler.extract.content import TextStats
from crawler.extract.dates import FIRST_YEAR, LAST_YEAR, PrintedDate, printed_dates, url_date
from storage.normalize import fold

_MAX_DATE_ELEMENT_CHARS = 160
# A date line has few words besides the date ("Thứ Bảy, … | Lượt xem: 12 | In bài"); a
# sentence that names a day ("Chiều ngày 16/07/2026, tại hội trường …") is not one.
_MAX_DATE_LINE_WORDS = 12
_WORD = re.compile(r"[^\W\d_]+")
# The site's clock in its header ("Hôm nay: Thứ Hai, ngày 01/12/2026") dates the visit, not the article.
_TODAY = re.compile(r"hôm\s*nay|today", re.IGNORECASE)
_YEAR = re.compile(r"(?:19|20|21)\d\d")
_META_DATES = frozenset({"article:published_time", "og:published_time", "pubdate", "datepublished",
                         "date", "dc.date", "dc.date.issued", "publishdate", "publish-date"})
VIEWS = re.compile(r"(?:lượt\s*xem|số\s*lượt\s*xem|lượt\s*đọc|view\s*count|views?)\s*:?\s*(\d[\d.,]*)",
                    re.IGNORECASE)
_VIEWS_SIBLINGS = 2
# Votes by kind of evidence; the printed date beside the title is the page's own word.
# A date printed above the title may be the site's clock or a banner's, so it counts for less.
WEIGHTS = {"printed": 3.0, "json-ld": 2.0, "meta": 2.0, "list": 2.0, "printed-above": 1.5, "htmldate": 1.0,
           "url": 1.0}
_TRUST = ("printed", "json-ld", "meta", "list", "printed-above", "htmldate", "url")
# A date printed above the title counts as farther than one below it.
_ABOVE_TITLE_COST = 3
# Beyond this many elements from the title a printed date is some other block's.
_MAX_DATE_DISTANCE = 80
_HEADLINE_LINK_CHARS = 20
_LIST_ITEM_LEVELS = 3
_LIST_ITEM_CHARS = 400


@dataclass(frozen=True)
class DateEvidence:
    kind: str
    when: datetime
    has_time: bool


@dataclass(frozen=True)
class PrintedDateAt:
    """A date printed in an element, and the element's place in document order."""

    element: etree._Element
    date: PrintedDate
    index: int


def date_line_dates(line: str) -> list[PrintedDate]:
    """The dates of a line that is a date line (a sentence naming a day is not one)."""
    if line.endswith(".") or len(_WORD.findall(line)) > _MAX_DATE_LINE_WORDS:
        return []
    return printed_dates(line)


def printed_on_page(root: etree._Element, stats: TextStats | None = None) -> list[PrintedDateAt]:
    """The dates printed on a page, each in the smallest element that holds it with its time.

    ``stats`` (of this tree, maybe before furniture removal) spares measuring every element's text.
    """
    found: dict[etree._Element, PrintedDateAt] = {}
    for index, element in enumerate(root.iter()):
        if not isinstance(element.tag, str):
            continue
        if stats is not None and stats.chars.get(element, 0) > _MAX_DATE_ELEMENT_CHARS and element.tag != "time":
            continue
        date = None
        if element.tag == "time" and element.get("datetime"):
            stamp = parse_iso_local(element.get("datetime") or "")
            date = PrintedDate(stamp, True, 0) if stamp else None
        if date is None:
            content = element.text_content()
            if len(content) > _MAX_DATE_ELEMENT_CHARS or not _YEAR.search(content) or text.is_hidden(element):
                continue
            line = text.element_text(element)
            dates = [] if _TODAY.search(line) else date_line_dates(line)
            date = dates[0] if dates else None
        if date is not None:
            found[element] = PrintedDateAt(element, date, index)
    for at in list(found.values()):
        for ancestor in at.element.iterancestors():
            outer = found.get(ancestor)
            if outer is None:
                continue
            # "<span>12/01/2020</span> | <span>16:29</span>": the outer block has the time.
            if outer.date.when.date() == at.date.when.date() and outer.date.has_time and not at.date.has_time:
                found.pop(at.element, None)
            else:
                found.pop(ancestor, None)
    return sorted(found.values(), key=lambda at: at.index)


def _dates_a_link(at: PrintedDateAt, not_headlines: Collection[str]) -> bool:
    """Whether the date stands beside a headline link (an item of a news list), not in the article's header.

    ``not_headlines``: folded labels that are not another article's headline (the title, section names)."""
    scope = at.element
    for _ in range(_LIST_ITEM_LEVELS):
        if len(scope.text_content()) > _LIST_ITEM_CHARS:
            break  # past the item, into the block that holds the article or the list
        for anchor in scope.iter("a"):
            label = text.element_text(anchor)
            if len(label) >= _HEADLINE_LINK_CHARS and fold(label) not in not_headlines:
                return True
        scope = scope.getparent()
        if scope is None:
            break
    return False


def first_article_date(printed: list[PrintedDateAt], not_headlines: Collection[str] = ()) -> etree._Element | None:
    """The first printed date that is not an item of a news list."""
    return next((at.element for at in printed if not _dates_a_link(at, not_headlines)), None)


def nearest_printed(printed: list[PrintedDateAt], anchor_index: int | None,
                    not_headlines: Collection[str] = ()) -> PrintedDateAt | None:
    """The printed date nearest below the title (or, costing more, just above it), not one of a news list."""
    printed = [at for at in printed if not _dates_a_link(at, not_headlines)]
    if not printed:
        return None
    if anchor_index is None:
        return printed[0]

    def distance(at: PrintedDateAt) -> int:
        gap = at.index - anchor_index
        return gap if gap >= 0 else -gap * _ABOVE_TITLE_COST
    near = min(printed, key=distance)
    return near if distance(near) <= _MAX_DATE_DISTANCE else None


def metadata_dates(root: etree._Element) -> list[DateEvidence]:
    found = []
    for obj in json_ld_objects(root):
        value = obj.get("datePublished")
        stamp = parse_iso_local(value) if isinstance(value, str) else None
        if stamp is None and isinstance(value, str):
            day = printed_dates(value)
            stamp = day[0].when if day else None
        if stamp:
            found.append(DateEvidence("json-ld", stamp, True))
            break
    for meta in root.iter("meta"):
        key = (meta.get("property") or meta.get("name") or meta.get("itemprop") or "").lower()
        if key in _META_DATES:
            dates = printed_dates(meta.get("content") or "")
            if dates:
                found.append(DateEvidence("meta", dates[0].when, dates[0].has_time))
                break
    return found


def htmldate_guess(root: etree._Element, url: str | None) -> DateEvidence | None:
    """htmldate's reading of the page (it copies the tree; metadata and markup only, no text scan)."""
    from htmldate import find_date

    try:
        found = find_date(root, extensive_search=False, original_date=True, url=url,
                          outputformat="%Y-%m-%d %H:%M")
    except (ValueError, TypeError):  # htmldate raises on some malformed trees
        return None
    if not found:
        return None
    stamp = datetime.strptime(found, "%Y-%m-%d %H:%M")
    return DateEvidence("htmldate", stamp, False)


def pick_published(evidence: list[DateEvidence]) -> datetime | None:
    """The day most evidence votes for; its time from the most trusted evidence that has one."""
    # A stamp of year 1 or 9999 is a template's placeholder, not a date.
    evidence = [e for e in evidence if FIRST_YEAR <= e.when.year <= LAST_YEAR]
    if not evidence:
        return None
    votes: dict[object, float] = {}
    for item in evidence:
        votes[item.when.date()] = votes.get(item.when.date(), 0.0) + WEIGHTS[item.kind]
    rank = {kind: i for i, kind in enumerate(_TRUST)}
    ordered = sorted(evidence, key=lambda e: rank[e.kind])
    day = max(votes, key=lambda d: (votes[d], -min(rank[e.kind] for e in ordered if e.when.date() == d)))
    on_day = [e for e in ordered if e.when.date() == day]
    timed = next((e for e in on_day if e.has_time), on_day[0])
    return timed.when


def with_printed_time(published: datetime, evidence: list[DateEvidence], printed: list[PrintedDateAt],
                      not_headlines: Collection[str] = ()) -> datetime:
    """The day picked, with the time the page itself prints for that day when no evidence had one.

    A list page often prints the bare day; the article page its own time, in a date line that
    was not taken as the one beside the title (too far from it, say)."""
    if any(e.has_time and e.when.date() == published.date() for e in evidence):
        return published
    for at in printed:
        if at.date.has_time and at.date.when.date() == published.date() and not _dates_a_link(at, not_headlines):
            return at.date.when
    return published


def views_near(element: etree._Element | None, levels: int = 2) -> int | None:
    """A view count printed with the date ("Lượt xem: 1.234"): in its element, the next ones
    beside it, or a short block or two up."""
    scope = element
    for _ in range(levels + 1):
        if scope is None:
            return None
        places = [scope] + [s for s in scope.itersiblings() if isinstance(s.tag, str)][:_VIEWS_SIBLINGS]
        for place in places:
            if len(place.text_content()) <= 2 * _MAX_DATE_ELEMENT_CHARS:
                found = VIEWS.search(text.element_text(place))
                if found:
                    return int(re.sub(r"[.,]", "", found[1]))
        scope = scope.getparent()
    return None


def url_evidence(url: str | None) -> list[DateEvidence]:
    day = url_date(url)
    return [DateEvidence("url", day, False)] if day else []
