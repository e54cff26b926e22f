"""Leadership changes an article announces: elections, appointments, assignments, departures.

A sentence with an arriving verb (bầu, bổ nhiệm, điều động ...) names the new
holder before each "giữ chức"/"làm" and the post after it; "thay ông Y" names
the old one. A leaving verb (miễn nhiệm, nghỉ hưu, thôi giữ chức) names who
leaves. Nominations, re-elections, acting and in-charge holders are qualified
posts, never changes (they replace nobody).
"""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import datetime

from monitor.detect import vocabulary as v
from monitor.detect.change_record import _SURE_GUESSED, _SURE_MARKED, _SURE_UNMARKED, ChangeReading, post_list, record
from monitor.detect.facts import SINGLE_HOLDER_POSTS, Change, PostMention
from monitor.detect.identity import same_person
from monitor.detect.names import NameSpan, names_in
from monitor.detect.people import ReadingContext, mentions_of
from monitor.detect.posts import PostPhrase, organ_at, scope_at
from monitor.detect.sentences import Sentence
from monitor.detect.tense import dated_later, masked_lookalikes, recalls_the_past

_VERBS = [(kind, v.compile_phrases(phrases)) for kind, phrases in v.CHANGE_VERBS]
_ANY_VERB = v.compile_phrases([p for _, phrases in v.CHANGE_VERBS for p in phrases])
_MODIFIERS = ("nominated", "re_elected", "in_charge", "acting")
_ARRIVING = ("elected", "appointed", "assigned")
_LEAVING = ("dismissed", "vacated")
_MARKER = v.compile_phrases(v.TARGET_POST_MARKERS)
_TAKES_UP = v.compile_phrases(("giữ chức", "giữ chức vụ", "giữ chức danh", "đảm nhiệm", "đảm nhận"))
_REPLACES = re.compile(v.alternation(v.REPLACES_MARKERS) + r"\s*")
_LEAVER = re.compile(v.alternation(v.LEAVER_MARKERS) + r"\s*")
# "miễn nhiệm chức Phó Chủ tịch ...", "cho thôi chức Chủ tịch ...": a bare "chức" before the post left (only
# right after a leaving verb: elsewhere "chức" ends words such as "tổ chức").
_BARE_POST_WORD = re.compile(r"\s*chức\s+")
_LEFT_JUST_BEFORE = re.compile(r"(?<!\w)(?:thôi|cho thôi)\s*$")


_NOT_DONE = v.compile_phrases(v.CHANGE_NOT_DONE)
_REASON = v.compile_phrases(v.REASON_MARKERS)
_NOT_GONE = v.compile_phrases(v.LEAVING_NOT_DONE)
# Clauses of one sentence: "; đồng chí A tái cử ...; đồng chí B được bầu ..." are read apart.
_CLAUSE = re.compile(r"[^;]+")
_ASSIGNING = v.compile_phrases(("phân công",))
# "miễn nhiệm ông A do chuyển công tác và bầu bà B": the election is a second decision, not the reason.
_COORDINATED = re.compile(r"(?:\svà|\sđồng thời|;)\s+(?:đã\s+|tiến hành\s+)?$")
_NEW_DUTY = v.compile_phrases(v.NEW_DUTY)
_APPOSITION = re.compile(r"\s*[,–-]\s*")
# "bầu 2 Phó Chủ tịch UBND xã gồm: ông A và bà B": a count before the post, a list of holders after it.
_COUNT = re.compile(r"\s*(?:\d+|hai|ba|bốn|năm|các)\s+")
_LIST_OPENS = re.compile(r"\s*(?:gồm|là)?\s*(?::|gồm\b)")
# "bầu 4 Phó Bí thư Thành ủy gồm: ông A, Chủ tịch UBND thành phố; ông B, ...; và bà C, ...": a list opened
# after the verb whose items, each a name and its own posts, are cut by ";".
_OPENED_LIST = re.compile(r"(?<!\w)(?:gồm|là)(?:\s+các)?(?:\s+(?:ông|bà|đồng chí))?(?:\s*,\s*(?:ông|bà))?\s*:")
_ITEM_LEAD = re.compile(r"\s*(?:và\s+)?(?:(?:ông|bà|đồng chí)\s+)?")
# "Tân Chủ tịch UBND tỉnh ... được bầu là ông X": the post is the subject, the holder follows.
# "A trao quyết định bổ nhiệm Trưởng Công an phường cho B": who hands a decision over is not its subject.
# "Giám đốc Sở Nội vụ A trình tờ trình bầu bổ sung ...": who presents the proposal is not its subject either.
_HANDS_OVER = v.compile_phrases(("trao", "công bố", "đọc", "trình"))
_PURPOSE = frozenset({"để", "nhằm", "quy trình"})
_HANDED = v.compile_phrases(("trao quyết định", "công bố quyết định"))
# "Theo đề nghị của ...", "xét đề nghị ...", "thống nhất với đề nghị ...": what a decision was made on,
# not a proposal still open.
_ON_REQUEST = re.compile(r"(?:theo|xét|trên cơ sở|căn cứ|với|tán thành)\s+$")
_NEW = re.compile(r"\s*(?:tân\s+)?")
_IS = re.compile(r"\s*(?:là\s+)?")


