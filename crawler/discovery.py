"""Where a portal lists its articles besides its menus: sitemaps, feeds, postback pagers.

Pure functions of a page's bytes or tree; the generic spider turns what they
find into requests. A sitemap or feed entry is a list entry like any other:
its URL, and the title and date it was announced with (passed to the reader
as hints, as a list page's link text and printed date are).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from email.utils import parsedate_to_datetime
from typing import Any

from lxml import etree
from scrapy.utils.sitemap import Sitemap

# Feeds a page advertises in its <head>.
_FEED_TYPES = frozenset({"application/rss+xml", "application/atom+xml"})
# Child sitemaps of taxonomies, authors and static pages hold no articles.
_NOT_ARTICLE_SITEMAP = re.compile(r"taxonom|categor|author|users?\b|tags?\b|-page-|pages?-sitemap", re.I)
# javascript:__doPostBack('ctl00$cphMain$gvNews','Page$2')
_POSTBACK = re.compile(r"""__doPostBack\(\s*['"]([^'"]+)['"]\s*,\s*['"]([^'"]*)['"]\s*\)""")


@dataclass(frozen=True)
class Announced:
    """An article as a sitemap or feed names it."""

    url: str
    title: str | None = None
    published: datetime | None = None
    # A sitemap's date is when the page last changed (lastmod), a feed's when it was published.
    modified: bool = False


def _datetime(text: str | None) -> datetime | None:
    """An ISO 8601 (sitemaps, Atom) or RFC 822 (RSS) timestamp."""
    text = (text or "").strip()
    if not text:
        return None
    try:
        return datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        pass
    try:
        return parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError):
        return None


def read_sitemap(body: bytes) -> tuple[list[str], list[Announced]]:
    """(child sitemaps worth reading, entries) of a sitemap or sitemap index;
    nothing when the body is not a sitemap (a portal answering HTML for any path)."""
    try:
        sitemap = Sitemap(body)
        entries = list(sitemap)
    except (etree.XMLSyntaxError, StopIteration, AttributeError, TypeError, ValueError):
        return [], []
    if sitemap.type == "sitemapindex":
        return [e["loc"] for e in entries if e.get("loc") and not _NOT_ARTICLE_SITEMAP.search(e["loc"])], []
    if sitemap.type != "urlset":
        return [], []
    return [], [Announced(e["loc"], None, _datetime(e.get("lastmod")), modified=True)
                for e in entries if e.get("loc")]


def feed_links(root: etree._Element) -> list[str]:
    """The hrefs of the RSS/Atom feeds a page advertises with <link rel="alternate">."""
    return [link.get("href").strip() for link in root.iter("link")
            if "alternate" in (link.get("rel") or "").lower().split()
            and (link.get("type") or "").lower() in _FEED_TYPES and (link.get("href") or "").strip()]


def _child_text(element: etree._Element, *names: str) -> str | None:
    for child in element:
        if isinstance(child.tag, str) and etree.QName(child).localname in names and (child.text or "").strip():
            return child.text.strip()
    return None


def read_feed(body: bytes) -> list[Announced]:
    """The items of an RSS 2.0 / RSS 1.0 / Atom feed; nothing when the body is not one."""
    parser = etree.XMLParser(recover=True, resolve_entities=False, no_network=True, remove_comments=True)
    try:
        root = etree.fromstring(body, parser=parser)
    except (etree.XMLSyntaxError, ValueError):
        return []
    if root is None:
        return []
    found = []
    for element in root.iter():
        if not isinstance(element.tag, str) or etree.QName(element).localname not in ("item", "entry"):
            continue
        url = _child_text(element, "link")
        if url is None:  # Atom: <link href="..." rel="alternate"/>
            links = [c for c in element if isinstance(c.tag, str) and etree.QName(c).localname == "link"
                     and (c.get("rel") or "alternate") == "alternate" and c.get("href")]
            url = links[0].get("href") if links else None
        if url:
            found.append(Announced(url.strip(), _child_text(element, "title"),
                                   _datetime(_child_text(element, "pubDate", "published", "date", "updated"))))
    return found


def postback_of(href: str) -> tuple[str, str] | None:
    """(event target, event argument) of a ``javascript:__doPostBack(...)`` link."""
    match = _POSTBACK.search(href or "")
    return (match[1], match[2]) if match else None


def iter_sitemap_urls(robots_parser: Any) -> Iterator[str]:
    """The Sitemap: lines of a robots.txt, from the parser Scrapy's robots middleware built."""
    yield from getattr(getattr(robots_parser, "rp", None), "sitemaps", ()) or ()
