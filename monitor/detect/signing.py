"""Does the article report the signing of a coordination programme? Who signed, for when."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from monitor.detect import vocabulary as v
from monitor.detect.dates import dates_in
from monitor.detect.facts import Signing
from monitor.detect.gazetteer import known_places, provinces
from monitor.detect.posts import split_place
from monitor.detect.sentences import UPPER_CLASS, Sentence
from monitor.detect.tense import dated_earlier_this_year, masked_lookalikes, set_for_another_month
from storage.normalize import fold

_VERB = v.alternation(v.SIGN_VERBS)
_OBJECT = v.alternation(v.SIGNED_OBJECTS)
# "ký kết [nội dung] chương trình phối hợp", "ký vào kết chương trình phối hợp".
_VERB_THEN_OBJECT = re.compile(rf"{_VERB}\s+(?:[^\s.;]+\s+){{0,5}}?(?P<object>{_OBJECT})")
_SIGN_ALONE = re.compile(v.alternation(v.SIGN_ALONE))
# "Chương trình phối hợp năm 2021 đã được ba bên ký kết".
_OBJECT_THEN_VERB = re.compile(
    rf"(?P<object>{_OBJECT})(?P<between>(?:\s+[^\s.;]+){{0,25}}?)\s+(?:được\s+)?(?:\S+\s+){{0,2}}?"
    rf"(?:ký kết|kí kết|ký)(?!\w)")
# Every signing pattern holds one of these words (a verb's or a phrase's first, or the "ký" that
# _OBJECT_THEN_VERB ends with): most sentences hold none and are skipped unread.
_SIGN_CUES = tuple(sorted({fold(p).split()[0] for p in v.SIGN_VERBS + v.SIGN_ALONE} | {"ký", "kí"}))
_NOT_YET = re.compile(v.alternation(v.NOT_YET))
_PLAN_BEFORE = re.compile(v.alternation(v.PLAN_BEFORE))
_YEAR_AFTER_VERB = re.compile(r"[^.;]{0,40}?(?<!\d)((?:19|20)\d\d)(?:\s*-\s*((?:19|20)\d\d))?(?!\d)")
_PAST_CONTEXT = re.compile(v.alternation(v.PAST_CONTEXT))
_PAST_AFTER_OBJECT = re.compile(r"\s*(?:" + v.alternation(v.PAST_AFTER_OBJECT) + r")")
_PERIOD = re.compile(r"(?<!\d)(?P<a>(?:19|20)\d\d)(?:\s*-\s*(?P<b>(?:19|20)\d\d))?(?!\d)")
_PARTY = [(code, v.compile_phrases(phrases)) for code, phrases in v.PARTY_ORGANS]
_OTHER_ORG = v.compile_phrases(v.OTHER_ORGANISATIONS)
_ORG_END = v.compile_phrases(v.ORGANISATION_END)
_VENUE = re.compile(v.alternation(v.VENUE_WORDS) + r"[^,;]*")
_VENUE_WORD = re.compile(v.alternation(v.VENUE_WORDS) + r"\s+")
_HABITUAL = re.compile(v.alternation(v.HABITUAL))
_HABITUAL_AFTER = re.compile(v.alternation(v.HABITUAL_AFTER))
_HABITUAL_NEAR = re.compile(v.alternation(v.HABITUAL_NEAR))
_ROUTINE = re.compile(v.alternation(v.ROUTINE))
# "30/30 quận, huyện đã ký kết ...", "100% xã", "các phường đã ký": a count of places, not one signing.
_ROUNDUP = re.compile(r"(?:\d+\s*/\s*\d+|\d+\s*%|các|tất cả|toàn bộ)\s+(?:đơn vị\s+)?"
                      r"(?:quận|huyện|thị xã|xã|phường|thị trấn|địa phương|cơ sở)(?!\w)")
_FUTURE_AFTER = re.compile(v.alternation(v.FUTURE_AFTER))
_BACKGROUND = re.compile(v.alternation(v.BACKGROUND_BEFORE) + r"\s+$")
_PRACTICE = re.compile(r"\W*việc\s+(?:ký|kí)(?!\w)")
_FUTURE_OPENING = re.compile(r"\W*(?:trong\s+)?" + v.alternation(v.FUTURE_OPENING))
_PROPOSED = re.compile(r"(?<!theo )(?<!xét )(?<!căn cứ )(?<!của )(?<!ý kiến )(?<!các )(?<!những )"
                       + v.alternation(v.PROPOSED))
_DONE = re.compile(r"(?<!\w)đã(?!\w)")
_DISTRICT_UNIT = re.compile(v.alternation(v.DISTRICT_UNITS) + r"\s+")
_WARD_UNIT = re.compile(v.alternation(v.WARD_UNITS) + r"\s+")
# "tỉnh Hưng Yên", and "thành phố Hà Nội" (a centrally-run city: kept only when it is one).
_PROVINCE_UNIT = re.compile(v.alternation(("tỉnh", "thành phố")) + r"\s+")
_RUN = re.compile(rf"{UPPER_CLASS}[^\W\d_]*(?: {UPPER_CLASS}[^\W\d_]*){{0,3}}")
_REFORM = date(*v.REFORM_DATE)
_YEAR_OPENING = re.compile(r"\W*(?:trong\s+)?năm\s+(?:(?P<y>(?:19|20)\d\d)(?!\d)|qua(?!\w))")
_PARTY_ORDER = ("hdnd", "ubnd", "mttq", "party_committee")
# How long before publication a signing may be and still be the news.
_NEWS_WINDOW = timedelta(days=60)


@dataclass(frozen=True)
class _Hit:
    verb_at: int
    object_start: int
    object_end: int
    sure: float = 0.9  # how plainly the sentence says it: "ký kết chương trình phối hợp" is plainest


def _signing_hit(s: Sentence, published: datetime) -> _Hit | None:
    """Where a sentence says a programme is being signed, or None."""
    hit = _first_hit(s)
    if hit is None or _PLAN_BEFORE.search(s.folded, 0, hit.verb_at) or _ROUTINE.search(s.folded) \
            or _ROUNDUP.search(s.folded, 0, hit.verb_at):
        return None
    # "hằng năm" before the verb or right after it or its object ("ký kết chương trình phối hợp hằng năm").
    if _HABITUAL.search(s.folded, 0, max(hit.verb_at, hit.object_end) + 12) \
            or _HABITUAL_NEAR.search(s.folded, max(0, hit.verb_at - 20), hit.verb_at) \
            or _period(s.folded, hit.object_end) is None \
            and _HABITUAL_AFTER.search(s.folded, hit.verb_at, _clause_end(s.folded, hit.verb_at)):
        # (a programme with its own year is one act: "ký kết chương trình năm 2025, việc làm hằng năm")
        return None
    if _FUTURE_AFTER.search(s.folded, hit.verb_at, hit.verb_at + 50):
        return None
    # "... được ba cơ quan ký kết từ tháng 1" in a mid-year review: this year's signing, told again;
    # "thống nhất ký kết ... vào đầu tháng 1" in December: one still to come.
    if dated_earlier_this_year(s.folded, published) or set_for_another_month(s.folded, hit.verb_at, published):
        return None
    # "Sau khi ký kết chương trình phối hợp, ba cơ quan đã ...": the signing is the background of a review;
    # "Việc ký kết chương trình ... được duy trì": the practice spoken of, no act reported.
    if _BACKGROUND.search(s.folded, max(0, hit.verb_at - 16), hit.verb_at) or _PRACTICE.match(s.folded):
        return None
    # "Năm 2025, Ủy ban MTTQ xã đã ký kết ..." in a review of the year before: last year's signing;
    # "Năm 2025, ... tiếp tục ký kết" in December: next year's plan; "Trong năm 2024, ... đã ký kết" in
    # December: the year's recap. Only in the year's first two months does the year open today's news.
    opening = _YEAR_OPENING.match(s.folded)
    if opening and (opening["y"] is None or int(opening["y"]) != published.year or published.month > 2):
        return None
    # "Thời gian tới, ba cơ quan tiếp tục ký kết ...": a sentence that opens in the future.
    if _FUTURE_OPENING.match(s.folded):
        return None
    # "Ủy ban MTTQ huyện đề nghị Thường trực HĐND, UBND huyện quan tâm ký kết ...": asked for, not done
    # (unless done on the request: "Theo đề nghị của ...").
    proposed = _PROPOSED.search(s.folded, 0, hit.verb_at)
    if proposed and not _DONE.search(s.folded, proposed.end(), hit.verb_at):
        return None  # ("Sau khi nghe các ý kiến đề xuất, ba cơ quan đã ký kết ...": done)
    # "ký kết năm 2016", "... giai đoạn 2016-2020" in a later article: an old programme.
    m = _YEAR_AFTER_VERB.match(s.folded, max(hit.verb_at, hit.object_end))
    if m and int(m.group(2) or m.group(1)) < published.year:
        return None
    return hit


def _clause_end(folded: str, pos: int) -> int:
    """Where the clause at pos ends: the next full stop or semicolon (commas join the parties)."""
    return min((i for i in (folded.find(".", pos), folded.find(";", pos)) if i >= 0), default=len(folded))


def _first_hit(s: Sentence) -> _Hit | None:
    f = masked_lookalikes(s.folded)  # "Sau sắp xếp, ... ký kết", "Trong không khí phấn khởi, ... ký kết"
    if not any(cue in f for cue in _SIGN_CUES):
        return None
    for m in _VERB_THEN_OBJECT.finditer(f):
        if not _NOT_YET.search(f, max(0, m.start() - 40), m.start()) and not _past_after(f, m.end("object")):
            return _Hit(m.start(), m.start("object"), m.end("object"), 0.95)
    m = _SIGN_ALONE.search(f)
    if m and not _NOT_YET.search(f, max(0, m.start() - 40), m.start()):
        return _Hit(m.start(), m.start(), m.end(), 0.8)
    for m in _OBJECT_THEN_VERB.finditer(f):
        before = f[max(0, m.start() - 30):m.start()]
        if _PAST_CONTEXT.search(before) or _NOT_YET.search(f, max(0, m.start() - 40), m.end()):
            continue
        if _past_after(f, m.end("object")) or "đã ký" in m.group("between"):
            continue
        if re.match(r"\s+mà\s", m.group("between")):
            continue  # "chương trình phối hợp mà ba bên ký kết ...": the programme spoken of, signed before

        return _Hit(m.end(), m.start("object"), m.end("object"), 0.85)
    return _bodies_sign_last(f)


# "Tại hội nghị, lãnh đạo HĐND, UBND và Ủy ban MTTQ phường đã ký kết.": the bodies, then the verb, then
# nothing: what they signed is the article's subject.
_VERB_LAST = re.compile(r"(?:ký kết|kí kết)\s*[.!]?\s*$")


def _bodies_sign_last(f: str) -> _Hit | None:
    m = _VERB_LAST.search(f)
    if m is None or _NOT_YET.search(f, max(0, m.start() - 40), m.start()) or _PAST_CONTEXT.search(f, 0, m.start()):
        return None
    bodies = sum(1 for _, pattern in _PARTY if pattern.search(f, 0, m.start()))
    return _Hit(m.start(), m.start(), m.end(), 0.8) if bodies >= 2 else None


def _past_after(folded: str, pos: int) -> bool:
    """"Quy chế phối hợp số 01 ký ngày ...": an existing programme, not a new signing."""
    window = folded[pos:pos + 60]
    window = _PERIOD.sub("", window, count=1) if window.lstrip().startswith(("năm", "giai đoạn")) else window
    return bool(_PAST_AFTER_OBJECT.match(re.sub(r"^\s*(?:công tác|hoạt động|giữa [^,;]*?)\s", " ", window)))


def _period(f: str, pos: int) -> str | None:
    m = _PERIOD.search(f, pos, pos + 70)
    if not m:
        return None
    return f"{m['a']}-{m['b']}" if m["b"] else m["a"]


def _regions(s: Sentence, hit: _Hit) -> list[tuple[int, int]]:
    """Where the signing parties are written: the subject, or "giữa A và B"."""
    f = s.folded
    between = re.compile(r"giữa\s+[^;.]*").search(f, hit.object_end)
    if between:
        # "ký chương trình ... giữa A, B và C" names the parties; the subject may be witnesses
        # ("dưới sự chứng kiến của Thường trực Đảng ủy, ... đã ký").
        regions = [(between.start(), between.end())]
    elif hit.verb_at > hit.object_start:  # object first: its subject may come after it
        regions = [(0, hit.object_start), (hit.object_end, hit.verb_at)]
    else:
        regions = [(0, hit.verb_at)]
    out = []
    for start, end in regions:  # a venue ("tại Hội trường Quận ủy") is no party
        last = start
        for m in _VENUE.finditer(f, start, end):
            out.append((last, m.start()))
            last = m.end()
        out.append((last, end))
    return [(a, b) for a, b in out if b > a]


def _parties(s: Sentence, hit: _Hit) -> list[str]:
    """Party codes (hdnd, ubnd, mttq, party_committee), then other organisations in their own words."""
    f = s.folded
    codes: set[str] = set()
    taken: list[tuple[int, int]] = []
    own_words: list[str] = []
    for start, end in _regions(s, hit):
        for code, pattern in _PARTY:
            for m in pattern.finditer(f, start, end):
                if not any(a <= m.start() < b for a, b in taken):
                    taken.append((m.start(), m.end()))
                    codes.add(code)
        for m in _OTHER_ORG.finditer(f, start, end):
            if any(a <= m.start() < b for a, b in taken) or _common_word_at(f, m.start()):
                continue
            stop = _ORG_END.search(f, m.end(), end)
            stop_at = min(stop.start() if stop else end, m.end() + 45)
            words = re.split(r"[,;:()]| - ", s.text[m.start():stop_at])[0].strip(" -–")
            if words:
                taken.append((m.start(), stop_at))
                own_words.append(words)
    return [c for c in _PARTY_ORDER if c in codes] + list(dict.fromkeys(own_words))


def _common_word_at(folded: str, at: int) -> bool:
    """An organisation's word inside a common word: "báo" of "báo cáo" (a report), "sở" of "cơ sở"."""
    for phrase in v.NOT_ORGANISATION_PHRASES:
        i = folded.find(phrase, max(0, at - len(phrase)), at + len(phrase))
        if i != -1 and i <= at < i + len(phrase):
            return True
    return False


