"""The article's title, picked by agreement.

Evidence besides the page's own headings: ``og:title`` and ``twitter:title``,
JSON-LD ``headline``, the ``<title>`` (which carries the site's name before or
after the title, split off by " | ", " - ", " – "), and the link text of the
list page that led here (often cut short with "…"). A heading that agrees with
more of them wins; the heading just above the printed date is the tie-breaker,
as the page's layout says it is the title. The title is always printed text of
the page when a heading agrees, never a meta copy (which may be shortened).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from lxml import etree

from crawler.extract import text
from crawler.extract.base import json_ld_objects
from crawler.extract.furniture import class_words
from storage.normalize import clean_line, fold

_HEADINGS = frozenset({"h1", "h2", "h3", "h4"})
# "title", and Vietnamese "tiêu đề" as class names spell it ("tieude", "lblTieuDe" -> "lbl-Tieu-De").
_TITLE_WORD = re.compile(r"title|tieu[-_]?de|headline", re.IGNORECASE)
_META_TITLES = ("og:title", "twitter:title")
_SITE_SEPARATORS = re.compile(r"\s+(?:\||-|–|—|::|»)\s+")
_CUT_SHORT = re.compile(r"\s*(?:\.{3}|…)\s*$")
MIN_TITLE_CHARS = 10
MAX_TITLE_CHARS = 400
# A shortened copy must keep this share of the longer text to count as the same title.
_SAME_TITLE_SHARE = 0.6
_STRONG, _WEAK = 2.0, 1.0
_SECTION_NAME_WORDS = 6
_LABEL_SLACK_CHARS = 20  # a link's raw text may carry spaces and line breaks around its label
_LONG_TITLE_CHARS = 100
_LAYOUT_BONUS = 1.5
_H1_BONUS = 0.5


def is_heading(element: etree._Element) -> bool:
    tag = element.tag.lower() if isinstance(element.tag, str) else ""
    return tag in _HEADINGS or any(_TITLE_WORD.search(w) for w in class_words(element))


@dataclass(frozen=True)
class TitleEvidence:
    text: str
    weight: float


def evidence_titles(root: etree._Element, hint: str | None = None) -> list[TitleEvidence]:
    """What the page's metadata and the list page say the title is (not the page's headings).

    Each part of a ``<title>`` is weak evidence: which part is the site's or
    the page's name and which the article's, one page does not say.
    """
    found: list[TitleEvidence] = []
    site_names = set()
    for meta in root.iter("meta"):
        key = (meta.get("property") or meta.get("name") or "").lower()
        if key in _META_TITLES:
            found.append(TitleEvidence(clean_line(meta.get("content") or ""), _STRONG))
        elif key == "og:site_name":
            site_names.add(fold(meta.get("content") or ""))
    for obj in json_ld_objects(root):
        if isinstance(obj.get("headline"), str):
            found.append(TitleEvidence(clean_line(obj["headline"]), _STRONG))
    title = text.first(root.iter("title"))
    if title is not None:
        whole = clean_line(title.text_content())
        parts = _SITE_SEPARATORS.split(whole)
        found += [TitleEvidence(part, _WEAK) for part in (parts if len(parts) > 1 else [whole])]
    if hint:
        found.append(TitleEvidence(_CUT_SHORT.sub("", clean_line(hint)), _STRONG))
    found = [TitleEvidence(_without_site_name(t.text, site_names), t.weight) for t in found]
    # A short name that is also a link of the page ("Tin hoạt động" in the menu) names the
    # section the page stands in (Liferay's og:title is the page's name), not the article.
    found = [t for t in found if len(t.text) >= MIN_TITLE_CHARS]
    short = {fold(t.text): len(t.text) for t in found if len(t.text.split()) <= _SECTION_NAME_WORDS}
    if short:
        longest = max(short.values()) + _LABEL_SLACK_CHARS
        labels = {fold(label) for label in (a.text_content() for a in root.iter("a")) if len(label) <= longest}
        found = [t for t in found if fold(t.text) not in short or fold(t.text) not in labels]
    return found


def _without_site_name(title: str, site_names: set[str]) -> str:
    """"Title - Site name" -> "Title" when og:site_name names the site; the site name alone -> ""."""
    parts = [part for part in _SITE_SEPARATORS.split(title) if fold(part) not in site_names]
    return title if len(parts) == len(_SITE_SEPARATORS.split(title)) else " - ".join(parts)


def same_title(a: str, b: str) -> bool:
    """Equal when folded, or one a shortened copy of the other (a cut list title, a meta with the site's name)."""
    fa, fb = fold(a), fold(b)
    if fa == fb:
        return True
    short, long_ = sorted((fa, fb), key=len)
    return len(short) >= _SAME_TITLE_SHARE * len(long_) and short in long_


def votes(candidate: str, evidence: Iterable[TitleEvidence]) -> float:
    return sum(other.weight for other in evidence if same_title(candidate, other.text))


def pick_title(headings: list[etree._Element], evidence: list[TitleEvidence],
               by_layout: etree._Element | None) -> tuple[etree._Element | None, str]:
    """The heading the evidence agrees with most, the layout's choice and length counting too; or,
    when no heading agrees with anything and the metadata agree among themselves, their title.

    Returns the chosen element (None when only metadata knew the title) and the title.
    """
    best, best_score, best_votes = None, -1.0, 0.0
    for element in headings:
        line = text.element_text(element)
        if not MIN_TITLE_CHARS <= len(line) <= MAX_TITLE_CHARS:
            continue
        said = votes(line, evidence)
        # Article titles are long; section labels ("Tin tức sự kiện") are short.
        score = said + min(len(line), _LONG_TITLE_CHARS) / _LONG_TITLE_CHARS
        score += _LAYOUT_BONUS if element is by_layout else 0.0
        score += _H1_BONUS if element.tag == "h1" else 0.0
        if score > best_score:
            best, best_score, best_votes = element, score, said
    if best is not None and (best_votes > 0 or best is by_layout):
        return best, text.element_text(best)
    if evidence:
        agreed = max(evidence, key=lambda t: (votes(t.text, evidence), -len(t.text)))
        if votes(agreed.text, evidence) > agreed.weight or best is None:
            return None, agreed.text
    return (best, text.element_text(best)) if best is not None else (None, "")