# "phân công bà A điều hành (hoạt động của) Quận ủy cho đến khi kiện toàn chức danh Bí thư": she runs the
# committee until the post is filled, in charge of it, not its holder ("đến khi có nhân sự giữ chức ...").
_UNTIL_FILLED = r"(?<!\w)đến khi\s+(?:kiện toàn|có\s+(?:nhân sự|cán bộ))"
_RUNS_UNTIL_FILLED = re.compile(r"(?<!\w)điều hành(?!\w)(?=[^.;]*?" + _UNTIL_FILLED + ")")
_UNTIL_FILLED_AT = re.compile(_UNTIL_FILLED)


def _verb_hits(folded: str) -> dict[str, re.Match[str]]:
    """The first match of each kind of verb in a clause: searched once, asked three times."""
    found = {kind: m for kind, p in _VERBS if (m := p.search(folded))}
    if "in_charge" not in found and (m := _RUNS_UNTIL_FILLED.search(folded)):
        found["in_charge"] = m
    return found


def _first(kinds: tuple[str, ...], found: dict[str, re.Match[str]]) -> tuple[str, re.Match[str]] | None:
    hits = [(m.start(), kinds.index(kind), kind, m) for kind, m in found.items() if kind in kinds]
    if not hits:
        return None
    start, _, kind, m = min(hits, key=lambda h: h[:2])
    # "được điều động, chỉ định giữ chức": the appointment is what confers the post.
    # But "điều động, phân công ..., chỉ định tham gia Ban Chấp hành": the assignment does.
    if kind == "assigned" and "appointed" in kinds and not _ASSIGNING.search(m.string):
        appointed = next((h for h in hits if h[2] == "appointed"), None)
        if appointed:
            return "appointed", m if appointed[0] > start else appointed[3]
    return kind, m


def replaced_names(names: list[NameSpan], s) -> tuple[set[int], str | None]:
    """Offsets of names after "thay"/"đối với" and the previous holder "thay" names."""
    after: set[int] = set()
    old = None
    for m in _REPLACES.finditer(s.folded):
        span = next((n for n in names if m.end() <= n.start <= m.end() + 12), None)
        if span:
            after.add(span.start)
            old = old or span.name
    return after, old


def _leaver(names: list[NameSpan], s, verb: re.Match[str]) -> NameSpan | None:
    for m in _LEAVER.finditer(s.folded):
        span = next((n for n in names if m.end() <= n.start <= m.end() + 12), None)
        if span:
            return span
    before = [n for n in names if n.end <= verb.start()]
    after = [n for n in names if n.start >= verb.end()]
    return before[-1] if before else (after[0] if after else None)


def _in_charge_post(s, verb: re.Match[str], ctx: ReadingContext) -> list[PostPhrase]:
    """"phụ trách điều hành UBND huyện" names no title: it is the chair of that organ."""
    found = organ_at(s.folded, verb.end(), skip=("hoạt động của", "hoạt động", "công việc của", "của",
                                                 "điều hành hoạt động của", "điều hành"))
    if not found:
        return []
    organ, end = found
    scope, _ = scope_at(s.folded, end, ctx.province)  # "phụ trách điều hành UBND xã": the commune's
    return [PostPhrase(post=f"{organ}_chair", scope=scope, place=None, qualifier="in_charge",
                       raw=s.text[verb.start():end], end=end)]


