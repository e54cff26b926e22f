"""HTML article pages to canonical articles.

One reader per site: the platform's selector extractor (platforms.yaml plus
the site's overrides) first, and when it misses a part — a redesign renamed
the classes, say — the generic main-content extractor, so a changed layout
costs a warning in the crawl's figures rather than the article. A site nobody
configured (platform ``generic``) is read by the generic reader alone, which
weighs several kinds of evidence for each field (generic.py) and takes what
the list page said of the page (``PageHints``) as one more.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from typing import Any

from crawler.extract.base import Extraction, PageHints
from crawler.extract.caugiay import CauGiayExtractor
from crawler.extract.generic import extract_generic
from crawler.extract.hanoi_gov import HanoiGovExtractor
from crawler.extract.liferay import LiferayExtractor
from crawler.extract.profile import profile_for
from crawler.extract.selectors import SelectorExtractor
from crawler.extract.text import parse_html

EXTRACTORS: dict[str, type[SelectorExtractor]] = {
    "liferay": LiferayExtractor,
    "caugiay": CauGiayExtractor,
    "hanoi_gov": HanoiGovExtractor,
}

__all__ = ["Extraction", "PageHints", "PageReader", "extract_generic_html"]


class PageReader:
    """Reads the article pages of one site."""

    def __init__(self, platform: str, site_selectors: Mapping[str, Any] | None = None) -> None:
        self.platform = platform
        self.profile = profile_for(platform, site_selectors)
        cls = EXTRACTORS.get(platform)
        if cls is None and (self.profile.get("article") or {}).get("body"):
            cls = SelectorExtractor  # a generic site that was given selectors
        self.selector_extractor = cls(self.profile) if cls else None

    def read(self, html_text: str, hints: PageHints | None = None) -> Extraction:
        """The article of a page; ``hints`` are what the list page said of it (title, date, URL).

        The selectors' reading stands when it is whole; otherwise the generic
        reader, which weighs the hints with the page's own evidence, fills in
        (a page without a date of its own takes the list page's).
        """
        if self.selector_extractor is None:
            return extract_generic(parse_html(html_text), hints)
        result = self.selector_extractor.extract(parse_html(html_text))
        if not result.missing:
            return result
        fallback = extract_generic(parse_html(html_text), hints)
        if fallback.ok and (not result.ok or fallback.article.category):
            return replace(fallback, fell_back=result.missing)
        return replace(result, missing=()) if result.ok else result


def extract_generic_html(html_text: str, hints: PageHints | None = None) -> Extraction:
    return extract_generic(parse_html(html_text), hints)