def find_signing(title: Sentence, body: list[Sentence], published: datetime,
                 district: str | None) -> Signing | None:
    """The signing the article reports, with its first sentence as evidence; None if none."""
    for s in body + [title]:
        hit = _signing_hit(s, published)
        if hit is None:
            continue
        own = [d for d, at in dates_in(s.folded, published) if at < hit.verb_at + 80]
        if own and all(published.date() - d > _NEWS_WINDOW for d in own):
            continue  # a signing of long ago, mentioned again
        parties = _parties(s, hit)
        sure = hit.sure if parties else hit.sure - 0.15  # parties read from another sentence
        parties = parties or _parties_elsewhere(title, body)
        kind = "hdnd_ubnd_mttq" if set(parties) == {"hdnd", "ubnd", "mttq"} else "other"
        period = _period(s.folded, hit.object_end) or _period(title.folded, 0)
        programme = _programme(s, hit)
        return Signing(kind=kind, parties=tuple(parties), programme=programme, period=period,
                       event_date=_event_date(s, title, body, published, own),
                       district=_signing_place(s, published, district),
                       evidence=s.text, confidence=round(sure, 3))
    return None


def _places_after(s: Sentence, unit: re.Pattern[str]) -> list[tuple[int, str]]:
    """(offset, place) of each place written after a unit word in the sentence ("quận Cầu Giấy")."""
    out = []
    for m in unit.finditer(s.folded):
        run = _RUN.match(s.text, m.end())
        # (a run that is a name is no place: "Chủ tịch HĐND quận Ngô Thị Lệ Thủy" names a person)
        place = split_place(s.text, s.folded, run.span(), known_places(), name_may_lead=False) if run else None
        if place:
            out.append((m.start(), s.text[place[0]:place[1]]))
    return out


