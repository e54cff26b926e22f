"""Where an article is from: its district, the places it names, and whether a province writes it."""

from __future__ import annotations

import re
from collections import Counter

from monitor.detect import vocabulary as v
from monitor.detect.gazetteer import known_places, provinces
from monitor.detect.names import is_capitalised
from monitor.detect.posts import find_heads, split_place
from monitor.detect.sentences import Sentence
from storage.normalize import fold

_UNIT = re.compile(v.alternation(v.PLACE_UNITS) + r" (?=\w)")
_DISTRICT_UNIT = re.compile(v.alternation(v.DISTRICT_UNITS) + r" (?=\w)")
# "Bí thư Huyện ủy Gia Lâm": a district named by its Party committee.
_DISTRICT_COMMITTEE = re.compile(v.alternation(("huyện ủy", "quận ủy", "thị ủy")) + r" (?=\w)")
_WARD_UNIT = re.compile(r"(?<!thị )" + v.alternation(v.WARD_UNITS) + r" (?=\w)")  # not "thị xã"
_PROVINCE_CUES = re.compile(v.alternation(("tỉnh ủy", "ubnd tỉnh", "hđnd tỉnh", "ủy ban nhân dân tỉnh",
                                           "tỉnh ủy viên", "hội đồng nhân dân tỉnh")))
_CITY_CUES = re.compile(v.alternation(("thành ủy", "ubnd thành phố", "hđnd thành phố", "hà nội",
                                       "thành ủy viên", "ubnd tp", "hđnd tp")))
GAZETTEER = known_places()


_RUN_WORD = re.compile(r"[^\W\d_]+|\S")


def _capitalised_run(text: str, pos: int) -> tuple[int, int] | None:
    """The capitalised words at pos (at most seven); scans only as far as the run goes."""
    words: list[re.Match[str]] = []
    at = pos
    while len(words) < 7:
        m = _RUN_WORD.match(text, at)
        if m is None or not is_capitalised(m.group(0)):
            break
        words.append(m)
        if text[m.end():m.end() + 1] != " ":
            break
        at = m.end() + 1
    return (words[0].start(), words[-1].end()) if words else None


def _places_after(pattern: re.Pattern[str], sentences: list[Sentence], known: frozenset[str],
                  read: dict[tuple[int, int, int], str | None]) -> Counter[str]:
    """Places written after a level word, in their written form, counted. ``read`` keeps the place
    after each level word found (by sentence and span) for the next pattern over the same sentences."""
    found: Counter[str] = Counter()
    for i, s in enumerate(sentences):
        for m in pattern.finditer(s.folded):
            key = (i, m.start(), m.end())
            if key not in read:
                read[key] = _place_after(s, m.start(), m.end(), known)
            if read[key]:
                found[read[key]] += 1
    return found


def _place_after(s: Sentence, start: int, end: int, known: frozenset[str]) -> str | None:
    """The place written after the level word at s.folded[start:end], or None."""
    run = _capitalised_run(s.text, end)
    if not run:
        return None
    # "Chủ tịch UBND huyện Nguyễn Xuân Thanh" names a person, not a place.
    titled = any(start - 60 <= h < start for h in find_heads(s.folded))
    place = split_place(s.text, s.folded, run, known, name_may_lead=titled)
    return s.text[place[0]:place[1]] if place else None


def article_places(sentences: list[Sentence], hint: str | None) -> tuple[str | None, frozenset[str]]:
    """The article's district (the hint, else the one it names most often after
    "huyện/quận/thị xã") and the folded names of all places it mentions, with
    Hà Nội's districts."""
    read: dict[tuple[int, int, int], str | None] = {}
    places = _places_after(_UNIT, sentences, GAZETTEER, read)
    district = hint.strip() if hint and hint.strip() else None
    # A city-level site (the Front's city site, the city portal) reports on every district:
    # the text says which one; the site's city is the place only when the text names none.
    if district is None or fold(district) in provinces():
        districts = _places_after(_DISTRICT_UNIT, sentences, GAZETTEER, read) \
            or _places_after(_DISTRICT_COMMITTEE, sentences, GAZETTEER, read)
        district = districts.most_common(1)[0][0] if districts else district
    known = {fold(p) for p in places} | ({fold(district)} if district else set())
    return district, frozenset(known | GAZETTEER)


def is_province_article(sentences: list[Sentence]) -> bool:
    """True when the article speaks of a province (Tỉnh ủy) more than of the city, or of a city that
    is a province's (its "Thành ủy" is then district-level)."""
    province = sum(len(_PROVINCE_CUES.findall(s.folded)) for s in sentences)
    if not province:
        return _provincial_city(sentences)
    city = sum(len(_CITY_CUES.findall(s.folded)) for s in sentences)
    # A province's article about one of its cities says "Thành ủy", "UBND thành phố" more than "Tỉnh
    # ủy"; one that never names Hà Nội is still the province's.
    return province > city or (province > 0 and not any("hà nội" in s.folded for s in sentences))


def wards_named(s: Sentence, known: frozenset[str]) -> list[str]:
    """The wards and communes a sentence names ("HĐND phường Yên Hòa", "xã Phù Đổng"), once each."""
    out: list[str] = []
    for m in _WARD_UNIT.finditer(s.folded):
        place = _place_after(s, m.start(), m.end(), known)
        if place and fold(place) not in {fold(p) for p in out}:
            out.append(place)
    return out


# "thành phố Buôn Ma Thuột", "Thành ủy Chí Linh": a city named after its level word.
_CITY_NAMED = re.compile(r"(?<!\w)(?:thành phố|thành ủy|thành uỷ)\s+(?=\w)")


def _provincial_city(sentences: list[Sentence]) -> bool:
    """True when an article that never names Hà Nội names a city that is not a province: a province's
    city ("thành phố Buôn Ma Thuột"), whose Thành ủy, HĐND and UBND are of a district's level."""
    if any("hà nội" in s.folded for s in sentences):
        return False
    for s in sentences:
        for m in _CITY_NAMED.finditer(s.folded):
            run = _capitalised_run(s.text, m.end())
            # (a run that is a name is no place: "Chủ tịch UBND thành phố Trần Văn A")
            place = split_place(s.text, s.folded, run, GAZETTEER, name_may_lead=False) if run else None
            if place and fold(s.text[place[0]:place[1]]) not in provinces():
                return True
    return False