def read_changes(s, ctx: ReadingContext, district: str | None,
                 sighted: dict[str, list[PostMention]]) -> ChangeReading:
    """The changes one sentence announces, clause by clause, and the posts it gives the people it names."""
    reading = ChangeReading([], [], s.text)
    if not _ANY_VERB.search(s.folded):
        return reading
    if ";" not in s.folded:
        for a, b in _by_subject(s, 0, len(s.folded), ctx):
            clause = s if (a, b) == (0, len(s.folded)) else Sentence(s.text[a:b], s.folded[a:b], s.paragraph)
            _read_clause(clause, ctx, district, sighted, reading)
        return reading
    spans: list[list[int]] = []
    for m in _CLAUSE.finditer(s.folded):
        # A clause that names nobody before its verb goes on the one before
        # ("điều động đồng chí A ...; chỉ định ..., phân công giữ chức ..., thay đồng chí B").
        piece = Sentence(s.text[m.start():m.end()], m.group(0), s.paragraph)
        named = names_in(piece.text, piece.folded, ctx.places)
        # "bầu ông A giữ chức Chủ tịch HĐND phường; ông B, giữ chức Phó Chủ tịch HĐND phường": a clause
        # with no verb of its own, only "giữ chức", shares the verb of the one before.
        if spans and (all(n.start in replaced_names(named, piece)[0] for n in named)
                      or _more_leavers(s, spans[-1], piece, named)
                      or not _ANY_VERB.search(piece.folded) and (
                          _TAKES_UP.search(piece.folded)
                          or _OPENED_LIST.search(s.folded, spans[-1][0], spans[-1][1]))):
            spans[-1][1] = m.end()
        else:
            spans.append([m.start(), m.end()])
    for a, b in (part for span in spans for part in _by_subject(s, span[0], span[1], ctx)):
        clause = Sentence(s.text[a:b], s.folded[a:b], s.paragraph)
        if _ANY_VERB.search(clause.folded):
            _read_clause(clause, ctx, district, sighted, reading)
    return reading


_LEAVING_VERBS = [p for kind, p in _VERBS if kind in _LEAVING]
_FOR = re.compile(r"(?<!\w)đối với(?!\w)")


def _more_leavers(s, span: list[int], piece, named: list[NameSpan]) -> bool:
    """"miễn nhiệm chức danh Ủy viên UBND huyện đối với các ông: A, nguyên Trưởng phòng X; B, nguyên Trưởng
    Công an huyện; C, ... do nghỉ hưu": an item that opens with a name after a departure's "đối với" is one
    more leaver of the same decision, whatever reason its own words give."""
    before = s.folded[span[0]:span[1]]
    leaving = min((m for p in _LEAVING_VERBS if (m := p.search(before))), key=lambda m: m.start(), default=None)
    if leaving is None or not _FOR.search(before, leaving.end()) or not named \
            or _first(_ARRIVING, _verb_hits(piece.folded)):
        return False
    return _ITEM_LEAD.fullmatch(piece.folded, 0, named[0].start) is not None


# A verb whose subject is the one who takes the post: "ông A trúng cử Chủ tịch HĐND xã".
_OWN_VERB = v.compile_phrases(("trúng cử", "đắc cử", "được bầu", "được bổ nhiệm", "được chỉ định",
                               "được hiệp thương cử"))
_JOIN = re.compile(r",|(?<!\w)và(?!\w)")


def _by_subject(s, a: int, b: int, ctx: ReadingContext) -> list[tuple[int, int]]:
    """``s.folded[a:b]`` cut before each further subject with a verb of its own: "ông A trúng cử Chủ tịch
    HĐND xã, bà B trúng cử Phó Chủ tịch HĐND xã" is two clauses, each read with its own verb."""
    verbs = list(_OWN_VERB.finditer(s.folded, a, b))
    if len(verbs) < 2:
        return [(a, b)]
    names = names_in(s.text, s.folded, ctx.places)
    cuts = []
    for before, verb in zip(verbs, verbs[1:]):
        subject = next((n for n in reversed(names) if n.end <= verb.start() and
                        not s.folded[n.end:verb.start()].strip() and n.start >= before.end()), None)
        joins = list(_JOIN.finditer(s.folded, before.end(), subject.start)) if subject else []
        if joins:
            cuts.append(joins[-1].start())
    bounds = [a, *cuts, b]
    return list(zip(bounds, bounds[1:]))