def _signing_place(s: Sentence, published: datetime, district: str | None) -> str | None:
    """Where the signing is, by its sentence: the district its bodies name; after the 2025 reform the
    ward or commune; else the article's place. A venue ("tại Hội trường quận Cầu Giấy") is where the
    meeting sat, the bodies' place only when the sentence names no other."""
    venues = [(m.start(), m.end()) for m in _VENUE.finditer(s.folded)]
    found = _places_after(s, _DISTRICT_UNIT)
    if published.date() >= _REFORM:
        found = _places_after(s, _WARD_UNIT) + found  # after the reform, the ward's bodies sign
    # A province's bodies ("HĐND, UBND và Ủy ban MTTQ tỉnh Bắc Ninh") when no lower level is named.
    found += [(at, place) for at, place in _places_after(s, _PROVINCE_UNIT) if fold(place) in provinces()]
    bodies = [place for at, place in found if not any(a <= at < b for a, b in venues)]
    # Bodies of two provinces ("UBND thành phố Hà Nội và UBND tỉnh Hưng Yên"): the signing is where the
    # sentence says it sat ("tại Hà Nội").
    if len({fold(b) for b in bodies}) >= 2:
        sat = next((place for a, _ in venues if (place := _known_place_at(s, a))), None)
        if sat:
            return sat
    return (bodies or [place for _, place in found] or [district])[0]


