"""Person names: where a name starts and ends in a piece of text, and its written form."""

from __future__ import annotations

import re
from functools import lru_cache
from dataclasses import dataclass

from monitor.detect.gazetteer import known_places
from monitor.detect.vocabulary import (ETHNIC_NAME_STARTS, INTRODUCERS, MIDDLE_NAMES, NOT_NAME_PHRASES,
                                       NOT_NAME_STARTS, NOT_NAME_WORDS, PLACE_UNITS, RANKS, SURNAMES,
                                       alternation)
from storage.normalize import fold, nfc

# Words recur across an article and a corpus: fold each once.
fold_word = lru_cache(maxsize=1 << 16)(fold)

MIN_WORDS, MAX_WORDS = 2, 5
# A syllable; ethnic-minority names keep their apostrophe ("H'Bli", "K'Nhoan"), also when a space
# follows it ("H' Bình Niê", "Rơ Châm H' Nhung"): then the letter and its apostrophe are one word.
_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*(?:(?<=\b[^\W\d_])['’](?=\s[^\W\d_]))?")
# The syllables of a run that may hold a name, for the readers of places and posts too.
SYLLABLE = _WORD
_APOSTROPHE = re.compile(r"['’]")
# What may stand between and after the words of a name.
_NOT_NAME_CHAR = re.compile(r"[^\w\s'’]")
_INTRODUCER = re.compile(alternation(INTRODUCERS + ("đ/c", "đ/ c", "đc")) + r"\s*:?\s*")
_RANK = re.compile(alternation(RANKS) + r"\.?\s+")
_AFTER_LEVEL = re.compile(alternation(PLACE_UNITS) + r"\s*$")


# "Huyện Đoàn", "Thành Đoàn", "Trung ương Đoàn": the youth union of a level, though "Đoàn" is a
# family name; no name starts at that word ("Bí thư Huyện Đoàn Tạ Thị Duyên" is Tạ Thị Duyên).
_YOUTH_UNION = re.compile(r"(?<!\w)(?:huyện|quận|thành|tỉnh|thị|trung ương)\s+$")


def youth_union_at(folded: str, at: int) -> bool:
    """True when the word at ``at`` is the "Đoàn" of a level's youth union, not a family name."""
    return folded.startswith("đoàn", at) and bool(_YOUTH_UNION.search(folded, max(0, at - 14), at))


@dataclass(frozen=True)
class NameSpan:
    name: str
    start: int
    end: int


def _capital(word: str) -> str:
    return word[:1].upper() + word[1:].lower()


def written_name(words: list[str]) -> str:
    """NFC, each syllable capitalised: "Phạm Huy giáp" -> "Phạm Huy Giáp", "H'HEN" -> "H'Hen"."""
    return nfc(" ".join("'".join(_capital(part) for part in _APOSTROPHE.split(w)) for w in words))


def is_capitalised(word: str) -> bool:
    """"Nguyễn", "Y", "H'Bli": a capital, then small letters (each part after an apostrophe alike)."""
    if "'" in word or "’" in word:
        first, *rest = _APOSTROPHE.split(word)
        return is_capitalised(first) and all(not r or is_capitalised(r) or r.islower() for r in rest)
    # A word of letters is titled exactly when its first letter is a capital and the rest are small.
    return word.istitle() if word.isalpha() else word[:1].isupper() and (len(word) == 1 or word[1:].islower())


def _upper_word(word: str) -> bool:
    """An abbreviation or a shouted word ("MTTQ", "HĐND"), not an initial with its apostrophe ("H'")."""
    letters = _APOSTROPHE.sub("", word) if "'" in word or "’" in word else word
    return len(letters) > 1 and letters.isupper()


def _letters(word: str) -> bool:
    return word.isalpha() or _APOSTROPHE.sub("", word).isalpha()


def has_surname_signal(folded_words: list[str]) -> bool:
    """A known family name leads, or an ethnic-minority name's first word ("Y", "H'...")."""
    first = folded_words[0]
    return first in SURNAMES or first in ETHNIC_NAME_STARTS or bool(re.match(r"^[hk]'", first))


def looks_like_name(folded_words: list[str]) -> bool:
    """A name by its shape alone: three or four syllables with a usual middle name, or a surname signal."""
    if has_surname_signal(folded_words):
        return True
    return 3 <= len(folded_words) <= 4 and any(w in MIDDLE_NAMES for w in folded_words[1:-1])


def _acceptable(words: list[str], introduced: bool) -> bool:
    if not MIN_WORDS <= len(words) <= MAX_WORDS:
        return False
    folded = [fold_word(w) for w in words]
    # A level word is a given name too at a name's end after a middle name ("Bạc Văn Tỉnh", "Lê Văn Đảng").
    given = len(folded) >= 3 and folded[-2] in MIDDLE_NAMES and folded[-1] in _GIVEN_LEVEL_WORDS
    checked = folded[:-1] if given else folded
    if folded[0] in NOT_NAME_STARTS or any(f in NOT_NAME_WORDS for f in checked) or any(
            f"{a} {b}" in NOT_NAME_PHRASES for a, b in zip(folded, folded[1:])):
        return False
    shouting = introduced and all(w.isupper() for w in words)  # "LÊ THANH NAM"
    if not all(_letters(w) for w in words) or (not shouting and any(_upper_word(w) for w in words)):
        return False
    if " ".join(folded) in known_places():
        return False
    if introduced:
        return is_capitalised(words[0]) or all(w.isupper() for w in words)
    return has_surname_signal(folded) and all(is_capitalised(w) for w in words)


_GIVEN_LEVEL_WORDS = frozenset(fold(w) for w in ("tỉnh", "đảng"))


def _words(text: str, offset: int = 0) -> list[tuple[str, int, int]]:
    return [(m.group(0), m.start() + offset, m.end() + offset) for m in _WORD.finditer(text)]


def introduced_name_end(text: str, folded: str) -> int | None:
    """Offset just after the last introducer ("đồng chí", "ông") in text, if any."""
    last = None
    for m in _INTRODUCER.finditer(folded):
        if m.start() == last:
            break  # "đồng chí Ông Thị Diệu Linh": the second "ông" is a family name
        if _inside_run(text, m.start()):
            continue  # "Ông Hồ Sỹ Anh Tuấn": "Anh" is a middle name there, no introducer
        last = m.end()
    return last


def _inside_run(text: str, at: int) -> bool:
    """A capitalised word right after another capitalised word: inside a name, not before one."""
    if not text[at:at + 1].isupper() or at < 2 or text[at - 1] != " ":
        return False
    before = text.rfind(" ", 0, at - 1) + 1
    word = text[before:at - 1]
    return bool(word) and _letters(word) and is_capitalised(word)


def name_at_end(text: str, folded: str) -> NameSpan | None:
    """The name that a segment ends with: "Đến dự có đồng chí Nguyễn Văn A", "Lê Hồng Phú"."""
    after = introduced_name_end(text, folded)
    if after is not None:
        rank = _RANK.match(folded, after)  # "đồng chí Thượng tá Vũ Hồng Kỳ"
        after = rank.end() if rank else after
        tail = text[after:]
        words = [w for w, _, _ in _words(tail)]
        if tail.strip() and not _NOT_NAME_CHAR.search(tail.strip()) and _acceptable(words, True):
            return NameSpan(written_name(words), after + len(tail) - len(tail.lstrip()), len(text))
    # Only the last words can be the name: a long segment is read from its last 120 characters.
    tail_from = text.rfind(" ", 0, len(text) - 120) + 1 if len(text) > 160 else 0
    words = _words(text[tail_from:], tail_from)
    if not words or _NOT_NAME_CHAR.search(text[words[-1][2]:]):
        return None
    whole = [w for w, _, _ in words]
    # A whole list item ("; Phạm Huy giáp - ...") may carry a slip of case, on its last word only:
    # "Trình bày báo cáo, Phó Chủ tịch ..." opens a sentence, it names no one.
    if not tail_from and len(whole) <= MAX_WORDS and not _NOT_NAME_CHAR.search(text.strip()) and (
            _acceptable(whole, False) or fold_word(whole[0]) in SURNAMES and _acceptable(whole, True)
            and all(is_capitalised(w) for w in whole[:-1])):
        return NameSpan(written_name(whole), words[0][1], len(text))
    run: list[tuple[str, int, int]] = []
    for w in reversed(words):
        if not is_capitalised(w[0]) or len(run) == MAX_WORDS:
            break
        run.insert(0, w)
    # The run may carry a capitalised word before the name ("Tại Nguyễn ..."):
    # drop words from its front until a family name leads it. A whole run
    # that is shaped like a name is one, whatever its surname ("Ngọ Văn Khải").
    run = _without_place(text, folded, run)
    whole_run = [w for w, _, _ in run]
    if MIN_WORDS <= len(run) and _acceptable(whole_run, True) and looks_like_name([fold_word(w) for w in whole_run]):
        return NameSpan(written_name(whole_run), run[0][1], len(text))
    while len(run) >= MIN_WORDS:
        if youth_union_at(folded, run[0][1]):
            run.pop(0)
            continue
        names = [w for w, _, _ in run]
        # Led by a family name, or shaped like a name once the words before it are dropped: "Theo Chẩu
        # Văn Lìn, Chủ tịch ..." is "Chẩu Văn Lìn", not "Văn Lìn" (whose "Văn" is also a family name).
        if _acceptable(names, False) or len(names) >= 3 and _acceptable(names, True) \
                and looks_like_name([fold_word(w) for w in names]):
            return NameSpan(written_name(names), run[0][1], len(text))
        run.pop(0)
    return None


def _without_place(text: str, folded: str, run: list[tuple[str, int, int]]) -> list[tuple[str, int, int]]:
    """A run without the known place it starts with: after a level word ("Thành ủy Hà Nội", "huyện Đông
    Anh Nguyễn Văn A"), or anywhere when a name is left ("Giám đốc Sở Xây dựng Hà Nội Khúc Văn Tâm")."""
    if not run:
        return run
    after_level = bool(_AFTER_LEVEL.search(folded[:run[0][1]]))
    # (with no level word, a one-word place is also a family name: "Phùng Văn Cường" is one name)
    for cut in range(len(run) - (0 if after_level else 2), 0 if after_level else 1, -1):
        if fold(text[run[0][1]:run[cut - 1][2]]) in known_places():
            rest = [fold_word(w) for w, _, _ in run[cut:]]
            if after_level or has_surname_signal(rest) or looks_like_name(rest):
                return run[cut:]
    return run


def name_at_start(text: str, folded: str, introduced: bool = False, titled: bool = False) -> NameSpan | None:
    """The name that text starts with (after an optional introducer).

    ``titled``: a post comes just before, so a run shaped like a name is one
    whatever its surname ("Chủ tịch HĐND huyện Ngọ Văn Khải").
    """
    m = _INTRODUCER.match(folded)
    if m and introduced and text[:1].isupper():
        m = None  # "bà Ông Thị Thu Hiền": a capitalised "Ông" after an introducer is a family name
    offset = 0
    if m:
        offset, introduced = m.end(), True
    rank = _RANK.match(folded, offset) if introduced else None
    offset = rank.end() if rank else offset
    run: list[tuple[str, int, int]] = []
    # Words are read lazily: the run stops after a few, the sentence may go on for long.
    for word in _WORD.finditer(text, offset):
        w = (word.group(0), word.start(), word.end())
        gap = text[run[-1][2]:w[1]] if run else text[offset:w[1]]
        if gap.strip() or len(run) == MAX_WORDS:
            break
        # A slip of case ("Phạm Huy giáp-") only on the last word before a separator.
        slip = introduced and run and w[0].islower() and len(run) < 4 and re.match(
            r"\s*(?:[-–,;:(]|$)", text[w[2]:])
        if not (is_capitalised(w[0]) or (introduced and w[0].isupper()) or slip):
            break
        run.append(w)
    while len(run) >= MIN_WORDS:
        names = [w for w, _, _ in run]
        if _acceptable(names, introduced) or (
                titled and _acceptable(names, True) and looks_like_name([fold_word(w) for w in names])):
            return NameSpan(written_name(names), run[0][1], run[-1][2])
        run.pop()
    return None


_AFTER_UNIT = re.compile(r"(?<!\w)(?:xã|phường|thị trấn|huyện|quận|thị xã|thôn) $")


def names_a_place(folded: str, start: int, name: str) -> bool:
    """"Hội Phụ nữ xã Kim Quan", "Hiệp hội Làng nghề xã La Phù": two syllables right after a unit word name a
    place (a person named after a post has three or more: "Chủ tịch UBND huyện Nguyễn Xuân Thanh")."""
    return len(name.split()) == 2 and bool(_AFTER_UNIT.search(folded, max(0, start - 12), start))


def names_in(text: str, folded: str, places: frozenset[str] = frozenset()) -> list[NameSpan]:
    """Every name in a sentence: after an introducer, or a capitalised run led by a family name.

    ``places`` (folded) are place names that may lead a run ("quận Hoàng Mai
    Nguyễn Văn A") and are skipped.
    """
    return list(_names_in(text, folded, places))


@lru_cache(maxsize=128)
def _names_in(text: str, folded: str, places: frozenset[str]) -> tuple[NameSpan, ...]:
    # Kept for a few sentences: the changes, the successions and the results tables of one
    # article each read the same sentence's names.
    found: list[NameSpan] = []
    previous_end = -1
    for m in _INTRODUCER.finditer(folded):
        if m.start() == previous_end or _inside_run(text, m.start()):
            continue  # "bà Ông Thị Thu Hiền", "Hồ Sỹ Anh Tuấn": a family or middle name, no introducer
        previous_end = m.end()
        span = name_at_start(text[m.end():], folded[m.end():], introduced=True)
        if span:
            found.append(NameSpan(span.name, span.start + m.end(), span.end + m.end()))
    busy_until = -1
    taken = [(s.start, s.end) for s in found]
    for m in _WORD.finditer(text):
        word = m.group(0)
        if not word[:1].isupper():  # most words: no name starts here
            continue
        start = m.start()
        if start < busy_until or any(a <= start < b for a, b in taken):
            continue
        if not is_capitalised(word) or fold_word(word) not in SURNAMES or youth_union_at(folded, start):
            continue
        place = _place_at(folded, start, places)
        if place:
            busy_until = place
            continue
        span = name_at_start(text[start:], folded[start:])
        if span and names_a_place(folded, start, span.name):
            busy_until = span.end + start
            continue
        if span:
            found.append(NameSpan(span.name, span.start + start, span.end + start))
            busy_until = span.end + start
    return tuple(sorted(found, key=lambda s: s.start))


def _place_at(folded: str, start: int, places: frozenset[str]) -> int | None:
    """The end of the longest of ``places`` written whole at ``start``, or None: looked up by the
    word ends after it, not by scanning the gazetteer."""
    longest = _longest(places)
    found = None
    for end in range(start + 1, min(len(folded), start + longest) + 1):
        if not folded[end:end + 1].isalnum() and folded[start:end] in places:
            found = end
    return found


@lru_cache(maxsize=16)
def _longest(places: frozenset[str]) -> int:
    return max(map(len, places), default=0)