def _read_clause(s, ctx: ReadingContext, district: str | None, sighted: dict[str, list[PostMention]],
                 reading: ChangeReading) -> None:
    found = _verb_hits(s.folded)
    modifier = _first(_MODIFIERS, found)
    arriving = _first(_ARRIVING, found)
    leaving = _first(_LEAVING, found)
    past = recalls_the_past(s.folded, ctx.published)
    if modifier and arriving and modifier[0] == "re_elected":
        # "ngoài ông A tái đắc cử, các đại biểu đã bầu thêm ông B ...": the re-election is A's, told in a
        # clause of its own before the comma; the election after it (not the "đắc cử" of "tái đắc cử") is B's.
        later = _first(_ARRIVING, {kind: m for kind, p in _VERBS if kind in _ARRIVING
                                   and (m := p.search(s.folded, modifier[1].end()))})
        comma = s.folded.rfind(",", modifier[1].end(), later[1].start()) if later else -1
        if comma >= 0:
            _read_clause(Sentence(s.text[:comma], s.folded[:comma], s.paragraph), ctx, district, sighted, reading)
            modifier, arriving = None, later
    if arriving and leaving and leaving[1].end() <= arriving[1].start() \
            and _REASON.search(s.folded, leaving[1].end(), arriving[1].start()) \
            and not _COORDINATED.search(s.folded, 0, arriving[1].start()):
        # "miễn nhiệm ... do được điều động giữ chức ...": the reason for leaving, not a decision here;
        # the post it names is still the person's ("Phó Giám đốc Sở Kế hoạch và Đầu tư").
        _reason_posts(s, ctx, district, arriving[1], reading)
        arriving = None
    modal = masked_lookalikes(s.folded)  # "Thực hiện sắp xếp bộ máy, ... được chỉ định ...": no "sắp"
    done = not past and not (arriving and (_not_done(modal, arriving[1].start())
                                           or dated_later(s.folded, ctx.published)
                                           or _background(s.folded, arriving[1])))
    # "sẽ xem xét miễn nhiệm", "sẽ nghỉ hưu", "đến ngày nghỉ hưu": a departure to come.
    gone = leaving and not past and not _NOT_GONE.search(modal, 0, leaving[1].start())
    if modifier and modifier[0] == "in_charge" and not arriving and "giao" not in s.folded:
        modifier = None  # "Phó chủ tịch phụ trách điều hành UBND" in a list of guests
    if modifier and arriving and modifier[0] in ("in_charge", "acting") \
            and arriving[1].start() < modifier[1].start() \
            and (takes := _TAKES_UP.search(s.folded, modifier[1].end())) \
            and not _UNTIL_FILLED_AT.search(s.folded, modifier[1].end(), takes.start()):
        modifier = None  # "bầu ông A, Phó Chủ tịch phụ trách điều hành UBND, giữ chức Chủ tịch": his post now
    if not (modifier or arriving or leaving):
        return
    names = names_in(s.text, s.folded, ctx.places)
    replaced_at, old_holder = replaced_names(names, s)
    if gone:  # (a departure still to come is not read as one: the name keeps the post it holds now)
        replaced_at |= _left_before(s, names, leaving, arriving)
    if arriving and arriving[0] == "assigned" and not modifier and not leaving and done:
        duty = _NEW_DUTY.search(s.folded, arriving[1].end())
        if duty and not _MARKER.search(s.folded, arriving[1].end()):
            _moved_away(s, ctx, district, names, arriving[1], reading)
            return
    start_verb = (modifier or arriving)
    if start_verb:
        qualifier = modifier[0] if modifier else ("elected" if arriving[0] == "elected" and done else None)
        _arrivals(s, ctx, district, names, replaced_at, old_holder, start_verb[1], qualifier,
                  None if modifier or not done else arriving[0], reading)
    if gone and arriving and arriving[0] in ("assigned", "appointed"):
        # "điều động ông A thôi giữ chức Bí thư Ban cán sự đảng Sở; chỉ định giữ chức Bí thư Huyện ủy": leaving
        # a post outside the roster is part of the move, no change of its own; a roster post left stays one.
        moved = ChangeReading([], [], reading.evidence)
        _departure(s, ctx, district, names, leaving, old_holder, sighted, moved)
        reading.mentions += moved.mentions
        reading.changes += [c for c in moved.changes if c.post != "other"]
    elif gone:
        _departure(s, ctx, district, names, leaving, old_holder, sighted, reading)
    elif leaving and past and not arriving and not _NOT_GONE.search(modal, 0, leaving[1].start()):
        earlier = ChangeReading([], [], reading.evidence)
        _departure(s, ctx, district, names, leaving, old_holder, sighted, earlier)
        reading.mentions += earlier.mentions
        reading.recalled += earlier.changes


