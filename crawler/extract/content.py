"""Where a page's running text is: text and link lengths of every element, and the
block whose own paragraphs hold the most text that is not links."""

from __future__ import annotations

from dataclasses import dataclass

from lxml import etree

from crawler.extract import text
from storage.normalize import clean_line

_LEAF_BLOCKS = frozenset({"p", "div", "li", "blockquote", "pre", "td", "figcaption", "h4", "h5", "h6",
                          "section", "article", "dd"})


@dataclass
class TextStats:
    """Characters of visible text under each element, and how many of them are link text."""

    chars: dict[etree._Element, int]
    link_chars: dict[etree._Element, int]

    def link_share(self, element: etree._Element) -> float:
        total = self.chars.get(element, 0)
        return self.link_chars.get(element, 0) / total if total else 0.0


def text_stats(root: etree._Element) -> TextStats:
    """One pass from the leaves up; scripts and styles hold no text a reader sees."""
    chars: dict[etree._Element, int] = {}
    link_chars: dict[etree._Element, int] = {}
    for element in reversed(list(root.iter())):
        tag = element.tag.lower() if isinstance(element.tag, str) else ""
        if not tag or tag in text.SKIP_TAGS:
            chars[element] = link_chars[element] = 0
            continue
        total = len((element.text or "").strip())
        links = 0
        for child in element:
            total += chars.get(child, 0) + len((child.tail or "").strip())
            links += link_chars.get(child, 0)
        chars[element] = total
        link_chars[element] = total if tag == "a" else links
    return TextStats(chars, link_chars)


def main_block(root: etree._Element, stats: TextStats | None = None) -> etree._Element | None:
    """The element whose own paragraphs hold the most non-link text (readability's idea, simplified).

    Link text counts for nothing: a related-news list is as long as an
    article but is all links.
    """
    scores: dict[etree._Element, float] = {}
    for element in root.iter():
        tag = element.tag.lower() if isinstance(element.tag, str) else ""
        if tag not in _LEAF_BLOCKS or any(
                isinstance(c.tag, str) and c.tag.lower() in text.BLOCK_TAGS for c in element):
            continue
        length = len(clean_line(element.text_content()))
        if stats is not None and length:
            length *= 1.0 - min(1.0, stats.link_share(element))
        parent = element.getparent()
        if parent is None or length == 0:
            continue
        scores[parent] = scores.get(parent, 0) + length
        grandparent = parent.getparent()
        if grandparent is not None:
            scores[grandparent] = scores.get(grandparent, 0) + length / 2
    return max(scores, key=scores.__getitem__) if scores else None
