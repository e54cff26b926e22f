"""Main-content extraction for a portal nobody configured.

What a reader does, in order: ignore the page furniture (menus, sidebars,
share buttons, polls, related news, footers); find the date line; the heading
just before it is the title; the block holding most of the running text is the
body; the breadcrumb's last step (or a short heading above the title) is the
category. The pieces are then put together as a page copy and read by the
canonical reader, which also cuts trailing "Các tin tức khác" / "Bình chọn"
blocks and undoubles a doubled category.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import datetime

from lxml import etree

from crawler.extract import text
from crawler.extract.base import Extraction, json_ld_published, parse_iso_local
from storage.canonical import ArticleFormatError, format_date_line, parse_article, parse_date_line
from storage.normalize import clean_line, fold

# Class or id words that mark page furniture, matched as whole dash/underscore parts.
_FURNITURE = re.compile(
    r"(?:^|[-_])(?:nav|navbar|navigation|menu|menubar|breadcrumbs?|sidebar|footer|share|sharing"
    r"|social|bookmarks?|print|related|other|tags?|keywords?|poll|vote|comments?|pager"
    r"|pagination|paging|banner|login|search|counter|links|latest|hot|advert|ads|weather)(?:$|[-_])",
    re.IGNORECASE)
_FURNITURE_TAGS = frozenset({"nav", "footer", "aside", "menu"})
_FURNITURE_ROLES = frozenset({"navigation", "banner", "contentinfo", "complementary", "search"})
_PAGE_HEADER_WORDS = frozenset({"header", "banner", "masthead", "site-header", "page-header"})
# A form around a whole page (ASP.NET) is not furniture; a poll or search box is short.
_SMALL_FORM_CHARS = 400
_HEADINGS = frozenset({"h1", "h2", "h3", "h4"})
_LEAF_BLOCKS = frozenset({"p", "div", "li", "blockquote", "pre", "td", "figcaption", "h4", "h5", "h6",
                          "section", "article", "dd"})
_HOME_WORDS = frozenset(fold(w) for w in ("Trang chủ", "Home", "Trang nhất"))
_MAX_CATEGORY_CHARS = 80
_MAX_METADATA_CHARS = 120


def _words(element: etree._Element) -> Iterator[str]:
    yield from (element.get("class") or "").split()
    if element.get("id"):
        yield element.get("id")


def _is_furniture(element: etree._Element) -> bool:
    tag = element.tag.lower() if isinstance(element.tag, str) else ""
    if tag in _FURNITURE_TAGS or (element.get("role") or "").lower() in _FURNITURE_ROLES:
        return True
    if tag == "form":
        return len(element.text_content()) < _SMALL_FORM_CHARS
    words = list(_words(element))
    if tag == "header" and (element.find(".//nav") is not None
                            or any(w.lower() in _PAGE_HEADER_WORDS for w in words)):
        return True
    if any(w.lower() in _PAGE_HEADER_WORDS for w in words) and tag in ("div", "header"):
        return True
    return any(_FURNITURE.search(w) for w in words)


def strip_furniture(root: etree._Element) -> None:
    doomed = [el for el in root.iter() if isinstance(el.tag, str) and el is not root and _is_furniture(el)]
    for element in doomed:
        if element.getparent() is not None:  # an outer piece of furniture may have taken it
            element.drop_tree()


def breadcrumb_steps(root: etree._Element) -> list[str]:
    """The steps of the page's breadcrumb after "Trang chủ", if it has one."""
    for element in root.iter():
        if not isinstance(element.tag, str) or not any("breadcrumb" in w.lower() for w in _words(element)):
            continue
        steps = [clean_line(a.text_content()) for a in element.iter("a")]
        steps = [s for s in steps if s and fold(s) not in _HOME_WORDS]
        if steps:
            return steps
    return []


def meta_published(root: etree._Element) -> datetime | None:
    published = json_ld_published(root)
    if published:
        return published
    for meta in root.iter("meta"):
        if (meta.get("property") or meta.get("name") or "") in ("article:published_time", "pubdate",
                                                                 "datePublished"):
            published = parse_iso_local(meta.get("content") or "")
            if published:
                return published
    return None


