"""What spiders hand to the pipelines.

A spider never writes to the store itself: it yields one of these and the
pipelines (crawler.pipelines) validate, normalise and store it, each in one
step, so that a page is either stored whole or not at all.
"""

from __future__ import annotations

from dataclasses import dataclass

from crawler.extract.base import Extraction


@dataclass
class ArticleItem:
    """An article page fetched and read (crawl, or recrawl with a 200)."""

    url: str  # the URL the article is known by: the link followed, before redirects
    site: str
    extraction: Extraction
    portal_id: str | None = None
    district: str | None = None
    etag: str | None = None
    last_modified: str | None = None
    kind: str = "crawl"  # "crawl" | "recrawl"
    outcome: str | None = None  # filled in by the store pipeline


@dataclass
class NotModifiedItem:
    """A recrawled article the portal answered with 304 Not Modified."""

    url: str
    site: str
    etag: str | None = None
    last_modified: str | None = None
