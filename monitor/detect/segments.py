"""The pieces of a sentence between separators: where one person's posts, or one list item, begin and end."""

from __future__ import annotations

import re

from monitor.detect.posts import starts_with_post
from monitor.detect.sentences import GLUED_ABBREVIATION, GLUED_ABBREVIATIONS

# Separators between the posts of one person, and between list items.
# Every separator starts at a space, a mark or a glued abbreviation's capital: the lookahead rejects
# any other offset at once instead of trying each branch there (most of what `segments` cost).
_SEPARATOR_START = rf"(?=[\s,;:()\-–—{''.join(sorted({a[0] for a in GLUED_ABBREVIATIONS}))}])"
SEPARATOR = re.compile(_SEPARATOR_START + r"(?:\s*[,;:]\s*|\s+[-–—]\s*|\s*[-–—]\s+|\s+kiêm\s+|\s*\(\s*|\s*\)\s*|"
                       + GLUED_ABBREVIATION.pattern + ")")


def segments(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int, str]]:
    """(start, end, separator before) of each piece between separators."""
    end = len(text) if end is None else end
    out: list[tuple[int, int, str]] = []
    last, sep = start, ""
    for m in SEPARATOR.finditer(text, start, end):
        if m.start() > last or out:
            out.append((last, m.start(), sep))
        last, sep = m.end(), (m.group(0).strip() or "-")
    out.append((last, end, sep))
    return _joined_fields([s for s in out if s[1] > s[0]], text)


_FIELD_START = re.compile(r"[^\W\d_][^\W\d_]*\s+(?P<second>[^\W\d_])")
# Lowercase told by str.islower, not by a class: "Êban", "Ánh", "Ơn" start with capitals too.
_LAST_WORD = re.compile(r"\s(?P<first>[^\W\d_])[^\W\d_]*$")


def _lower_end(piece: str) -> bool:
    m = _LAST_WORD.search(piece)
    return bool(m) and m.group("first").islower()


def _field_start(piece: str) -> bool:
    m = _FIELD_START.match(piece)
    return bool(m) and m.group("second").islower()


def _joined_fields(segs: list[tuple[int, int, str]], text: str) -> list[tuple[int, int, str]]:
    """A hyphen inside an organ's name joins two fields ("Ban Văn hóa - Xã hội HĐND", "Ban Dân chủ -
    Pháp luật"): after a lowercase word, a capitalised word and a lowercase one that start no post
    go on the piece before."""
    out: list[tuple[int, int, str]] = []
    for a, b, sep in segs:
        piece = text[a:b]
        if out and sep in ("-", "–", "—") and _lower_end(text[out[-1][0]:out[-1][1]]) \
                and piece[:1].isupper() and _field_start(piece) and not starts_with_post(piece.casefold()):
            out[-1] = (out[-1][0], b, out[-1][2])
            continue
        out.append((a, b, sep))
    return out
