"""Page furniture (menus, sidebars, share buttons, polls, related news, footers), and
the rule that furniture removal never takes the article with it.

Class words say what a block is meant to be, not what it holds: Drupal puts
``layout-sidebar-first`` on ``<body>``, themes put ``has-sidebar`` on the
wrapper of the whole page, and a "hot" or "latest" box may be the article's
own. So an element that holds the main content (html, body, main, an
ancestor of the main block or of most of the page's text) is never furniture,
and the weak words only mark blocks that are mostly links or short.
"""

from __future__ import annotations

import functools
import re

from lxml import etree

from crawler.extract.content import TextStats, text_stats
from crawler.extract.published import VIEWS
from storage.normalize import clean_line, fold

# Words that mark furniture whatever the block holds, matched as whole dash/underscore parts.
_STRONG = re.compile(
    r"(?:^|[-_])(?:nav|navbar|navigation|menu|menubar|breadcrumbs?|sidebar|footer|share|sharing"
    r"|social|bookmarks?|poll|vote|comments?|pager|pagination|paging|banner|login|search|advert|ads"
    r"|weather|ratings?|stars|rate)(?:$|[-_])",
    re.IGNORECASE)
# Words that mark furniture only on a list of links or a short block.
_WEAK = re.compile(
    r"(?:^|[-_])(?:print|related\w*|other\w*|tags?|keywords?|counter|links|latest|hot"
    r"|tin-?khac|tin-?lien-?quan|lien-?quan|cung-?chuyen-?muc|xem-?them|tin-?moi\w*)(?:$|[-_])",
    re.IGNORECASE)
# Words that name a menu or a breadcrumb: its links are section names.
_MENU = re.compile(r"(?:^|[-_])(?:nav|navbar|navigation|menu|menubar|breadcrumbs?)(?:$|[-_])", re.IGNORECASE)
_WEAK_MIN_LINK_SHARE = 0.5
_WEAK_SHORT_CHARS = 200
_FURNITURE_TAGS = frozenset({"nav", "footer", "aside", "menu"})
_OWN_PARTS_OF_ARTICLE = frozenset({"header", "footer"})
_FURNITURE_ROLES = frozenset({"navigation", "banner", "contentinfo", "complementary", "search"})
_PAGE_HEADER_WORDS = frozenset({"header", "banner", "masthead", "site-header"})
_NEVER_FURNITURE = frozenset({"html", "body", "main"})
# A form around a whole page (ASP.NET) is not furniture; a poll or search box is short.
_SMALL_FORM_CHARS = 400
# An element holding this share of the page's text holds the article.
_MAIN_SHARE = 0.5
_HOLDER_PROBE_CHARS = 80
_HOLDER_MAX_TIMES, _HOLDER_SLACK_CHARS = 4, 500
_PROSE_TAGS = ("p", "div", "td", "li", "section", "article", "span", "blockquote", "font")


_CAMEL_HUMP = re.compile(r"(?<=[a-z])(?=[A-Z])")


@functools.lru_cache(maxsize=4096)
def _words_of(classes: str, id_: str) -> tuple[str, ...]:
    return tuple(_CAMEL_HUMP.sub("-", word) for word in (*classes.split(), *([id_] if id_ else [])))


def class_words(element: etree._Element) -> tuple[str, ...]:
    """The class names and id, camelCase split like dashes ("edn_socialPrintWrapper" -> "edn_social-Print-Wrapper").

    Pages repeat a few class attributes thousands of times, hence the cache."""
    return _words_of(element.get("class") or "", element.get("id") or "")


def _is_furniture(element: etree._Element, stats: TextStats) -> bool:
    tag = element.tag.lower() if isinstance(element.tag, str) else ""
    if tag in _OWN_PARTS_OF_ARTICLE and any(a.tag == "article" for a in element.iterancestors()):
        return False  # an article's own header and footer hold its date and byline (Drupal's node__meta)
    if tag in _FURNITURE_TAGS or (element.get("role") or "").lower() in _FURNITURE_ROLES:
        return True
    if tag == "form":
        return stats.chars.get(element, 0) < _SMALL_FORM_CHARS
    if (tag == "header" or "page-header" in (element.get("class") or "").lower().split()) \
            and (element.find(".//nav") is not None or element.find(".//form") is not None):
        return True  # a site's masthead; Bootstrap's page-header without menu or search holds the page's title
    kind = _named_kind(tag, element.get("class") or "", element.get("id") or "")
    if kind == "weak":
        short = stats.chars.get(element, 0) < _WEAK_SHORT_CHARS
        # A page's own view count ("statistics-counter": Lượt xem: 12) is its metadata, not a site counter.
        if short and stats.link_share(element) == 0 and VIEWS.fullmatch(clean_line(element.text_content())):
            return False
        return short or stats.link_share(element) >= _WEAK_MIN_LINK_SHARE
    return kind == "strong"


