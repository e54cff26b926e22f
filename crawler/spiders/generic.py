"""The spider for a portal nobody configured: name, url and district are enough.

It reads pages the way a visitor does. Category lists are the short links of
the page's menus; on a list page, article links are the long ones (a headline
is a sentence, a menu entry is a word or two) outside menus, sidebars and
footers, dated by the DD/MM/YYYY printed next to them; the next page is the
pager link saying "Tiếp", "Trang sau", "»" or the next number. Articles are
read by the generic main-content extractor (crawler.extract.generic).
"""

from __future__ import annotations

import re
from datetime import date
from collections.abc import Iterator

from lxml import etree
from scrapy.http import Request, TextResponse

from crawler.extract.generic import strip_furniture
from crawler.extract.text import element_text, parse_html
from crawler.spiders.base import ListEntry, PortalSpider, first_date
from storage.normalize import clean_line

_MENU_WORDS = re.compile(r"(?:^|[-_])(?:nav|navbar|navigation|menu|main-menu|menubar)(?:$|[-_])", re.I)
_MAX_MENU_WORDS = 6
_MIN_HEADLINE_WORDS = 5
# Compared lower-cased, not folded: folding makes "«" and "»" the same quote.
_NEXT_LABELS = frozenset(w.lower() for w in (
    "Tiếp", "Tiếp theo", "Trang sau", "Trang tiếp", "Sau", "»", "›", ">", ">>", "Next"))
_NON_PAGE = re.compile(r"^(?:javascript:|mailto:|tel:|#)", re.I)
_FILES = re.compile(r"\.(?:pdf|docx?|xlsx?|pptx?|zip|rar|jpe?g|png|gif|mp4|mp3)(?:$|\?)", re.I)
# A date near a headline: in its list item, a few levels up at most.
_DATE_SEARCH_LEVELS = 3


def _menu_like(element: etree._Element) -> bool:
    if element.tag in ("nav", "menu") or (element.get("role") or "") in ("navigation", "menubar"):
        return True
    words = (element.get("class") or "").split() + ([element.get("id")] if element.get("id") else [])
    return any(_MENU_WORDS.search(w) for w in words)


class GenericSpider(PortalSpider):
    name = "generic"
    platform = "generic"

    def _links(self, response: TextResponse, root: etree._Element) -> Iterator[tuple[etree._Element, str]]:
        for anchor in root.iter("a"):
            href = (anchor.get("href") or "").strip()
            if not href or _NON_PAGE.match(href) or _FILES.search(href) or anchor.get("rel") == "nofollow":
                continue
            url = self.canonical_url(response.urljoin(href))
            if self.on_site(url):
                yield anchor, url

    def category_requests(self, response: TextResponse) -> Iterator[Request]:
        root = parse_html(response.text)
        home = self.canonical_url(response.url)
        seen = {home, self.canonical_url(self.site.url)}
        for anchor, url in self._links(response, root):
            words = len(element_text(anchor).split())
            if url in seen or not 0 < words <= _MAX_MENU_WORDS or self.excluded(url):
                continue
            if not any(_menu_like(a) for a in anchor.iterancestors()):
                continue
            seen.add(url)
            yield self.page_request(url, self.parse_category)

    def list_entries(self, response: TextResponse) -> list[ListEntry]:
        root = parse_html(response.text)
        strip_furniture(root)
        entries: dict[str, ListEntry] = {}
        for anchor, url in self._links(response, root):
            label = element_text(anchor) or (anchor.get("title") or "")
            if len(label.split()) < _MIN_HEADLINE_WORDS or url in entries:
                continue
            entries[url] = ListEntry(url, self._date_near(anchor))
        return list(entries.values())

    @staticmethod
    def _date_near(anchor: etree._Element) -> date | None:
        scope = anchor
        for _ in range(_DATE_SEARCH_LEVELS):
            found = first_date(element_text(scope))
            if found or scope.getparent() is None:
                return found
            scope = scope.getparent()
        return first_date(element_text(scope))

    def next_list_requests(self, response: TextResponse, entries: list[ListEntry]) -> Iterator[Request]:
        root = parse_html(response.text)
        for anchor, url in self._links(response, root):
            if url == self.canonical_url(response.url):
                continue
            labels = {clean_line(v).lower() for v in (element_text(anchor), anchor.get("aria-label") or "",
                                                      anchor.get("title") or "")}
            classes = " ".join((el.get("class") or "") for el in (anchor, anchor.getparent()) if el is not None)
            if labels & _NEXT_LABELS or anchor.get("rel") == "next" or re.search(r"\bnext\b", classes):
                if "disabled" not in classes:
                    yield self.page_request(url, self.parse_list)
                    return
