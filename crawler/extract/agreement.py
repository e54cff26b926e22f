"""The body as two readers agree on it: our main-content block and trafilatura's.

Ours keeps what a portal prints inside the article (lead, captions, byline) but
also whatever furniture shares the article's container; trafilatura drops
furniture well but sometimes a lead or a byline. So ours is the text, and
trafilatura's the evidence: lines before the first and after the last line
both agree on are cut (but a sentence before, the lead, and a byline right
after the end are kept), and so are lines inside that are nothing but a link.
When the two found different blocks altogether, or trafilatura found nothing,
ours stands alone, less its lines that are a link's whole text.
"""

from __future__ import annotations

import re

from lxml import etree

from storage.normalize import clean_line, fold

# Below this share of our text found in trafilatura's, the two read different blocks.
_MIN_AGREEMENT = 0.5
_MIN_LINK_CHARS = 15
_BYLINE_MAX_CHARS = 90
_MAX_BYLINE_LINES = 2
# A lead (sapo) in a heading is often left out by trafilatura; it is a sentence, metadata is not.
_MIN_PROSE_CHARS = 40
_RUN_TOGETHER = 3
_MIN_INSIDE_CHARS = 30
# Between the links of a tool row ("In trang | Quay lại", "Bản in / Gửi email").
_ROW_SEPARATORS = re.compile(r"\s*[|/·•]\s*")


def trafilatura_lines(root: etree._Element) -> list[str]:
    """trafilatura's body lines for a parsed page (it works on a copy; fast mode, no metadata)."""
    import trafilatura

    try:
        document = trafilatura.bare_extraction(root, fast=True, with_metadata=False, include_comments=False,
                                               include_images=False, include_tables=True)
    except (ValueError, TypeError):  # malformed trees trafilatura cannot walk
        return []
    body = getattr(document, "text", None) if document is not None else None
    return [line for line in (clean_line(raw) for raw in (body or "").splitlines()) if line]


def link_texts(container: etree._Element) -> set[str]:
    """The folded texts of the links in a block, short ones too ("In trang")."""
    return {fold(line) for line in (clean_line(a.text_content()) for a in container.iter("a")) if line}


def is_link_line(folded: str, links: set[str]) -> bool:
    """A line that is a link, not prose: one link's whole text (long enough not to be a
    byline's source), or a row of two or more links and nothing else (print, back, e-mail)."""
    if folded in links:
        return len(folded) >= _MIN_LINK_CHARS
    parts = _ROW_SEPARATORS.split(folded)
    return len(parts) > 1 and all(part in links for part in parts)


def _is_byline(line: str) -> bool:
    return len(line) <= _BYLINE_MAX_CHARS and not line.endswith((".", ":", ";", "?", "!"))


def _is_prose(line: str) -> bool:
    return len(line) >= _MIN_PROSE_CHARS and line.endswith((".", "!", "?", "…", "”", "\"", ".)"))


def _without_links(lines: list[str], links: set[str]) -> list[str]:
    """Lines that are not a link's whole text (related headlines, "read more")."""
    return [line for line in lines if not is_link_line(fold(line), links)]


def agreed_lines(ours: list[str], theirs: list[str], links: set[str]) -> list[str]:
    """Our lines, trimmed to the stretch trafilatura agrees with (see the module's docstring)."""
    if not ours:
        return theirs
    if not theirs:
        return _without_links(ours, links)
    # A line of theirs far longer than any of ours is a table or layout run together, no evidence.
    longest = max(map(len, ours))
    their_folded = [fold(line) for line in theirs if len(line) <= _RUN_TOGETHER * longest]
    their_text, their_lines = "\n".join(their_folded), set(their_folded)
    folded = [fold(line) for line in ours]
    # A short line ("Reuters", a date) is found inside any text: only a whole line of theirs agrees with it.
    agreed = [bool(f) and (f in their_lines or (len(f) >= _MIN_INSIDE_CHARS and f in their_text)) for f in folded]
    total = sum(map(len, folded)) or 1
    if sum(len(f) for f, ok in zip(folded, agreed) if ok) / total < _MIN_AGREEMENT:
        return _without_links(ours, links)
    first = agreed.index(True)
    last = len(agreed) - 1 - agreed[::-1].index(True)
    kept = [line for line, f in zip(ours[:first], folded[:first]) if _is_prose(line) and not is_link_line(f, links)]
    # A row of links is a tool bar even when trafilatura kept it; a whole-link paragraph it agrees with stays.
    kept += [line for line, f, ok in zip(ours[first:last + 1], folded[first:last + 1], agreed[first:last + 1])
             if (ok and f in links) or not is_link_line(f, links)]
    # Only prose is followed by a byline trafilatura left out; after a byline comes furniture.
    after = [] if _is_byline(ours[last]) else list(zip(ours[last + 1:], folded[last + 1:]))[:_MAX_BYLINE_LINES]
    for n, (line, f) in enumerate(after):
        # A byline, and under it only its source in brackets ("(VP HĐND&UBND quận)").
        if is_link_line(f, links) or not _is_byline(line) or (n and not (line.startswith("(") and line.endswith(")"))):
            break
        kept.append(line)
    return kept