def _left_before(s, names: list[NameSpan], leaving, arriving) -> set[int]:
    """Offsets of the names that a first decision dismisses when a second one elects: "miễn nhiệm chức
    Chủ tịch UBND huyện đối với ông A; đồng thời bầu chức Chủ tịch UBND huyện" elects someone else (named
    after the verb, or in a later sentence), never A."""
    if not (leaving and arriving) or leaving[1].end() > arriving[1].start() \
            or not _COORDINATED.search(s.folded, 0, arriving[1].start()):
        return set()
    return {n.start for n in names if leaving[1].end() <= n.start and n.end <= arriving[1].start()}


_JUST = re.compile(r"(?<!\w)(?:vừa|mới)\s+$")
# What the subject does now, after the post they were just given: the story's own predicate.
_NOW_DOES = re.compile(r"(?<!\w)đã\s+(?:có|đến|đi|làm việc|chủ trì|tiếp|kiểm tra|thăm|dự|phát biểu|gặp)(?!\w)")


def _background(folded: str, verb: re.Match[str]) -> bool:
    """"Ông A vừa được bầu giữ chức Chủ tịch UBND phường đã có buổi làm việc với ...": the election is
    who the subject is; what the clause reports is the meeting."""
    return bool(_JUST.search(folded, max(0, verb.start() - 6), verb.start())) \
        and bool(_NOW_DOES.search(folded, verb.end()))


def not_done(folded: str, verb_at: int, published: datetime | None) -> bool:
    """True when a change whose verb stands at ``verb_at`` is not told as done by this clause: planned,
    proposed, congratulated, recalled or dated later."""
    return _not_done(masked_lookalikes(folded), verb_at) or recalls_the_past(folded, published) \
        or dated_later(folded, published)


def _not_done(folded: str, verb_at: int) -> bool:
    """A word before the verb says the change is not this article's; but "trao quyết định và chúc mừng
    đồng chí A được bổ nhiệm" congratulates on the decision it hands over."""
    # A purpose ("Để kịp thời kiện toàn bộ máy, HĐND xã đã bầu ...") is a clause of its own: past its comma
    # the decision is told as done.
    words = {m.group(0) for m in _NOT_DONE.finditer(folded, 0, verb_at)
             if (m.group(0) not in _PURPOSE or "," not in folded[m.end():verb_at])
             and not (m.group(0) == "đề nghị" and _ON_REQUEST.search(folded, 0, m.start()))}
    return bool(words) and not (words == {"chúc mừng"} and _HANDED.search(folded, 0, verb_at))


def _reason_posts(s, ctx, district, verb: re.Match[str], reading: ChangeReading) -> None:
    """The post a reason for leaving names, given to the leaver without a change."""
    names = names_in(s.text, s.folded, ctx.places)
    marker = _MARKER.search(s.folded, verb.end())
    phrases = post_list(s, marker.end(), ctx) if marker else []
    before = [n for n in names if n.end <= verb.start()]
    if phrases and before:
        record(s, district, before[-1].name, None, phrases, None, None, reading, _SURE_UNMARKED)


