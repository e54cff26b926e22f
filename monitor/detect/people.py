"""People named with their posts, in every form the portals print.

- "đồng chí X – A, B", "X - A; B", "các đồng chí: X - A; Y - B" (name, then posts);
- "Chủ tịch UBND huyện X", "đồng chí Bí thư Quận ủy X" (title, then name);
- glued or lop-sided forms ("HoaTUV", "Son- Bí thư") via the separators of ``posts``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from datetime import datetime
from functools import lru_cache

from monitor.detect import vocabulary as v
from monitor.detect.facts import Person, PostMention
from monitor.detect.identity import fuller, same_person, syllables
from monitor.detect.names import has_surname_signal, name_at_end, name_at_start, names_a_place
from monitor.detect.posts import PostPhrase, find_heads, parse_post, qualifier_before, starts_with_post
from monitor.detect.segments import segments
from monitor.detect.sentences import Sentence
from storage.normalize import fold

# "Ủy viên Ban Thường vụ Thành ủy khóa XV, XVI, Phó Chủ tịch UBND thành phố": a second term after a comma
# goes on the post before it, and the posts after it are the same person's.
_MORE_TERMS = re.compile(r"\s*(?:khóa\s+)?[ivxl]+\s*")
_NOW_HOLDS = re.compile(r"\s*(?:nay là|hiện là|nay giữ chức|hiện giữ chức)\s+")
# "4. Bà A - Phó Chủ tịch HĐND TP - giữ chức Phó Bí thư Thành ủy": a post the name holds, told after its
# apposition; read only where no decision is told before it in the sentence (then the change reads it).
_HOLDS = re.compile(r"\s*giữ\s+chức(?:\s+vụ|\s+danh)?\s+")
_DECIDED = v.compile_phrases(p for _, phrases in v.CHANGE_VERBS for p in phrases)
# A name is followed by its posts after one of these.
_NAME_POST_SEPARATORS = frozenset({"-", "–", "—", ",", "(", ":"})
_PLURAL = v.compile_phrases(("các", "những", "một số"))
_CREDIT = v.compile_phrases(v.CREDIT_PREFIXES)
# An introducer right before a name: "đồng chí", "ông", "bà" (the name that follows is surely one).
_INTRODUCED = re.compile(v.alternation(v.INTRODUCERS + ("đ/c",)) + r"\s+$")
_AND_OTHERS = re.compile(r"\s+(?:và|cùng)\s")
_RANKED = re.compile(v.alternation(v.RANKS) + r"\.?\s+")
_PLURAL_BEFORE = re.compile(r"(?<!\w)(?:các|những)\s+(?:đồng chí\s+|ông\s+|bà\s+)?$")
_PLURAL_LEVEL = re.compile(r"\s*(?:các\s+(?P<unit>quận|huyện|phường|xã|thị xã|thị trấn)\s*)?"
                           # "6 Phó Chủ tịch UBND TP gồm các ông: A, B", "... là các ông, bà: ông A, bà B": the
                           # list opened by a verb of membership and its plural introducer is the same list.
                           r"(?:(?:gồm|là)(?:\s+các)?(?:\s+(?:ông|bà|đồng chí))?(?:\s*,\s*(?:ông|bà))?\s*)?")
# One name of a list after a shared post, with its place in brackets: "Hoàng Thị Lệ Chi (Đống Đa)".
_LIST_ITEM = re.compile(r"\s*(?:và\s+)?(?P<name>[^,;().]+?)\s*(?:\((?P<place>[^)]*)\))?\s*(?:,|\bvà\b|$)")


@dataclass
class Sighting:
    """One name with the post phrases written next to it in one sentence."""

    name: str
    phrases: list[PostPhrase] = field(default_factory=list)


@dataclass(frozen=True)
class ReadingContext:
    """What the whole article tells the reading of one sentence."""

    province: bool = False
    places: frozenset[str] = frozenset()
    published: datetime | None = None


def _is_credit(sentence: Sentence) -> bool:
    """"Ảnh: Nguyễn Văn A", "Tin, ảnh: ..." name a photographer, not a post holder."""
    m = _CREDIT.match(sentence.folded.lstrip("( "))
    return bool(m) and sentence.folded.lstrip("( ")[m.end():].lstrip().startswith(":")


def _post_at(s: Sentence, start: int, end: int, ctx: ReadingContext) -> PostPhrase | None:
    # Parsed on the piece alone: a glued "GiangTUV" has no word boundary before "TUV".
    phrase = parse_post(s.text[start:end], s.folded[start:end], 0, None, ctx.province, ctx.places)
    if phrase is None:
        return None
    if start:  # (the constructor, not dataclasses.replace: this runs for every post of every sentence)
        phrase = PostPhrase(phrase.post, phrase.scope, phrase.place, phrase.qualifier, phrase.raw,
                            phrase.end + start, None if phrase.place_start is None else phrase.place_start + start)
    if _PLURAL.match(s.folded, _skip_spaces(s.folded, phrase.end)):
        return None
    if phrase.post == "other" and _BARE_CHAIR.match(phrase.raw.lower()):
        return _of_organ_subject(s, phrase)
    return phrase


def _skip_spaces(text: str, pos: int) -> int:
    while pos < len(text) and text[pos] == " ":
        pos += 1
    return pos


def _titled(s: Sentence, start: int, end: int, ctx: ReadingContext, heads: tuple[int, ...],
            chain: list[PostPhrase]) -> list[Sighting]:
    """People written after their title: "Chủ tịch UBND huyện Nguyễn Xuân Thanh".

    ``chain`` holds the titles still waiting for their name; it carries over
    to the next segment ("Thành ủy viên, Bí thư Huyện ủy Đông Anh Nguyễn Xuân Linh").
    """
    found = []
    glued = _glued_after_name(s, start, end, ctx, heads) if not chain else None
    if glued:
        found.append(glued[0])
    for at in heads:
        if not start <= at < end or glued and at < glued[1]:
            continue
        head = at - start
        phrase = _post_at(s, start + head, end, ctx)
        if phrase is not None and phrase.post == "other":
            named = _other_title(s, start + head, phrase, ctx)
            if named:
                found.append(Sighting(named[0], chain[:] + [named[1]] if chain and s.text[
                    chain[-1].end:start + head].strip(" ") in (",", "-", "–", "kiêm") else [named[1]]))
                chain.clear()
            elif phrase.end >= end - 1 and phrase.scope:
                # "Ủy viên Bộ Chính trị, Bí thư Thành ủy Hà Nội X": a post of a named level, then more
                # titles before the name: it waits with them.
                if chain and s.text[chain[-1].end:start + head].strip(" ") not in (",", "-", "–", "kiêm"):
                    chain.clear()
                chain.append(phrase)
            continue
        if phrase is None or phrase.post == "standing_committee_member" \
                and _STANDING_BODY.search(s.folded, max(0, start + head - 12), start + head):
            continue  # "Ban Thường vụ Huyện ủy Lục Yên làm việc ...": the body and its place, no person
        # Titles joined by commas before one name all belong to it:
        # "Bí thư Huyện ủy, Chủ tịch HĐND huyện Trần Văn Khương".
        if chain and s.text[chain[-1].end:start + head].strip(" ") not in (",", "-", "–", "kiêm"):
            chain.clear()
        chain.append(phrase)
        span = name_at_start(s.text[phrase.end:end], s.folded[phrase.end:end], titled=True)
        if span and s.text[phrase.end:phrase.end + span.start].strip() == "":
            found.append(Sighting(span.name, list(chain)))
            chain.clear()
    return found


def _glued_after_name(s: Sentence, start: int, end: int, ctx: ReadingContext,
                      heads: tuple[int, ...]) -> tuple[Sighting, int] | None:
    """Posts written right after an introduced name with no separator ("đồng chí Vũ Thị Bích Quỳnh thị ủy
    viên phó chủ tịch Uỷ ban Mặt trận tổ quốc thị xã"): the name's, when no other name follows them.
    Returns the sighting and where its posts end."""
    at = next((h for h in heads if start <= h < end), None)
    if at is None or s.text[at - 1:at] != " ":
        return None
    span = name_at_end(s.text[start:at - 1], s.folded[start:at - 1])
    if span is None or not all(w[:1].isupper() for w in s.text[start + span.start:start + span.end].split()) \
            or not _INTRODUCED.search(s.folded, max(start, start + span.start - 12), start + span.start):
        return None  # (a name's words are capitalised: "ông A giữ chức Phó Chủ tịch" has a verb between)
    phrases: list[PostPhrase] = []
    pos = at
    while pos < end and pos in heads:
        phrase = _post_at(s, pos, end, ctx)
        if phrase is None or phrase.end <= pos:
            break
        phrases.append(phrase)
        pos = _skip_spaces(s.folded, phrase.end)
    if not phrases or _name_follows(s, phrases[-1].end, end) \
            or phrases[-1].post == "other" and _other_title(s, at, phrases[-1], ctx):
        return None  # "ông A Chủ tịch UBND xã B": the title names someone else after it
    return Sighting(span.name, phrases), pos


def _other_title(s: Sentence, at: int, phrase: PostPhrase, ctx: ReadingContext) -> tuple[str, PostPhrase] | None:
    """A post outside the vocabulary written before a name: "Giám đốc Sở Nông nghiệp và Môi trường
    Nguyễn Xuân Đại" (the name led by a family name, at the end of the phrase)."""
    end = len(s.text[:phrase.end].rstrip(" ."))  # the sentence's full stop after the name
    span = name_at_end(s.text[at:end], s.folded[at:end])
    if span is None or span.start < 4 or not has_surname_signal(fold(span.name).split()):
        return None
    title = _post_at(s, at, at + span.start, ctx)
    # A bare role ("Trưởng đoàn Y Khuyên Niê") is not a post: the title must name its body.
    if title is None or title.end > at + span.start or len(title.raw.split()) < 3:
        return None
    return span.name, title


def _holds_its_name(s: Sentence, at: int, phrase: PostPhrase, ctx: ReadingContext) -> bool:
    """An "other" title that ends with a person's name, not with its place ("Chủ tịch Hiệp hội Làng nghề
    xã La Phù" ends with a commune)."""
    named = _other_title(s, at, phrase, ctx)
    if named is None:
        return False
    name_at = s.text.rfind(named[0], at, phrase.end + 1)
    return name_at < 0 or not names_a_place(s.folded, name_at, named[0])


# "UBND TP Hà Nội có 6 Phó Chủ tịch gồm ...", "bộ máy lãnh đạo của HĐND TP gồm: Chủ tịch A, Phó chủ tịch B":
# the organ is the subject, and the bare chair titles after it are its own.
_ORGAN_HAS = re.compile(r"(?<!\w)(?P<organ>(?:ubnd|hđnd|ủy ban nhân dân|uỷ ban nhân dân|hội đồng nhân dân)\s+[^,:;.()]*?)"
                        r"\s+(?:có|gồm)(?!\w)")
_BARE_CHAIR = re.compile(r"(?:phó\s+)?chủ tịch(?=\s*$|\s+(?:gồm|là)(?!\w))")


def _of_organ_subject(s: Sentence, phrase: PostPhrase) -> PostPhrase:
    """A bare chair title ("Phó Chủ tịch") after "ORGAN có/gồm" takes that organ; other phrases as they are."""
    # (an unknown title runs on over "gồm các ông": "Phó Chủ tịch gồm các ông" is the bare title and the list)
    bare = _BARE_CHAIR.match(phrase.raw.lower()) if phrase.post == "other" else None
    if bare is None:
        return phrase
    start = phrase.end - len(phrase.raw)
    organ = None
    for m in _ORGAN_HAS.finditer(s.folded, 0, start + 1):
        organ = m
    if organ is None:
        return phrase
    title = phrase.raw[:bare.end()]
    written = f"{title} {s.text[organ.start('organ'):organ.end('organ')]}"
    full = parse_post(written, fold(written))
    if full is None or not full.post.endswith("_chair") or full.end != len(written):
        return phrase
    return replace(phrase, post=full.post, scope=full.scope, place=full.place, raw=title, end=start + len(title))


def _shared(s: Sentence, ctx: ReadingContext, heads: tuple[int, ...]) -> list[Sighting]:
    """One post before a list of names: "các đồng chí Phó Chủ tịch UBND quận: A, B", "Chủ tịch
    Ủy ban MTTQ các quận: A (Đống Đa), B (Ba Đình)"; a place in brackets is the name's."""
    found = []
    done_until = -1
    for at in heads:
        if at < done_until:
            continue  # inside a list already read
        colon = s.folded.find(":", at)
        if colon < 0 or s.folded.find(";", at, colon) >= 0:
            continue
        phrase = parse_post(s.text, s.folded, at, colon, ctx.province, ctx.places)
        phrase = _of_organ_subject(s, phrase) if phrase else None
        plural = _PLURAL_LEVEL.fullmatch(s.folded, phrase.end, colon) if phrase else None
        # A post outside the vocabulary shares its list only when written as a plural ("các Phó Giám đốc
        # Sở Nội vụ: A, B", "các Phó Chủ tịch UBTƯ MTTQ Việt Nam: A, B"); bare, it is a heading's label.
        if phrase is None or plural is None or phrase.post == "other" and not _PLURAL_BEFORE.search(
                s.folded, max(0, at - 16), at):
            continue
        if phrase.qualifier is None and qualifier_before(s.folded, at):
            # "các đồng chí nguyên Bí thư Huyện ủy: A, B": every name listed is a former holder.
            phrase = replace(phrase, qualifier=qualifier_before(s.folded, at))
        if plural.group("unit"):  # "Chủ tịch Ủy ban MTTQ các quận:" names a post of each district
            phrase = replace(phrase, scope="ward" if plural.group("unit") in v.WARD_UNITS else "district")
        stop = min((i for i in (s.folded.find(";", colon), s.folded.find(".", colon)) if i >= 0), default=len(s.text))
        for piece in _LIST_ITEM.finditer(s.text, colon + 1, stop):
            span = name_at_start(piece.group("name"), fold(piece.group("name")), introduced=True)
            if span is None or span.end != len(piece.group("name").rstrip()):
                break
            place = piece.group("place")
            found.append(Sighting(span.name, [replace(phrase, place=place.strip() if place else phrase.place)]))
        # "các Phó Chủ tịch UBND quận: A, B; các Phó Chủ tịch HĐND quận: C, D": the next list after the ";".
        done_until = stop
    return found


_STANDING_BODY = re.compile(r"(?<!viên )(?<!uv )\bban\s+$")
# "các đồng chí A, B, Phó Chủ tịch UBND phường" / "các đồng chí Phó Chủ tịch UBND tỉnh A, B, C".
_MANY = re.compile(r"(?<!\w)(?:các đồng chí|các ông|các bà)\s+(?!:)")


def _several(s: Sentence, ctx: ReadingContext) -> list[Sighting]:
    """Several names that share one post written before or after them, after a plural introducer."""
    found: list[Sighting] = []
    for m in _MANY.finditer(s.folded):
        names: list[str] = []
        shared: PostPhrase | None = None
        pieces = list(_LIST_ITEM.finditer(s.text, m.end(), _list_stop(s.folded, m.end())))
        for i, piece in enumerate(pieces):
            text = piece.group("name")
            if i == 0 and starts_with_post(fold(text)):  # the post first, then its holders
                shared = _post_at(s, piece.start("name"), piece.end("name"), ctx)
                text = s.text[shared.end:piece.end("name")] if shared else ""
            elif names and starts_with_post(fold(text)):  # the holders first, then their post
                shared = _post_at(s, piece.start("name"), piece.end("name"), ctx)
                break
            span = name_at_start(text.strip(), fold(text.strip()), titled=True) if text.strip() else None
            if span is None or span.end != len(text.strip()) or piece.group("place"):
                break
            names.append(span.name)
        if shared is not None and shared.post != "other" and len(names) >= 2:
            found += [Sighting(name, [shared]) for name in names]
    return found


def _list_stop(folded: str, start: int) -> int:
    return min((i for i in (folded.find(";", start), folded.find(".", start)) if i >= 0), default=len(folded))


def _name_follows(s: Sentence, at: int, end: int) -> bool:
    """True when a name is written right after a post phrase that ends at ``at``."""
    if not s.text[at:at + 2].strip()[:1].isupper():  # most phrases end the segment or go on in small letters
        return False
    span = name_at_start(s.text[at:end], s.folded[at:end], titled=True)
    return span is not None and not s.text[at:at + span.start].strip()


def _ranked_name(s: Sentence, start: int, end: int) -> str | None:
    """The name of a piece that is only a rank and a name ("Thiếu tướng Nguyễn Thanh Tùng"), or None."""
    at = _skip_spaces(s.folded, start)
    if not _RANKED.match(s.folded, at, end):
        return None
    span = name_at_start(s.text[at:end], s.folded[at:end], introduced=True)
    # (what follows "và"/"cùng" is someone else: "Thiếu tá B và đại diện các tổ dân phố")
    if span is None or s.text[at + span.end:end].strip(" .") and not _AND_OTHERS.match(s.folded, at + span.end, end):
        return None
    return span.name if has_surname_signal(fold(span.name).split()) else None


def _bracketed_name(s: Sentence, start: int, end: int) -> str | None:
    """The name that fills a bracket ("ông Lều Văn Tám", "đồng chí H' Lim Kbuôr"), or None."""
    if s.text[end:end + 1] != ")" and not s.text[end:].lstrip().startswith(")"):
        return None
    piece = s.text[start:end].rstrip()
    span = name_at_start(piece, s.folded[start:start + len(piece)], introduced=True)
    return span.name if span and span.end == len(piece) else None


def _titled_segment(s: Sentence, start: int, end: int, ctx: ReadingContext,
                    read: dict[tuple[int, int], PostPhrase | None]) -> bool:
    """True when a segment is a title with its name right after it ("Chủ tịch UBND xã Hạ Đình Khải").
    ``read`` keeps the phrase for the next segment's reading of the same piece."""
    phrase = read[start, end] = _post_at(s, start, end, ctx)
    return phrase is not None and phrase.post != "other" and _name_follows(s, phrase.end, end)


def sightings_in(s: Sentence, ctx: ReadingContext) -> list[Sighting]:
    """Every person named with a post in one sentence."""
    heads = find_heads(s.folded)
    if not heads or _is_credit(s):
        return []
    segs = segments(s.text)
    found: list[Sighting] = []
    current: Sighting | None = None
    waiting: list[PostPhrase] = []  # titles before a name not yet read
    read: dict[tuple[int, int], PostPhrase | None] = {}  # post phrases already parsed, by piece
    for i, (a, b, sep) in enumerate(segs):
        following = segs[i + 1] if i + 1 < len(segs) else None
        tail = None
        if following and following[2] in _NAME_POST_SEPARATORS \
                and starts_with_post(s.folded[following[0]:following[1]]):
            tail = name_at_end(s.text[a:b], s.folded[a:b])
            if tail and _titled_segment(s, following[0], following[1], ctx, read):
                tail = None  # before "Chủ tịch UBND xã Y", "Chủ tịch HĐND xã X, ..." is a title and its name
        head_end = a + tail.start if tail else b
        phrase = None
        # "A, nguyên Phó Chủ tịch UBND quận, nay là Chủ tịch UBND phường": the post held now.
        now = _NOW_HOLDS.match(s.folded, a, head_end) if current else None
        if current and now is None and (held := _HOLDS.match(s.folded, a, head_end)) \
                and not _DECIDED.search(s.folded, 0, a):
            now = held
        if now and starts_with_post(s.folded[now.end():head_end]):
            phrase = _post_at(s, now.end(), head_end, ctx)
        elif current and starts_with_post(s.folded[a:head_end]):
            phrase = read[a, head_end] if (a, head_end) in read else _post_at(s, a, head_end, ctx)
            if phrase and (_name_follows(s, phrase.end, head_end) or phrase.post == "other"
                           and _holds_its_name(s, a, phrase, ctx)):
                # "X, Chủ tịch HĐND phường; Chủ tịch UBND phường Y", "Bí thư Đảng ủy phường A, Chủ tịch
                # UBND phường B": a title with its own name after it is the next person's, not one more
                # post of the one before; a title outside the vocabulary holds its name ("A, Trưởng ban
                # Tổ chức Thành ủy B").
                phrase = None
        if phrase:
            current.phrases.append(phrase)
        elif current and current.phrases and sep == "," and not tail and _MORE_TERMS.fullmatch(s.folded, a, b):
            pass
        elif sep == "(" and waiting and (bracketed := _bracketed_name(s, a, b)):
            # "Chủ tịch UBND xã (ông Lều Văn Tám) cho biết": the titles' name in brackets after them.
            found.append(Sighting(bracketed, list(waiting)))
            waiting.clear()
            current = None
        elif waiting and sep in (",", "-", "–") and (ranked := _ranked_name(s, a, head_end)):
            # "Giám đốc Công an TP Hà Nội, Trung tướng Nguyễn Hải Trung": the titles' name after a rank.
            found.append(Sighting(ranked, list(waiting)))
            current = None  # ("; Chỉ huy trưởng ..., Đại tá B": a title after it is the next person's)
            waiting.clear()
        else:
            current = None
            if sep not in (",", "-", "–", "kiêm"):
                waiting.clear()
            found.extend(_titled(s, a, head_end, ctx, heads, waiting))
        if tail:
            current = Sighting(tail.name)
            if waiting and not s.text[waiting[-1].end:a + tail.start].strip():
                current.phrases.extend(waiting)  # the titles just before the name are its own
                waiting.clear()
            found.append(current)
    found = [f for f in found if f.phrases]
    shared = _shared(s, ctx, heads) if ":" in s.folded else []
    shared = shared if len(shared) >= 2 or "các " not in s.folded else _several(s, ctx)
    if len(shared) >= 2:  # the list's names are read with the shared post, not their neighbours'
        listed = {fold(x.name) for x in shared}
        found = [f for f in found if fold(f.name) not in listed] + shared
    return found


@lru_cache(maxsize=4096)
def name_confidence(name: str) -> float:
    """How sure a name is a person's: a known family name or an ethnic name's first word says more
    than the shape alone. (Kept per name: one person is named in many sentences.)"""
    return 0.9 if has_surname_signal(fold(name).split()) else 0.75


def mentions_of(phrases: list[PostPhrase], district: str | None, evidence: str = "",
                confidence: float = 0.9, default_scope: str = "district") -> list[PostMention]:
    """The posts of one sighting, each with a level: a post that names none takes
    its neighbour's ("UVBTV, Phó chủ tịch UBND tỉnh" -> both province), else ``default_scope``."""
    out = []
    for i, phrase in enumerate(phrases):
        scope = phrase.scope or next((p.scope for p in phrases[i + 1:] if p.scope), None) \
            or next((p.scope for p in reversed(phrases[:i]) if p.scope), None) or default_scope
        # "Bí thư Đảng ủy, Chủ tịch HĐND phường Hoàng Mai": one place for the posts of one level.
        place = phrase.place or next((p.place for p in phrases[i + 1:] + phrases[:i][::-1]
                                      if p.place and p.scope == scope), None)
        if place is None and scope == "district" and phrase.scope in (None, "district"):
            place = district
        out.append(PostMention(post=phrase.post, scope=scope, place=place, qualifier=phrase.qualifier,
                               raw=phrase.raw, evidence=evidence, confidence=confidence))
    return out


# A title with no body or level: "theo Phó Bí thư Lại Thế Nguyên" shortens a post written in full before.
_BARE_TITLES = frozenset({"bí thư", "phó bí thư", "chủ tịch", "phó chủ tịch"})


def without_bare_repeats(named_posts: list[tuple[str, list[PostMention]]]) -> list[tuple[str, list[PostMention]]]:
    """Drops a bare title ("Phó Bí thư") of a person the article gives that post in full elsewhere
    ("Phó Bí thư Thường trực Tỉnh ủy"): its level was only guessed."""
    # (raw.lower(), not fold: this runs for every post of every article, and the titles hold no "ủy")
    if not any(m.raw.lower() in _BARE_TITLES for _, mentions in named_posts for m in mentions):
        return named_posts
    full: dict[str, list[PostMention]] = {}
    for name, mentions in named_posts:
        full.setdefault(name, []).extend(m for m in mentions if m.raw.lower() not in _BARE_TITLES)

    def repeated(name: str, m: PostMention) -> bool:
        return m.raw.lower() in _BARE_TITLES and any(f.post.endswith(m.post) for f in full.get(name, ()))
    return [(name, [m for m in mentions if not repeated(name, m)]) for name, mentions in named_posts]


def merged_people(named_posts: list[tuple[str, list[PostMention]]]) -> list[Person]:
    """One Person per person (variants of a name are one), in order of first
    mention, under the fullest form of the name, with the union of posts."""
    people: list[Person] = []
    # Variants share surname and given name: only those are compared (long texts name thousands).
    by_ends: dict[tuple[str, str], list[Person]] = {}
    for name, mentions in named_posts:
        words = syllables(name)
        ends = (words[0], words[-1]) if words else ("", "")
        person = next((p for p in by_ends.get(ends, []) if same_person(p.name, name)), None)
        if person is None:
            person = Person(name)
            people.append(person)
            by_ends.setdefault(ends, []).append(person)
        person.name = fuller(person.name, name)
        for mention in mentions:
            person.add(mention)
    return [p for p in people if p.posts]
