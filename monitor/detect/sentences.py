"""Sentences of an article, each with a matching form aligned to its text.

Detectors match on ``Sentence.folded`` and slice ``Sentence.text`` with the
same offsets, so evidence and names come out verbatim while "Uỷ"/"Ủy", case
and dash variants are all the same to the patterns.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from monitor.detect.gazetteer import known_places
from monitor.detect.names import has_surname_signal, is_capitalised, looks_like_name
from monitor.detect.vocabulary import CREDIT_PREFIXES, INTRODUCERS, NOT_NAME_PHRASES, NOT_NAME_STARTS
from storage.normalize import clean_line, fold

_UPPER = "A-ZÀÁẢÃẠĂẰẮẲẴẶÂẦẤẨẪẬĐÈÉẺẼẸÊỀẾỂỄỆÌÍỈĨỊÒÓỎÕỌÔỒỐỔỖỘƠỜỚỞỠỢÙÚỦŨỤƯỪỨỬỮỰỲÝỶỸỴ"
_LOWER = "a-zàáảãạăằắẳẵặâầấẩẫậđèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵ"
UPPER_CLASS = f"[{_UPPER}]"

# Abbreviations that editors glue to the word before ("Phương HoaTUV"): the
# people detector treats this boundary as a separator; the text stays verbatim.
GLUED_ABBREVIATIONS = ("UVBTV", "UVTV", "UVTW", "TUV", "HUV", "QUV", "PBT", "PCT", "HĐND", "UBND", "UBMTTQ", "MTTQ")
GLUED_ABBREVIATION = re.compile(rf"(?<=[{_LOWER}])(?=(?:{'|'.join(GLUED_ABBREVIATIONS)})(?![{_LOWER}]))")
# A sentence ends at . ! ? or … before a capital (or a quote/bracket and a
# capital), and at "./." which some portals print as the end mark.
# (The lookahead, true wherever either branch can start, rejects every other offset at once.)
_SENTENCE_END = re.compile(
    rf"(?=[\s.])(?:(?<=[.!?…])\s+(?=[\"“(\[]?{UPPER_CLASS}|\d)|(?<=[{_LOWER}\d)\"”])\.(?={UPPER_CLASS}[{_LOWER}]))")
# "TP. Hà Nội", "Q. Cầu Giấy", "Th.S": no sentence ends after these.
_NO_END_BEFORE = re.compile(r"(?:^|\s)(?:tp|q|h|p|x|tt|ths|ts|pgs|gs|bs|ông|bà|st|v\.v)\.$", re.I)
_NO_END_TAIL = 8  # longer than any match of _NO_END_BEFORE (" v.v." and a line end)
_TERMINAL = (".", "!", "?", "…", ":", ";", '"', "”", ")")


@dataclass(frozen=True)
class Sentence:
    text: str
    folded: str
    paragraph: int

    def span(self, start: int, end: int) -> str:
        return self.text[start:end].strip(" ,;:-–")


def aligned_fold(text: str) -> str:
    """``fold(text)`` with every character at the offset of its source character."""
    whole = fold(text)
    if len(whole) == len(text) and _same_layout(whole, text):
        return whole
    out = []
    for token in re.split(r"(\s+)", text):
        if not token:
            continue
        if token.isspace():
            out.append(" " * len(token))
            continue
        folded = fold(token)
        if len(folded) != len(token):
            folded = token.lower() if len(token.lower()) == len(token) else "?" * len(token)
        out.append(folded)
    return "".join(out)


def _same_layout(a: str, b: str) -> bool:
    """True when both have their words at the same offsets (text has single spaces)."""
    return list(map(len, a.split(" "))) == list(map(len, b.split(" ")))


def tidy(text: str) -> str:
    """One clean line: line breaks inside a paragraph are spaces."""
    return clean_line(text.replace("\n", " "))


def _ends_inside_name(paragraph: str, following: str) -> bool:
    """A paragraph cut inside "Đồng chí Nguyễn / Văn A - ..." or after a dash."""
    if paragraph.endswith(("-", "–", ",")):
        return True
    if paragraph.endswith(_TERMINAL) or not following:
        return False
    tail = fold(paragraph).split(" ")[-4:]
    introduced = any(w.rstrip(":") in ("chí", "ông", "bà") for w in tail[:-1])
    if introduced and following[:1].isupper() and bool(re.match(r"^(\w+ ){0,3}\w+\s*[-–,]", following)):
        return True
    return _name_across(paragraph, following)


_CREDIT = re.compile(r"\W*(?:" + "|".join(map(re.escape, CREDIT_PREFIXES)) + r")\s*:")
# What may follow the rest of a name on the next line: a separator, the end, or a word in small letters.
_AFTER_REST = re.compile(r"\s*(?:[-–,.;:(]|$)|\s+[^\W\d_]")


def _name_across(paragraph: str, following: str) -> bool:
    """A name cut by a line break wherever it stands ("các đồng chí: Tạ Minh / Châu – Chủ tịch HĐND
    phường", "Chủ tịch UBND huyện Lăng / Thị Hoa.", "Chủ tịch UBND phường Khúc Thị / Lan Phương cho
    biết"): the capitalised words that end one line and those that open the next are one name by
    its shape, and the words that open the next line are no place and open no sentence."""
    rest: list[str] = []
    for word in following.split(" ")[:3]:
        bare = word.rstrip("-–,.;:(")
        if not bare.isalpha() or not is_capitalised(bare):
            break
        rest.append(bare)
        if bare != word:
            break
    if not rest or fold(rest[0]) in NOT_NAME_STARTS:
        return False
    after = following[len(" ".join(rest)):]
    m = _AFTER_REST.match(after)
    if m is None or (m.group(0)[-1:].isalpha() and not m.group(0)[-1].islower()):
        return False
    # "Đồng chí ...", "Ông ...", "Ban Thường vụ": the next line opens with an introducer or a phrase.
    opening = fold(" ".join(rest + after.split()[:1]))
    if any(opening.startswith(x + " ") or opening == x for x in INTRODUCERS) \
            or any(f"{a} {b}" in NOT_NAME_PHRASES for a, b in zip(opening.split(), opening.split()[1:])):
        return False
    if _CREDIT.match(fold(paragraph)):
        return False  # "Ảnh: Thu Hà": a photographer's line, its name ends there
    before: list[str] = []
    for word in reversed(paragraph.split(" ")[-3:]):
        if not word.isalpha() or not is_capitalised(word):
            break
        before.insert(0, word)
    words = before + rest
    if not before or len(words) > 4 or fold(" ".join(rest)) in known_places():
        return False
    folded = [fold(w) for w in words]
    return has_surname_signal(folded) or looks_like_name(folded)


def joined_paragraphs(paragraphs: tuple[str, ...] | list[str]) -> list[str]:
    """Paragraphs with the ones a line break cut in two put back together."""
    out: list[str] = []
    for raw in paragraphs:
        paragraph = tidy(raw)
        if not paragraph:
            continue
        if out and (_ends_inside_name(out[-1], paragraph) or paragraph[:1].islower()
                    and not out[-1].endswith(_TERMINAL)):
            out[-1] = f"{out[-1]} {paragraph}"
        else:
            out.append(paragraph)
    return out


def split_sentences(paragraph: str) -> list[str]:
    pieces: list[str] = []
    start = 0
    for m in _SENTENCE_END.finditer(paragraph):
        candidate = paragraph[start:m.start() + (1 if m.group(0) == "." else 0)]
        # Only its last few characters can match ("$"): searching from there finds the same.
        if _NO_END_BEFORE.search(candidate, max(0, len(candidate) - _NO_END_TAIL)):
            continue
        pieces.append(candidate)
        start = m.end()
    pieces.append(paragraph[start:])
    return [p.strip() for p in pieces if p.strip()]


def sentences_of(paragraphs: tuple[str, ...] | list[str]) -> list[Sentence]:
    out = []
    for index, paragraph in enumerate(joined_paragraphs(paragraphs)):
        for text in split_sentences(paragraph):
            out.append(Sentence(text=text, folded=aligned_fold(text), paragraph=index))
    return out


def sentence(text: str, paragraph: int = 0) -> Sentence:
    """One piece of text as a Sentence (titles, captions, test input)."""
    text = tidy(text)
    return Sentence(text=text, folded=aligned_fold(text), paragraph=paragraph)