def _arrivals(s, ctx, district, names, replaced_at, old_holder, verb, qualifier, kind, reading) -> None:
    window_start = 0
    found_any = False
    for marker in _MARKER.finditer(s.folded, verb.start()):
        if marker.start() < window_start or _LEFT_JUST_BEFORE.search(s.folded, 0, marker.start()):
            continue  # "điều động đồng chí A thôi giữ chức X; ... giữ chức Y": X is the post left, Y the one taken
        phrases = [p for p in post_list(s, marker.end(), ctx)]
        if not phrases:
            continue
        # "A trao quyết định chỉ định giữ chức ... cho đồng chí B": who hands the decision over is no holder.
        holders = [n for n in names if window_start <= n.start < marker.start() and n.start not in replaced_at
                   and not (n.end <= verb.start() and _HANDS_OVER.search(s.folded, n.end, verb.start()))]
        holder = holders[-1] if holders else _named_after(s, names, phrases[-1].end)
        for one in [*_coordinated(s, holders, verb), holder]:
            again = kind == "elected" and one is not None and _holds_already(s, ctx, district, one, marker.start(),
                                                                            phrases)
            record(s, district, one.name if one else None, old_holder, phrases,
                   "re_elected" if again else qualifier, None if again else kind, reading, _SURE_MARKED)
        window_start, found_any = phrases[-1].end, True
    if found_any or _listed_holders(s, ctx, district, names, replaced_at, old_holder, verb, qualifier, kind,
                                    reading) or _subject_post(s, ctx, district, names, old_holder, verb, qualifier,
                                                              kind, reading) \
            or _this_post(s, ctx, district, names, replaced_at, old_holder, verb, qualifier, kind, reading):
        return
    phrases = post_list(s, verb.end(), ctx)
    if not phrases and qualifier == "in_charge":
        phrases = _in_charge_post(s, verb, ctx)
    if phrases:
        candidates = [n for n in names if n.start not in replaced_at]
        # "ông A trúng cử Chủ tịch HĐND xã với 100% phiếu, bà B tặng hoa": the verb's own subject.
        holder = next((n for n in candidates if n.end <= verb.start()
                       and s.folded[n.end:verb.start()].strip() in ("", "được")
                       and _OWN_VERB.match(s.folded, _skip_blank(s.folded, n.end))), None) or \
            next((n for n in candidates if n.start >= phrases[-1].end), None) or \
            next((n for n in reversed(candidates) if n.end <= verb.start()
                  and not _HANDS_OVER.search(s.folded, n.end, verb.start())), None)
        record(s, district, holder.name if holder else None, old_holder, phrases, qualifier, kind, reading,
               _SURE_UNMARKED)


_AND = re.compile(r"(?<!\w)và(?!\w)")


def _holds_already(s, ctx, district, holder: NameSpan, marker_at: int, phrases: list[PostPhrase]) -> bool:
    """"bầu bà A, Phó Chủ tịch HĐND thành phố khóa XV, ... giữ chức Phó Chủ tịch HĐND thành phố khóa XVI":
    the post taken is one the name already holds (written with it, neither former nor acting), so the vote
    re-elects her and replaces nobody. `other` posts are left out: two of them need not be one post."""
    sep = _APPOSITION.match(s.folded, holder.end)
    if not sep or not sep.group(0).strip():
        return False
    own = [p for p in post_list(s, sep.end(), ctx) if p.end <= marker_at]
    held = {(m.post, m.scope, m.place) for m in mentions_of(own, district) if not m.qualifier}
    taken = {(m.post, m.scope, m.place) for m in mentions_of(phrases, district) if m.post != "other"}
    return bool(taken) and taken <= held


def _coordinated(s, holders: list[NameSpan], verb: re.Match[str]) -> list[NameSpan]:
    """"bầu ông A, Giám đốc Sở X và bà B, Giám đốc Sở Y, giữ chức Phó Chủ tịch": the names joined by "và"
    to the last one before the post, each with the posts it holds, take the post too; only after the verb
    (who hands a decision over is before it) and with no other verb between (a second decision)."""
    joined: list[NameSpan] = []
    for before, after in zip(reversed(holders[:-1]), reversed(holders[1:])):
        gap = s.folded[before.end:after.start]
        if before.start < verb.end() or not _AND.search(gap) or _ANY_VERB.search(gap):
            break
        joined.insert(0, before)
    return joined


def _listed_holders(s, ctx, district, names, replaced_at, old_holder, verb, qualifier, kind,
                    reading) -> bool:
    """"bầu 3 Phó Chủ tịch UBND tỉnh gồm: ông A, ông B và bà C": each name listed takes the post."""
    count = _COUNT.match(s.folded, verb.end())
    phrases = post_list(s, count.end(), ctx) if count else []
    opens = _LIST_OPENS.match(s.folded, phrases[-1].end) if phrases else None
    if opens is None:
        return False
    holders = [n for n in names if n.start >= opens.end() and n.start not in replaced_at]
    if ";" in s.folded[opens.end():]:
        # Items cut by ";": the name that opens each item takes the post, the rest of it is its own posts.
        holders = [n for n in holders if _ITEM_LEAD.fullmatch(
            s.folded, max(opens.end(), s.folded.rfind(";", 0, n.start) + 1), n.start)]
    for holder in holders:
        record(s, district, holder.name, old_holder, phrases[-1:], qualifier, kind, reading, _SURE_UNMARKED)
    return bool(holders)


