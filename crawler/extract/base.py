"""The result of reading one article page, and the pieces all extractors share."""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime

from lxml import etree

from storage.canonical import CanonicalArticle, parse_date_line
from storage.normalize import clean_line


@dataclass(frozen=True)
class Extraction:
    """An article, or what was missing from the page to make one.

    ``missing`` may name "category" next to a whole article: the platform
    prints one and its selector found none (the reader then asks the generic
    extractor, crawler.extract.PageReader).
    """

    article: CanonicalArticle | None
    missing: tuple[str, ...] = ()
    # The parts the site's selectors missed when the generic extractor stepped in.
    fell_back: tuple[str, ...] = ()

    @property
    def ok(self) -> bool:
        return self.article is not None


@dataclass(frozen=True)
class PageHints:
    """What the crawl knew about a page before reading it, all optional.

    ``title`` and ``published`` are what the list page printed beside the link
    that led here (a list date may be a day without a time); ``url`` is the
    page's address (some name their day: "/2024/02/05/"). The reader weighs
    them as evidence among the page's own; a page without a date of its own
    takes ``published``.
    """

    title: str | None = None
    published: datetime | date | None = None
    url: str | None = None


def build(*, title: str | None, published: datetime | None, paragraphs: Sequence[str],
          category: str | None = None, views: int | None = None) -> Extraction:
    """An Extraction from the fields found; the missing ones named (title, date, body in that order)."""
    title = clean_line(title or "")
    paragraphs = tuple(p for p in (clean_line(p) for p in paragraphs) if p)
    missing = tuple(name for name, value in
                    (("title", title), ("date", published), ("body", paragraphs)) if not value)
    if missing:
        return Extraction(None, missing)
    assert published is not None
    return Extraction(CanonicalArticle(
        title=title, published=published.replace(second=0, microsecond=0), paragraphs=paragraphs,
        category=clean_line(category or "") or None, views=views))


def date_and_views(lines: Iterable[str]) -> tuple[datetime | None, int | None]:
    """The first date line among some lines ("Ngày đăng 12/01/2020 | 16:29 | View count: 137")."""
    for line in lines:
        parsed = parse_date_line(clean_line(line))
        if parsed:
            return parsed
    return None, None


_ISO = re.compile(r"^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})")


def parse_iso_local(value: str) -> datetime | None:
    """The wall-clock time of an ISO 8601 stamp, as printed on the portal (offset dropped).

    Portals print Hanoi local time; the canonical format keeps that, not UTC.
    """
    m = _ISO.match(value.strip())
    if not m:
        return None
    try:
        return datetime(*(int(g) for g in m.groups()))
    except ValueError:
        return None


def json_ld_objects(root: etree._Element) -> list[dict]:
    """Every JSON-LD object on a page, @graph members included; broken blocks skipped."""
    found: list[dict] = []
    for script in root.iter("script"):
        if (script.get("type") or "").strip().lower() != "application/ld+json":
            continue
        try:
            data = json.loads(script.text or "")
        except ValueError:
            continue
        stack = data if isinstance(data, list) else [data]
        while stack:
            obj = stack.pop(0)
            if isinstance(obj, dict):
                found.append(obj)
                graph = obj.get("@graph")
                if isinstance(graph, list):
                    stack.extend(graph)
    return found


def json_ld_published(root: etree._Element) -> datetime | None:
    for obj in json_ld_objects(root):
        value = obj.get("datePublished")
        if isinstance(value, str):
            published = parse_iso_local(value)
            if published:
                return published
    return None
