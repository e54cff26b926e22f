"""The section an article stands in, as the page names it.

In order of trust: the breadcrumb's last step (its last step is often plain
text, not a link: Drupal, Bootstrap themes); a link the page marks as the
article's section (``rel="category"`` in WordPress, ``itemprop="genre"`` or
``articleSection`` in schema.org markup, a "Chuyên mục:" / "Danh mục:" label
before it, a block whose class says category); ``article:section`` and JSON-LD
``articleSection``; a short heading just above the title (a portlet's title).
Read before furniture removal: breadcrumbs and category bars are furniture.
"""

from __future__ import annotations

import re

from lxml import etree

from crawler.extract import text
from crawler.extract.base import json_ld_objects
from crawler.extract.furniture import class_words
from crawler.extract.titles import is_heading
from storage.canonical import parse_date_line
from storage.normalize import clean_line, fold

_HOME_WORDS = frozenset(fold(w) for w in ("Trang chủ", "Home", "Trang nhất"))
MAX_CATEGORY_CHARS = 80
_BREADCRUMBS = etree.XPath("//*[contains(translate(concat(@class, ' ', @id), 'BREADCUMS', 'breadcums'), 'breadcrumb')]")
_CRUMB_SEPARATORS = re.compile(r"^[\s/»›>|]+|[\s/»›>|]+$")
_SECTION_PROPS = frozenset({"genre", "articlesection"})
# "Chuyên mục: <a>…</a>", "Danh mục <a>…</a>", "Lĩnh vực: <a>…</a>".
# The whole text before the link, so that "… ban hành kèm theo danh mục <a>…</a>" in a paragraph is not one.
_SECTION_LABEL = re.compile(r"^[^\w]*(?:chuyên\s*mục|danh\s*mục|lĩnh\s*vực|category|categories)\s*:?$", re.IGNORECASE)
_SECTION_CLASS = re.compile(r"categor|cat-links|chuyen-?muc|danh-?muc", re.IGNORECASE)
_SECTION_CLASS_LEVELS = 2
# A portlet's title stands this many levels above the article's (Liferay 7: section > content > body > asset).
_HEADING_LEVELS = 6
_LINK_BOX_SHARE = 0.5


def breadcrumb_steps(root: etree._Element) -> list[str]:
    """The steps of the page's breadcrumb after "Trang chủ", if it has one (the last may be plain text)."""
    for element in _BREADCRUMBS(root):
        steps = [clean_line(a.text_content()) for a in element.iter("a")]
        items = list(element.iter("li"))
        if items and items[-1].find(".//a") is None:  # the current page's step, printed but not linked
            steps.append(_CRUMB_SEPARATORS.sub("", clean_line(items[-1].text_content())))
        steps = [s for s in steps if s and fold(s) not in _HOME_WORDS and len(s) <= MAX_CATEGORY_CHARS]
        if steps:
            return steps
    return []


def _marks_section(anchor: etree._Element) -> bool:
    rel = (anchor.get("rel") or "").lower().split()
    if "category" in rel or (anchor.get("itemprop") or "").lower() in _SECTION_PROPS:
        return True
    before = anchor.getprevious()
    lead = (before.tail if before is not None else anchor.getparent().text) or ""
    if _SECTION_LABEL.search(clean_line(lead)):
        return True
    scope = anchor.getparent()
    for _ in range(_SECTION_CLASS_LEVELS):
        if scope is None:
            break
        words = class_words(scope)
        # A menu's items are classed by what they link to ("menu-item-object-category"): not this article's.
        if any(_SECTION_CLASS.search(w) for w in words) and not any("menu" in w.lower() for w in words) \
                and len(list(scope.iter("a"))) == 1:
            return True
        scope = scope.getparent()
    return False


def marked_sections(root: etree._Element) -> list[tuple[etree._Element, str]]:
    """The links the page marks as an article's section, with their labels, in document order.

    Read before furniture removal, as the bar that holds them ("cat-links") looks like furniture."""
    found = []
    for anchor in root.iter("a"):
        label = clean_line(anchor.text_content())
        if label and len(label) <= MAX_CATEGORY_CHARS and _marks_section(anchor):
            found.append((anchor, label))
    return found


def section_nearest(marked: list[tuple[etree._Element, str]], order: dict[etree._Element, int],
                    title_el: etree._Element | None, title: str) -> str | None:
    """The marked section link nearest the title (a sidebar's category list is farther)."""
    at = order.get(title_el) if title_el is not None else None
    marked = [(anchor, label) for anchor, label in marked if label != title and anchor in order]
    if not marked:
        return None
    if at is None:
        return marked[0][1]
    return min(marked, key=lambda pair: abs(order[pair[0]] - at))[1]


def metadata_section(root: etree._Element) -> str | None:
    for meta in root.iter("meta"):
        if (meta.get("property") or meta.get("name") or "").lower() == "article:section":
            return clean_line(meta.get("content") or "") or None
    for obj in json_ld_objects(root):
        if isinstance(obj.get("articleSection"), str):
            return clean_line(obj["articleSection"]) or None
    return None


def heading_above(title_el: etree._Element, levels: int = _HEADING_LEVELS) -> str | None:
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
        if isinstance(element.tag, str) and is_heading(element) and element not in title_el.iterancestors():
            last = element
    # The title of a box of links beside the article ("Tin đọc nhiều") names that box, not the article's section.
    label = text.element_text(last) if last is not None and not _titles_a_link_box(last) else ""
    return label if 0 < len(label) <= MAX_CATEGORY_CHARS and not parse_date_line(label) else None


def _titles_a_link_box(heading: etree._Element) -> bool:
    box = heading.getparent()
    if box is None:
        return False
    whole = len(clean_line(box.text_content()))
    links = sum(len(clean_line(a.text_content())) for a in box.iter("a"))
    return whole > 0 and links / whole >= _LINK_BOX_SHARE