def _subject_post(s, ctx, district, names, old_holder, verb, qualifier, kind, reading) -> bool:
    """"Tân Chủ tịch HĐND huyện được bầu là đồng chí A": the clause opens with the post, its holder follows
    the verb."""
    phrases = post_list(s, _NEW.match(s.folded).end(), ctx)
    if not phrases or verb.start() - phrases[-1].end > 30 or any(n.end <= verb.start() for n in names):
        return False
    at = _IS.match(s.folded, verb.end()).end()
    holder = next((n for n in names if at <= n.start <= at + 12), None)
    if holder is None:
        return False
    record(s, district, holder.name, old_holder, phrases, qualifier, kind, reading, _SURE_UNMARKED)
    return True


# "Chức danh Phó Chủ tịch UBND phường, ... bầu thêm ông B đảm nhiệm chức vụ này": the post written first.
_FRONTED = re.compile(r"\W*(?:về|đối với)?\s*(?:chức danh|chức vụ)\s+")
_THIS_POST = re.compile(r"(?:giữ|đảm nhiệm|đảm nhận)\s+(?:chức vụ|chức danh|vị trí)\s+(?:này|đó|trên)(?!\w)")


def _this_post(s, ctx, district, names, replaced_at, old_holder, verb, qualifier, kind, reading) -> bool:
    """"Chức danh Phó Chủ tịch UBND phường, ngoài ông A tái đắc cử, các đại biểu đã bầu thêm ông B đảm nhiệm
    chức vụ này": the clause opens with the post, the holder takes "this post"."""
    fronted = _FRONTED.match(s.folded)
    this = _THIS_POST.search(s.folded, verb.end()) if fronted else None
    phrases = post_list(s, fronted.end(), ctx) if this else []
    holder = next((n for n in reversed(names) if verb.end() <= n.start and n.end <= this.start()
                   and n.start not in replaced_at), None) if phrases else None
    if holder is None:
        return False
    record(s, district, holder.name, old_holder, phrases[:1], qualifier, kind, reading, _SURE_UNMARKED)
    return True


def _named_after(s, names: list[NameSpan], pos: int) -> NameSpan | None:
    """"kiện toàn chức danh Chủ tịch UBND huyện đối với đồng chí A", "trao quyết định ... giữ chức Phó Bí
    thư Huyện ủy cho đồng chí A": the holder follows the post."""
    m = _LEAVER.match(s.folded, _skip_blank(s.folded, pos))
    if m is None or not m.group(0).strip().startswith(("đối với", "cho")):
        return None
    return next((n for n in names if m.end() <= n.start <= m.end() + 12), None)


def _skip_blank(folded: str, pos: int) -> int:
    while pos < len(folded) and folded[pos] in " ,":
        pos += 1
    return pos


def _pairs_left(s, names, verb: re.Match[str], ctx: ReadingContext) -> list[tuple[NameSpan, list[PostPhrase]]]:
    """"miễn nhiệm chức danh P1 đối với ông A và chức danh P2 đối với bà B": each leaver with the posts
    written just before them; [] when the clause names one leaver."""
    pairs, start = [], verb.end()
    for m in _LEAVER.finditer(s.folded, verb.end()):
        span = next((n for n in names if m.end() <= n.start <= m.end() + 12), None)
        marker = _MARKER.search(s.folded, start, m.start())
        if span is None or marker is None:
            continue
        pairs.append((span, post_list(s, marker.end(), ctx)))
        start = span.end
    return pairs if len(pairs) >= 2 and all(phrases for _, phrases in pairs) else []


