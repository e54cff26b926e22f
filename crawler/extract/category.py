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
_SECTION_PROPS = frozenset({"genre", "articlesection"})
# "Chuyên mục: <a>…</a>", "Danh mục <a>…</a>", "Lĩnh vực: <a>…</a>" (ends the text before the link).
_SECTION_LABEL = re.compile(r"(?:chuyên\s*mục|danh\s*mục|lĩnh\s*vực|category|categories)\s*:?\s*$", re.IGNORECASE)
_SECTION_CLASS = re.compile(r"categor|cat-links|chuyen-?muc|danh-?muc", re.IGNORECASE)
_SECTION_CLASS_LEVELS = 2


def breadcrumb_steps(root: etree._Element) -> list[str]:
    """The steps of the page's breadcrumb after "Trang chủ", if it has one (the last may be plain text)."""
    for element in _BREADCRUMBS(root):
        items = list(element.iter("li")) or list(element.iter("a"))
        steps = [clean_line(item.text_content()) for item in items]
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
        if any(_SECTION_CLASS.search(w) for w in class_words(scope)) and len(list(scope.iter("a"))) == 1:
            return True
        scope = scope.getparent()
    return False


def marked_section(root: etree._Element, title: str) -> str | None:
    """The label of the first link the page marks as the article's section."""
    for anchor in root.iter("a"):
        label = clean_line(anchor.text_content())
        if label and label != title and len(label) <= MAX_CATEGORY_CHARS and _marks_section(anchor):
            return label
    return None


def metadata_section(root: etree._Element) -> str | None:
    for meta in root.iter("meta"):
        if (meta.get("property") or meta.get("name") or "").lower() == "article:section":
            return clean_line(meta.get("content") or "") or None
    for obj in json_ld_objects(root):
        if isinstance(obj.get("articleSection"), str):
            return clean_line(obj["articleSection"]) or None
    return None


def heading_above(title_el: etree._Element, levels: int = 4) -> str | None:
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
    label = text.element_text(last) if last is not None else ""
    return label if 0 < len(label) <= MAX_CATEGORY_CHARS and not parse_date_line(label) else None