def _known_place_at(s: Sentence, venue: int) -> str | None:
    """The known place written right after the venue word at ``venue`` ("tại Hà Nội"), or None."""
    word = _VENUE_WORD.match(s.folded, venue)
    run = _RUN.match(s.text, word.end()) if word else None
    if run is None:
        return None
    words = run.group(0).split(" ")
    return next((" ".join(words[:n]) for n in range(len(words), 0, -1)
                 if fold(" ".join(words[:n])) in known_places()), None)


def _parties_elsewhere(title: Sentence, body: list[Sentence]) -> list[str]:
    for s in [title] + body[:2]:
        hit = _Hit(len(s.folded), len(s.folded), len(s.folded))
        found = _parties(s, hit)
        if found:
            return found
    return []


def _programme(s: Sentence, hit: _Hit) -> str | None:
    if hit.object_start == hit.verb_at:  # "ký kết liên tịch": no programme named
        return None
    m = _PERIOD.search(s.folded, hit.object_end, hit.object_end + 70)
    end = m.end() if m else hit.object_end
    return s.text[hit.object_start:end].strip()


def _event_date(s: Sentence, title: Sentence, body: list[Sentence], published: datetime,
                own: list[date]) -> date | None:
    """The day of the signing: in its sentence, else the lead's date, else the title's."""
    if own:
        return own[0]
    for other in body[:3] + [title]:
        found = dates_in(other.folded, published)
        if found and published.date() - found[0][0] <= _NEWS_WINDOW:
            return found[0][0]
    return None