def _departure(s, ctx, district, names, leaving, old_holder, sighted, reading) -> None:
    kind, verb = leaving
    pairs = _pairs_left(s, names, verb, ctx)
    if pairs:
        for leaver, phrases in pairs:
            _left(leaver.name, mentions_of(phrases, district), kind, _SURE_MARKED, reading)
        return
    listed = _listed_leavers(s, names, verb)
    if len(listed) >= 2 and (phrases := _left_posts(s, verb, ctx)):
        for leaver in listed:
            _left(leaver.name, mentions_of(phrases, district), kind, _SURE_MARKED, reading)
        return
    leaver = _leaver(names, s, verb)
    if leaver is None or (same_person(old_holder, leaver.name) and reading.changes):
        return  # "bầu X thay ông Y nghỉ hưu": Y is already the old holder
    phrases = _left_posts(s, verb, ctx)
    # The posts left, as the clause writes them; else the ones the article gave the leaver elsewhere.
    sure = _SURE_MARKED if phrases else _SURE_GUESSED
    mentions = mentions_of(phrases, district) if phrases else [
        m for m in sighted.get(leaver.name, []) if m.holds]
    _left(leaver.name, mentions, kind, sure, reading)


def _listed_leavers(s, names: list[NameSpan], verb: re.Match[str]) -> list[NameSpan]:
    """The leavers of "đối với ông A, ...; bà B, ...; C, ...": the first name after "đối với" and each
    name that opens a later item cut by ";"."""
    at = _FOR.search(s.folded, verb.end())
    if at is None:
        return []
    after = [n for n in names if n.start >= at.end()]
    if not after:
        return []
    return [after[0]] + [n for n in after[1:] if (cut := s.folded.rfind(";", at.end(), n.start)) >= 0
                         and _ITEM_LEAD.fullmatch(s.folded, cut + 1, n.start)]


def _left(leaver: str, mentions: list[PostMention], kind: str, sure: float, reading: ChangeReading) -> None:
    """``leaver`` leaves the posts of ``mentions``: former posts, and a departure from each."""
    mentions = [replace(m, qualifier="former", evidence=reading.evidence, confidence=sure) for m in mentions]
    if not mentions:
        return
    reading.mentions.append((leaver, mentions))
    for m in mentions:
        reading.changes.append(Change(post=m.post, scope=m.scope, place=m.place, new_holder=None,
                                      old_holder=leaver, kind=kind, evidence=reading.evidence,
                                      confidence=sure))


def _moved_away(s, ctx, district, names, verb: re.Match[str], reading: ChangeReading) -> None:
    """"Đồng chí A, Chủ tịch UBND huyện, được điều động nhận nhiệm vụ mới": A leaves the one-holder
    posts written with the name, and takes none the clause names."""
    before = [n for n in names if n.end <= verb.start()]
    # "trao quyết định điều động đồng chí B, ...": the one named right after the verb is moved, not
    # the one who hands the decision over.
    leaver = next((n for n in names if verb.end() <= n.start <= verb.end() + 12), None) \
        or (before[-1] if before else next((n for n in names if n.start >= verb.end()), None))
    if leaver is None:
        return
    sep = _APPOSITION.match(s.folded, leaver.end)
    phrases = post_list(s, sep.end(), ctx) if sep and sep.group(0).strip() else []
    mentions = [replace(m, qualifier="former", evidence=reading.evidence, confidence=_SURE_UNMARKED)
                for m in mentions_of(phrases, district)]
    if not mentions:
        return
    reading.mentions.append((leaver.name, mentions))
    reading.changes.extend(Change(post=m.post, scope=m.scope, place=m.place, new_holder=None,
                                  old_holder=leaver.name, kind="vacated", evidence=reading.evidence,
                                  confidence=_SURE_UNMARKED)
                           for m in mentions if m.post in SINGLE_HOLDER_POSTS)


def _left_posts(s, verb: re.Match[str], ctx: ReadingContext) -> list[PostPhrase]:
    """The posts left: after each leaving verb of the clause ("thôi làm Ủy viên, thôi giữ chức Chủ
    tịch ..."); the posts of the vocabulary before an `other` one."""
    found: list[PostPhrase] = []
    for kind, pattern in _VERBS:
        if kind not in _LEAVING:
            continue
        for m in pattern.finditer(s.folded, verb.start()):
            marker = _MARKER.match(s.folded, m.end() + 1) or _MARKER.match(s.folded, m.end()) \
                or _BARE_POST_WORD.match(s.folded, m.end())
            found += [p for p in post_list(s, marker.end() if marker else m.end(), ctx) if p not in found]
    known = [p for p in found if p.post != "other"]
    return known or found
