"""The text of an HTML element as a reader sees it, one line per block.

Browsers break lines at block elements and ``<br>`` and run inline elements
together ("Hoa<b>TUV</b>" reads "HoaTUV"); the canonical format wants exactly
those lines, each passed through ``clean_line``. Elements a reader never sees
(scripts, styles, form controls, screen-reader-only copies) give no text.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Iterator

from lxml import etree, html
from lxml.cssselect import CSSSelector

from storage.normalize import clean_line

BLOCK_TAGS = frozenset("""
    address article aside blockquote body caption center dd details dialog div dl dt
    fieldset figcaption figure footer form h1 h2 h3 h4 h5 h6 header hgroup hr li main
    nav ol p pre section summary table tbody td tfoot th thead tr ul
""".split())
SKIP_TAGS = frozenset("""
    script style noscript template iframe object embed svg canvas video audio
    head title meta link input select textarea button option
""".split())
# Copies of a label kept for screen readers; a sighted reader never sees them.
HIDDEN_CLASSES = frozenset({"hide-accessible", "helper-hidden-accessible", "sr-only",
                            "visually-hidden", "screen-reader-text", "hidden", "d-none"})


def parse_html(text: str) -> html.HtmlElement:
    """An lxml tree of a page; an empty page gives an empty <html>."""
    if not text.strip():
        return html.fromstring("<html></html>")
    return html.document_fromstring(text)


def is_hidden(element: etree._Element) -> bool:
    classes = set((element.get("class") or "").split())
    if classes & HIDDEN_CLASSES or element.get("hidden") is not None:
        return True
    if element.get("aria-hidden") == "true":
        return True
    style = (element.get("style") or "").replace(" ", "").lower()
    return "display:none" in style or "visibility:hidden" in style


def _walk(element: etree._Element, buffer: list[str], lines: list[str]) -> None:
    def flush() -> None:
        line = clean_line("".join(buffer))
        buffer.clear()
        if line:
            lines.append(line)

    tag = element.tag if isinstance(element.tag, str) else ""
    tag = tag.lower()
    skip = not tag or tag in SKIP_TAGS or is_hidden(element)
    if not skip:
        block = tag in BLOCK_TAGS
        if block:
            flush()
        if tag == "br":
            flush()
        if element.text:
            buffer.append(element.text)
        for child in element:
            _walk(child, buffer, lines)
        if block:
            flush()
    # A skipped element's tail is still the parent's text.
    if element.tail:
        buffer.append(element.tail)


def element_lines(element: etree._Element | None) -> list[str]:
    """The non-empty, cleaned lines of an element's text."""
    if element is None:
        return []
    buffer: list[str] = []
    lines: list[str] = []
    tail, element.tail = element.tail, None  # the text after an element is not its own
    try:
        _walk(element, buffer, lines)
    finally:
        element.tail = tail
    last = clean_line("".join(buffer))
    if last:
        lines.append(last)
    return lines


def element_text(element: etree._Element | None) -> str:
    """An element's text on one line (for titles, dates, labels)."""
    return clean_line(" ".join(element_lines(element)))


def first(elements: Iterable[etree._Element]) -> etree._Element | None:
    return next(iter(elements), None)


def select(root: etree._Element, css: str | Iterable[str] | None) -> Iterator[etree._Element]:
    """Elements matching a CSS selector, or the first of several that matches anything."""
    if not css:
        return iter(())
    choices = [css] if isinstance(css, str) else list(css)
    for choice in choices:
        found = _compiled(choice)(root)
        if found:
            return iter(found)
    return iter(())


@functools.lru_cache(maxsize=512)
def _compiled(css: str) -> CSSSelector:
    """What ``element.cssselect`` does, minus translating the CSS to XPath on every
    call: a crawl reads thousands of pages with a few dozen selectors."""
    return CSSSelector(css, translator="html")


def remove(root: etree._Element, css: Iterable[str]) -> None:
    """Drops the elements matching any selector, keeping the text that follows them."""
    for selector in css:
        for element in _compiled(selector)(root):
            if element.getparent() is not None:
                element.drop_tree()  # lxml.html keeps the tail text in place
