"""One post phrase ("Phó chủ tịch phụ trách điều hành UBND huyện") read into post, scope and qualifier."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from monitor.detect import vocabulary as v
from monitor.detect.gazetteer import provinces
from monitor.detect.names import SYLLABLE, has_surname_signal, is_capitalised, looks_like_name
from storage.normalize import fold

_SPACE = re.compile(r"[\s,.:]*")


def _at(table: tuple[tuple[str, tuple[str, ...]], ...]) -> list[tuple[str, re.Pattern[str]]]:
    return [(key, v.compile_phrases(phrases)) for key, phrases in table]


_PARTY_HEADS = _at(v.PARTY_POST_HEADS)
_COMMITTEE_MEMBER = [("committee_member", level, pattern) for level, pattern in _at(v.COMMITTEE_MEMBER_FORMS)] \
    + [("standing_committee_member", level, pattern) for level, pattern in _at(v.STANDING_MEMBER_FORMS)]
_ORGANS = _at(v.ORGANS)
_SCOPES = _at(v.SCOPE_WORDS)
_QUALIFIERS = _at(v.QUALIFIERS)
# One search tells whether any non-prefix qualifier is written at all (most phrases have none).
_ANY_QUALIFIER = v.compile_phrases(
    [p for q, phrases in v.QUALIFIERS if q not in v.PREFIX_QUALIFIERS for p in phrases])
_VICE = v.compile_phrases(v.CHAIR_HEADS["vice"])
_CHAIR = v.compile_phrases(v.CHAIR_HEADS["chair"])
_FILLER = re.compile(r"(?:" + v.alternation(v.CHAIR_FILLERS) + r"[\s,]*)*")
_OTHER_HEAD = v.compile_phrases(v.OTHER_POST_HEADS)
_NOT_SECRETARY = v.compile_phrases(v.NOT_PARTY_SECRETARY_AFTER)
_NOT_CHAIR = v.compile_phrases(v.NOT_CHAIR_ORGANS)
_STOP = v.compile_phrases(v.POST_STOP_WORDS)
_NATIONAL_HEAD = v.compile_phrases(v.NATIONAL_HEADS)
_NUMBERED = re.compile(r"\s*(?:(?P<unit>quận|phường)\s+)?(?P<number>\d{1,2})(?![\w/.,:-])")
_AGENCY_COMMITTEE = v.compile_phrases(v.AGENCY_COMMITTEES)
_DEPARTMENT = v.compile_phrases(v.DEPARTMENT_WORDS)
_SECRETARIAT = v.compile_phrases(("ban bí thư",))
# "thôn Yên Cư", "tổ dân phố số 7", "Trưởng thôn" at the end; not "nông thôn", "văn bản", "cơ bản".
_VILLAGE = re.compile(r"(?<!nông )(?<!văn )(?<!cơ )(?<!\w)" + v.alternation(v.VILLAGE_UNITS)
                      + r"(?=\s+(?:số\s*)?\d|\s+[^\W\d_]|\s*[.,;]?\s*$)")
# "Ban Tuyên giáo và Dân vận Thành ủy": "và" between two capitalised parts of one organ's name.
_ORGAN_AND = re.compile(r"và\s+(?P<word>[^\W\d_]+)")
_COUNCILS = ("hđnd", "ubnd")
_PREFIX_QUALIFIER = re.compile(r"(nguyên|quyền|tân|q\.)\s+")
_ANY_HEAD = v.compile_phrases(
    [p for _, phrases in v.PARTY_POST_HEADS + v.COMMITTEE_MEMBER_FORMS + v.STANDING_MEMBER_FORMS for p in phrases]
    + list(v.CHAIR_HEADS["vice"] + v.CHAIR_HEADS["chair"] + v.OTHER_POST_HEADS))


@dataclass(frozen=True)
class PostPhrase:
    """A post as written; ``scope`` is None when the phrase names no level."""

    post: str
    scope: str | None
    place: str | None
    qualifier: str | None
    raw: str
    end: int
    place_start: int | None = None


def starts_with_post(folded: str) -> bool:
    """True when a segment opens with a post title (after nguyên/quyền/tân)."""
    folded = folded.lstrip(" ,;:-–")
    m = _PREFIX_QUALIFIER.match(folded)
    return bool(_ANY_HEAD.match(folded, m.end() if m else 0))


@lru_cache(maxsize=256)
def find_heads(folded: str) -> tuple[int, ...]:
    """Offsets where a post title starts in a sentence (asked of each sentence several times
    while one article is read: the places, the people, the changes)."""
    return tuple(m.start() for m in _ANY_HEAD.finditer(folded))


def _skip(folded: str, pos: int) -> int:
    return _SPACE.match(folded, pos).end()


def scope_at(folded: str, pos: int, province: bool) -> tuple[str | None, int]:
    """The level named at pos ("Huyện ủy", "quận", "tỉnh") and where it ends."""
    pos = _skip(folded, pos)
    for scope, pattern in _SCOPES:
        m = pattern.match(folded, pos)
        if m:
            end = m.end()
            if scope == "city":
                # "Thành ủy TP Hà Nội", "Thành ủy TP.HCM": the city's own word after its organ's
                # names the same level; it is not the first word of a place ("TP Hà Nội" is no town).
                again = pattern.match(folded, _skip(folded, end))
                end = again.end() if again else end
                end += folded.startswith(".", end)  # "TP.HCM": the abbreviation's dot, then the name
                if province:
                    scope = "district"
            return scope, end
    return None, pos


# Syllables as names have them ("H'Yâo", "H' Lim"): a place run must not stop inside a name.
_LETTERS = SYLLABLE


def _place_run(text: str, pos: int, limit: int) -> tuple[int, int] | None:
    """The capitalised words at pos ("Thanh Trì", "Hoàn Kiếm"; a name may follow)."""
    run: list[re.Match[str]] = []
    for w in _LETTERS.finditer(text[pos:limit]):  # lazily: the run stops after a few words
        gap = text[pos + (run[-1].end() if run else 0):pos + w.start()]
        if (gap.strip() and run) or (not run and gap.strip(" ")) or len(run) == 8:
            break
        if not is_capitalised(w.group(0)) and not (w.group(0).isupper() and len(w.group(0)) > 1 and not run):
            break
        run.append(w)
    if not run:
        return None
    return pos + run[0].start(), pos + run[-1].end()


def _qualifier(folded: str, prefix: str | None) -> str | None:
    if not _ANY_QUALIFIER.search(folded):
        return prefix
    for qualifier, pattern in _QUALIFIERS:
        if qualifier in v.PREFIX_QUALIFIERS:
            continue
        if pattern.search(folded):
            return qualifier
    return prefix


def _prefix_qualifier(word: str) -> str | None:
    return {"nguyên": "former", "quyền": "acting", "q.": "acting", "tân": "elected"}.get(word)


_PREFIX_BEFORE = re.compile(r"(?<!\w)(nguyên|quyền|q\.|tân)\s+$")


def qualifier_before(folded: str, at: int) -> str | None:
    """The qualifier a word just before a post title gives it ("các đồng chí nguyên Bí thư ...": former)."""
    m = _PREFIX_BEFORE.search(folded, max(0, at - 10), at)
    return _prefix_qualifier(m.group(1)) if m else None


def _chair_post(folded: str, pos: int) -> tuple[str, int] | None:
    """("vice"|"chair", end of title) when a chair title starts at pos."""
    for rank, pattern in (("vice", _VICE), ("chair", _CHAIR)):
        m = pattern.match(folded, pos)
        if m:
            return rank, m.end()
    return None


def split_place(text: str, folded: str, span: tuple[int, int], places: frozenset[str],
                name_may_lead: bool = True) -> tuple[int, int] | None:
    """The part of a capitalised run after a level word that is a place, not a name.

    "Thanh Trì" -> all of it; "Nguyễn Xuân Thanh" -> none (a title before a
    name); "Thanh Trì Nguyễn Văn A" -> "Thanh Trì" (a known place, or the words
    before a family name).
    """
    start, end = span
    words = list(SYLLABLE.finditer(text[start:end]))
    folded_run = folded[start:end]
    # The longest known place the run starts with, found by its words (the gazetteer is long);
    # a one-word place ("Phùng", "Láng") is also a family name or a given name, so not alone.
    keys = [folded_run[w.start():w.end()] for w in words]
    for n in range(len(words), 1, -1):
        if folded_run[:words[n - 1].end()] in places:
            # A longer place may begin with a known one ("Điện Biên Phủ Trần Quốc Cường"): its last
            # words run up to where a name starts.
            more = next((i for i in range(n + 1, len(keys) - 1) if not has_surname_signal(keys[n:])
                         and has_surname_signal(keys[i:])), None)
            return start, start + words[(more or n) - 1].end()
    # A one-word place ("phường Láng Đỗ Văn Dũng") before a name, unless the whole run is itself a
    # name led by a family name ("xã Phùng Văn Cường": Phùng is a town and a family name).
    if len(keys) >= 3 and keys[0] in places and has_surname_signal(keys[1:]) \
            and not (has_surname_signal(keys) and _name_from(keys[:4])):
        return start, start + words[0].end()
    # A known place written in capitals ("TP.HCM Tào Hữu Nghĩa") is an abbreviation, never a name's syllable.
    if len(keys) >= 3 and keys[0] in places and len(keys[0]) > 1 and words[0].group(0).isupper():
        return start, start + words[0].end()
    # Two syllables after a level word are a place, whatever they start with ("huyện Lục Yên", "Huyện
    # ủy Văn Chấn"): a person named after a post has three or more, or an ethnic name's first word.
    if len(keys) == 2 and keys[0] not in v.ETHNIC_NAME_STARTS and "'" not in keys[0]:
        return start, start + words[-1].end()
    # A place, then a name of three or four syllables led by a family name ("huyện Lục Yên Lê Văn Tám"),
    # rather than one name of five or six.
    later = next((i for i in range(2, len(keys) - 2) if 3 <= len(keys) - i <= 4 and has_surname_signal(keys[i:])
                  and all(is_capitalised(w.group(0)) for w in words[i:])), None)
    if later and len(keys) >= 5:
        return start, start + words[later - 1].end()
    for i, key in enumerate(keys):
        # A one-syllable place before a name is rare; "Ngọ Văn Khải" is one name, not "Ngọ" + "Văn Khải".
        if (i >= 2 or (i == 0 and name_may_lead)) and _name_from(keys[i:]) \
                and 2 <= len(keys) - i <= 5 and all(is_capitalised(w.group(0)) for w in words[i:]):
            return (start, start + words[i - 1].end()) if i else None
    # The level word's place is left out: "Chủ tịch UBND phường Tào Văn Nhật"; three or four
    # syllables led by a family name with a middle name are a person even with no title in sight.
    if (name_may_lead or (len(keys) >= 3 and has_surname_signal(keys))) and looks_like_name(keys):
        return None
    return (start, start + words[min(len(words), 4) - 1].end()) if words else None


def _name_from(keys: list[str]) -> bool:
    """Can a name start here: a family name (or an ethnic name's first word) leads, or a middle name
    stands second in three or four syllables ("Mù Cang Chải Mùa A Sử": "Mùa A Sử", not "Chải Mùa A Sử")."""
    return has_surname_signal(keys) or 3 <= len(keys) <= 4 and keys[1] in v.MIDDLE_NAMES


_BARE_COMMITTEE = fold("ủy ban")
_PHRASE_END = re.compile(r"\s*(?:$|[,;.()\-–—:])")


def _bare_committee_is_ubnd(folded: str, end: int, province: bool) -> bool:
    """A bare "Ủy ban" is the People's Committee when a level or nothing follows it ("Chủ tịch Ủy ban
    xã", "Phó Chủ tịch Ủy ban, ..."), not when it has a name of its own ("Ủy ban bầu cử", "Ủy ban
    Kiểm tra", "Ủy ban Trung ương MTTQ")."""
    return scope_at(folded, end, province)[0] in ("district", "ward", "province", "city") \
        or bool(_PHRASE_END.match(folded, end))


def parse_post(text: str, folded: str, start: int = 0, end: int | None = None,
               province: bool = False, places: frozenset[str] = frozenset()) -> PostPhrase | None:
    """The post phrase that starts at ``start`` (leading spaces allowed), or None.

    ``province`` reads "Thành ủy"/"thành phố" as a district-level town and
    "TUV" as Tỉnh ủy viên, as a province's portal means them. ``places``
    (folded) are known place names, to tell "huyện Thanh Trì" from a name.
    """
    end = len(text) if end is None else end
    begin = _skip(folded, start)
    pos = begin
    prefix = None
    m = _PREFIX_QUALIFIER.match(folded, pos)
    if m:
        prefix, pos = _prefix_qualifier(m.group(1)), m.end()

    post, scope, after = None, None, pos
    for member, level, pattern in _COMMITTEE_MEMBER:
        m = pattern.match(folded, pos)
        if m:
            post, after = member, m.end()
            scope = "province" if (level == "city" and province) else level
            break
    if post is None:
        for name, pattern in _PARTY_HEADS:
            m = pattern.match(folded, pos)
            if m:
                if name == "party_secretary" and folded.endswith("ban ", 0, pos):
                    return None  # "Ban Bí thư": the Secretariat, a body, not anybody's post
                post, after = name, m.end()
                # "(Phó) Bí thư Quận Đoàn / Chi bộ / Đảng đoàn": the youth union, a cell or a party
                # group, not a party committee; a deputy's post of these is no deputy secretary's.
                if name != "standing_committee_member" and _NOT_SECRETARY.match(folded, _skip(folded, after)):
                    post = "other"
                break
    if post is None:
        chair = _chair_post(folded, pos)
        if chair:
            rank, after = chair
            filled = _FILLER.match(folded, _skip(folded, after)).end()
            organ = next(((o, m) for o, p in _ORGANS if (m := p.match(folded, filled))), None)
            if organ and organ[1].group(0) == _BARE_COMMITTEE and not _bare_committee_is_ubnd(folded, organ[1].end(), province):
                post = "other"  # "Chủ tịch Ủy ban bầu cử quận", "Phó Chủ tịch Ủy ban Trung ương MTTQ"
            elif organ:
                post, after = f"{organ[0]}_{'vice_chair' if rank == 'vice' else 'chair'}", organ[1].end()
            elif scope_at(folded, filled, province)[0] in ("district", "ward", "province", "city") \
                    and not _NOT_CHAIR.match(folded, filled):
                post = f"ubnd_{'vice_chair' if rank == 'vice' else 'chair'}"
            elif named := _province_named_at(folded, filled):
                # "Thiếu tướng A được bầu làm Chủ tịch Hà Nội": a chair of a city or province named alone is
                # its people's committee's, as the press shortens it.
                post = f"ubnd_{'vice_chair' if rank == 'vice' else 'chair'}"
                scope = "city" if named == _CITY and not province else "province"
                after = filled
            else:
                post = "other"
    if post is None:
        m = _OTHER_HEAD.match(folded, pos)
        if not m:
            return None
        post, after = "other", m.end()

    if post == "other":
        return _other_post(text, folded, begin, after, end, prefix, province)
    if scope is None:
        scope, after = scope_at(folded, after, province)
    place_span = _place_run(text, after, end) if scope else None
    if place_span:
        place_span = split_place(text, folded, place_span, places)
    numbered = _NUMBERED.match(folded, after, end) if scope in ("district", "ward") and not place_span else None
    if numbered and (numbered.group("unit") or folded[:after].rstrip().endswith(("quận", "phường"))):
        # "Bí thư Quận ủy quận 4 A", "Chủ tịch UBND Quận 3 B": a numbered district or ward (TP.HCM) is the
        # place, and the name comes after it.
        unit = numbered.group("unit") or folded[:after].rstrip().rsplit(" ", 1)[-1]
        place_span = (numbered.start("number"), numbered.end("number"))
        stop = numbered.end()
        return PostPhrase(post=post, scope=scope, qualifier=_qualifier(folded[begin:stop], prefix),
                          place=f"{unit.capitalize()} {numbered.group('number')}", raw=text[begin:stop].strip(" ,;"),
                          end=stop, place_start=numbered.start())
    stop = place_span[1] if place_span else after
    raw = text[begin:stop].strip(" ,;")
    if scope == "city" and place_span and fold(text[place_span[0]:place_span[1]]) not in provinces():
        scope = "district"  # "Bí thư Thành ủy Chí Linh": a province's city is district-level
    return PostPhrase(post=post, scope=scope, qualifier=_qualifier(folded[begin:stop], prefix),
                      place=text[place_span[0]:place_span[1]] if place_span else None,
                      raw=raw, end=stop, place_start=place_span[0] if place_span else None)


def _named_province(folded: str, start: int, stop: int, province: bool) -> str | None:
    """"Phó Chủ tịch Hội Sử học Hà Nội", "Giám đốc Công an tỉnh Lào Cai": a post of a body named after
    the city (or a province) is of that level."""
    words = re.findall(r"\w+", folded[start:stop])  # "... Việt Nam." at the end of a sentence
    for n in (3, 2):
        for i in range(len(words) - n + 1):
            name = " ".join(words[i:i + n])
            if name == _COUNTRY:
                return "national"  # "Bí thư Đảng đoàn MTTQ Việt Nam", "Chủ tịch Hội Nông dân Việt Nam"
            if name in provinces():
                return "city" if name == _CITY and not province else "province"
    return None


_CITY = fold("Hà Nội")
_WORDS_AT = re.compile(r"(\w+)(?: (\w+))?(?: (\w+))?")


def _province_named_at(folded: str, pos: int) -> str | None:
    """The province (or centrally-run city) whose whole name starts at pos, if any."""
    m = _WORDS_AT.match(folded, pos)
    words = [w for w in m.groups() if w] if m else []
    return next((name for n in (3, 2) if len(words) >= n and (name := " ".join(words[:n])) in provinces()), None)
_COUNTRY = fold("Việt Nam")


def _joins_organ_name(text: str, folded: str, at: int) -> bool:
    """"và" followed by a capitalised word that leads no name: one organ ("Ban Tuyên giáo và Dân vận")."""
    m = _ORGAN_AND.match(folded, at)
    if not m:
        return False
    if m.group("word") in _COUNCILS and folded[max(0, at - 6):at].strip() in _COUNCILS:
        return True  # "Chánh Văn phòng HĐND và UBND xã": one office serves both
    word = text[m.start("word"):m.end("word")]
    # (not "... Hà Nội Trịnh Khánh Vân và Phó Chủ tịch ...": a title after "và" is the next person's)
    return is_capitalised(word) and not has_surname_signal([m.group("word")]) \
        and not starts_with_post(folded[m.start("word"):m.start("word") + 40])


def _other_post(text: str, folded: str, begin: int, after: int, end: int, prefix: str | None,
                province: bool) -> PostPhrase:
    """A post outside the vocabulary: its words up to the predicate, its level if named."""
    stop_match = _STOP.search(folded, after, end)
    while stop_match and (folded.startswith("dự khuyết", stop_match.start())  # an alternate member
                          or _joins_organ_name(text, folded, stop_match.start())):
        stop_match = _STOP.search(folded, stop_match.end(), end)
    stop = stop_match.start() if stop_match else end
    stop = len(text[:stop].rstrip(" ,;"))
    # A head that names its level itself ("Thường trực Ban Bí thư": the Secretariat's) keeps it.
    scope, pos = ("national" if _SECRETARIAT.search(folded, begin, after)
                  or _NATIONAL_HEAD.match(folded, _skip(folded, begin)) else None), after
    for m in re.finditer(r"\S+", folded[after:stop]):
        if after + m.start() < pos:
            continue  # inside the level word just read: "xã" of "thị xã"
        if folded.startswith(("xã hội", "xã viên"), after + m.start()):
            continue  # "Lao động - Thương binh và Xã hội": a word, not a commune
        if agency := _AGENCY_COMMITTEE.match(folded, after + m.start()):
            pos = agency.end()  # "Đảng ủy MTTQ": an agency's committee, no ward
            continue
        found, found_end = scope_at(folded, after + m.start(), province)
        scope, pos = (found, found_end) if found else (scope, pos)
    if scope is None and _DEPARTMENT.search(folded, after, stop):
        scope = "province" if province else "city"  # a Sở is the city's (or the province's)
    if scope is None and _VILLAGE.search(folded[begin:stop]):
        scope = "ward"
    if scope is None:
        scope = _named_province(folded, after, stop, province)
    return PostPhrase(post="other", scope=scope, place=None, qualifier=_qualifier(folded[begin:stop], prefix),
                      raw=text[begin:stop].strip(" ,;").rstrip("."), end=stop)


def organ_at(folded: str, pos: int, skip: tuple[str, ...] = ()) -> tuple[str, int] | None:
    """(hdnd|ubnd|mttq, end) when an organ is named at pos, after any of ``skip``."""
    pos = _skip(folded, pos)
    if skip:
        m = v.compile_phrases(skip).match(folded, pos)
        pos = _skip(folded, m.end()) if m else pos
    for organ, pattern in _ORGANS:
        m = pattern.match(folded, pos)
        if m:
            return organ, m.end()
    return None