def _date_element(root: etree._Element) -> tuple[etree._Element | None, str | None]:
    """The smallest element whose text is a date line, and that text."""
    for element in root.iter():
        if not isinstance(element.tag, str) or text.is_hidden(element):
            continue
        if len(element.text_content()) > _MAX_METADATA_CHARS:
            continue
        line = text.element_text(element)
        if line and parse_date_line(line):
            return element, line
    return None, None


def _is_heading(element: etree._Element) -> bool:
    tag = element.tag.lower() if isinstance(element.tag, str) else ""
    return tag in _HEADINGS or any("title" in w.lower() for w in _words(element))


def _title_element(root: etree._Element, date_el: etree._Element | None) -> etree._Element | None:
    if date_el is not None:
        best = None
        for element in root.iter():
            if element is date_el:
                break
            if isinstance(element.tag, str) and _is_heading(element) and len(text.element_text(element)) >= 10:
                if best is None or element not in best.iterancestors():
                    best = element
        if best is not None:
            return best
    return text.first(h for h in root.iter("h1") if text.element_text(h))


def _body_element(root: etree._Element) -> etree._Element | None:
    """The element whose own paragraphs hold the most text (readability's idea, simplified)."""
    scores: dict[etree._Element, float] = {}
    for element in root.iter():
        tag = element.tag.lower() if isinstance(element.tag, str) else ""
        if tag not in _LEAF_BLOCKS or any(
                isinstance(c.tag, str) and c.tag.lower() in text.BLOCK_TAGS for c in element):
            continue
        length = len(clean_line(element.text_content()))
        parent = element.getparent()
        if parent is None or length == 0:
            continue
        scores[parent] = scores.get(parent, 0) + length
        grandparent = parent.getparent()
        if grandparent is not None:
            scores[grandparent] = scores.get(grandparent, 0) + length / 2
    return max(scores, key=scores.__getitem__) if scores else None


def _common_ancestor(a: etree._Element, b: etree._Element) -> etree._Element:
    ancestors_of_a = [a, *a.iterancestors()]
    for candidate in [b, *b.iterancestors()]:
        if candidate in ancestors_of_a:
            return candidate
    return ancestors_of_a[-1]


def _heading_above(title_el: etree._Element, levels: int = 4) -> str | None:
    """A short heading just above the title (a portlet or section title), within a few levels."""
    scope = title_el
    for _ in range(levels):
        if scope.getparent() is None:
            break
        scope = scope.getparent()
    last = None
    for element in scope.iter():
        if element is title_el:
            break
        if isinstance(element.tag, str) and _is_heading(element) and element not in title_el.iterancestors():
            last = element
    label = text.element_text(last) if last is not None else ""
    return label if 0 < len(label) <= _MAX_CATEGORY_CHARS and not parse_date_line(label) else None


def extract_generic(root: etree._Element) -> Extraction:
    published_meta = meta_published(root)
    crumbs = breadcrumb_steps(root)  # breadcrumbs are furniture, but name the category
    strip_furniture(root)

    date_el, date_line = _date_element(root)
    title_el = _title_element(root, date_el)
    title = text.element_text(title_el) if title_el is not None else ""
    category = next((step for step in reversed(crumbs) if step != title), None)
    if category is None and title_el is not None:
        category = _heading_above(title_el)
    body_el = _body_element(root)

    parsed = parse_date_line(date_line) if date_line else None
    published, views = parsed if parsed else (published_meta, None)
    missing = [name for name, value in (("title", title), ("date", published), ("body", body_el))
               if value is None or value == ""]
    if missing:
        return Extraction(None, tuple(missing))
    assert body_el is not None and published is not None
    container = _common_ancestor(title_el, body_el) if title_el is not None else body_el
    if date_el is not None:
        _drop_metadata_block(date_el, container)
    lines = text.element_lines(container)
    body = lines[lines.index(title) + 1:] if title in lines else lines
    page_copy = "\n".join([category or "", "", title, format_date_line(published, views), "", *body])
    try:
        return Extraction(parse_article(page_copy))
    except ArticleFormatError:
        return Extraction(None, ("body",))


def _drop_metadata_block(date_el: etree._Element, container: etree._Element) -> None:
    """Removes the line the date stands on ("28/08/2026 15:28" + the source's name)."""
    block = date_el
    while (block.getparent() is not None and block is not container
           and not (isinstance(block.tag, str) and block.tag.lower() in text.BLOCK_TAGS)):
        block = block.getparent()
    if block is not container and block.getparent() is not None:
        block.drop_tree()