@functools.lru_cache(maxsize=4096)
def _named_kind(tag: str, classes: str, id_: str) -> str | None:
    """What an element's class and id call it: "strong" furniture, "weak" furniture, or nothing."""
    words = _words_of(classes, id_)
    if tag in ("div", "header") and any(w.lower() in _PAGE_HEADER_WORDS for w in words):
        return "strong"
    if any(_STRONG.search(w) for w in words):
        return "strong"
    if any(_WEAK.search(w) for w in words):
        return "weak"
    return None


def _may_be_furniture(element: etree._Element) -> bool:
    """A cheap first look: most elements have no class, id or role and an ordinary tag."""
    return bool(element.get("class") or element.get("id") or element.get("role")) \
        or element.tag in _FURNITURE_TAGS or element.tag in ("form", "header")


def section_names(root: etree._Element) -> set[str]:
    """The folded labels of the links in the page's menus and breadcrumb: names of sections, not headlines.

    Read before furniture removal (menus are furniture); an article's date line may link to its
    section ("Chuyên mục: Hoạt động HĐND - UBND"), which does not make it an item of a news list."""
    anchors: set[etree._Element] = set()  # menus nest (nav > ul.menu > li.menu-item): each link once
    for element in root.iter():
        if not isinstance(element.tag, str) or not _may_be_furniture(element):
            continue
        if element.tag in ("nav", "menu") or (element.get("role") or "").lower() == "navigation" \
                or any(_MENU.search(w) for w in class_words(element)):
            anchors.update(element.iter("a"))
    return {fold(a.text_content()) for a in anchors}


def holder_of(root: etree._Element, stats: TextStats, line: str) -> etree._Element | None:
    """The smallest element whose text holds a line (another reader's longest paragraph, say)."""
    if not line:
        return None
    wanted = fold(line)[:_HOLDER_PROBE_CHARS]
    best = None
    # Text lengths are of stripped pieces, so a holder may count a little less than the line.
    low, high = len(wanted) // 2, _HOLDER_MAX_TIMES * len(line) + _HOLDER_SLACK_CHARS
    for element in root.iter(*_PROSE_TAGS):
        chars = stats.chars.get(element, 0)
        if low <= chars <= high and (best is None or chars < stats.chars[best]) \
                and wanted in fold(element.text_content()):
            best = element
    return best


def holders_of_main_content(root: etree._Element, stats: TextStats,
                            main: etree._Element | None = None) -> set[etree._Element]:
    """The elements furniture removal must keep: ``main`` and its ancestors, and most-of-the-text holders."""
    keep = {el for el in root.iter() if isinstance(el.tag, str) and el.tag.lower() in _NEVER_FURNITURE}
    if main is not None:
        keep.add(main)
        keep.update(main.iterancestors())
    floor = _MAIN_SHARE * stats.chars.get(root, 0)
    keep.update(el for el, chars in stats.chars.items() if chars and chars >= floor)
    return keep


def strip_furniture(root: etree._Element, stats: TextStats | None = None,
                    keep: set[etree._Element] | None = None) -> None:
    """Drops the furniture of a page in place, keeping ``keep`` (by default what holds the main content)."""
    if stats is None:
        stats = text_stats(root)
    if keep is None:
        keep = holders_of_main_content(root, stats)
    doomed = [el for el in root.iter() if isinstance(el.tag, str) and el is not root and _may_be_furniture(el)
              and el not in keep and _is_furniture(el, stats)]
    for element in doomed:
        if element.getparent() is not None:  # an outer piece of furniture may have taken it
            element.drop_tree()
