"""Pure detectors: one canonical article in, its facts out (no I/O, deterministic).

    facts = extract_facts(article, district_hint="Thanh Trì")
    facts.signing, facts.people, facts.changes, facts.district, facts.to_json(file)
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime

from monitor.detect.change_record import ChangeReading
from monitor.detect.changes import read_changes
from monitor.detect.successions import successions_in
from monitor.detect.nominees import read_all_elected
from monitor.detect.district import article_places, is_province_article, wards_named
from monitor.detect.gazetteer import provinces
from monitor.detect.identity import fuller, same_person
from monitor.detect.facts import (NOT_HOLDING, SINGLE_HOLDER_POSTS, ArticleFacts, Change, Person, PostMention, Signing)
from monitor.detect.people import (ReadingContext, mentions_of, merged_people, name_confidence, sightings_in,
                                   without_bare_repeats)
from monitor.detect.results_table import read_results_tables
from monitor.detect.sentences import Sentence, sentence, sentences_of
from monitor.detect.signing import find_signing
from monitor.detect.tense import history_paragraph
from monitor.detect.vocabulary import REFORM_DATE
from storage.canonical import CanonicalArticle
from storage.normalize import fold

__all__ = ["extract_facts", "read_article", "facts_from_text", "ArticleFacts", "Person", "PostMention",
           "Signing", "Change", "NOT_HOLDING"]


def read_article(article: CanonicalArticle, district_hint: str | None = None) -> ArticleFacts:
    """The facts of one article. May raise on a bug; ``extract_facts`` never does."""
    title = sentence(article.title or "")
    body = sentences_of(article.body_paragraphs)
    everything = [title] + body
    district, places = article_places(everything, district_hint)
    ctx = ReadingContext(province=is_province_article(everything), places=places, published=article.published)
    # A district post of an article placed only in the city names no district: its place is unknown.
    home = None if district and fold(district) in provinces() else district

    # After the 2025 reform no district is left: on a ward's or commune's own news a post that names no
    # level ("Trưởng Phòng Kinh tế", "Hiệu trưởng nhà trường") is the ward's.
    unnamed_level = "ward" if _home_ward(home, article.published) else "district"
    named: list[tuple[str, list[PostMention]]] = []
    for s in everything:
        for sighting in sightings_in(s, ctx):
            named.append((sighting.name, mentions_of(sighting.phrases, home, s.text,
                                                     name_confidence(sighting.name), unnamed_level)))
    sighted: dict[str, list[PostMention]] = {}
    for name, mentions in named:
        sighted.setdefault(name, []).extend(mentions)

    readings = [_dated_by_paragraph(read_changes(s, ctx, home, sighted), s, body[:i], ctx)
                for i, s in enumerate(body)] + [read_results_tables(body, ctx, home),
                                                read_all_elected(body, ctx, home)]
    changes: list[Change] = []
    recalled: list[Change] = []
    for reading in readings:
        named.extend(reading.mentions)
        changes.extend(reading.changes)
        recalled.extend(reading.recalled)
    # A title that announces a change the body tells only in part ("Đồng chí A được bầu giữ chức ...").
    headline = read_changes(title, ctx, home, sighted)
    named.extend(headline.mentions)
    # The title may shorten a name the body writes whole ("Ông Nguyễn Hòa được bầu ...").
    changes.extend(c for c in headline.changes if not any(
        (t.kind, t.post) == (c.kind, c.post) and same_person(t.new_holder, c.new_holder) for t in changes))
    changes = _one_per_person(list(dict.fromkeys(changes)))
    changes = _succeeded(changes, body, ctx)
    # Who leaves a post the article names them with holds it no more.
    gone: dict[tuple[str, str], list[str]] = {}
    for c in changes:
        if c.new_holder is None and c.old_holder:
            gone.setdefault((c.post, c.scope), []).append(c.old_holder)
    named = [(name, [m for m in mentions if m.qualifier or not any(
        same_person(leaver, name) for leaver in gone.get((m.post, m.scope), ()))])
        for name, mentions in named]
    ward = _home_ward(home, article.published)
    if ward:
        named = [(name, [replace(m, place=ward) if m.scope == "ward" and m.place is None else m for m in mentions])
                 for name, mentions in named]
        changes = [replace(c, place=ward) if c.scope == "ward" and c.place is None else c for c in changes]
    named, changes = _wards_from_text(named, changes, everything, places)
    people = merged_people(without_bare_repeats(_without_unqualified_twins(named)))
    return ArticleFacts(article=article, district=district,
                        signing=find_signing(title, body, article.published, district),
                        people=people, changes=_moved_out(_after_recalled(_linked(changes), recalled), people))


def _dated_by_paragraph(reading: ChangeReading, s: Sentence, before: list[Sentence],
                        ctx: ReadingContext) -> ChangeReading:
    """A sentence's changes told in a paragraph that dates its event years ago are recalled, not news."""
    if not reading.changes:
        return reading
    earlier = [b.folded for b in before if b.paragraph == s.paragraph]
    if not history_paragraph(earlier, s.folded, ctx.published):
        return reading
    return replace(reading, changes=[], recalled=reading.recalled + reading.changes)


def _one_per_person(changes: list[Change]) -> list[Change]:
    """One change told twice, the second time with a shorter name ("bầu ông Nguyễn Văn Hòa ...",
    later "ông Nguyễn Hòa được bầu với 100% phiếu"), is one change: the first, with the fuller names."""
    out: list[Change] = []
    for c in changes:
        twin = next((i for i, o in enumerate(out) if _told_twice(o, c)), None)
        if twin is None:
            out.append(c)
            continue
        o = out[twin]
        out[twin] = replace(o, new_holder=fuller(o.new_holder, c.new_holder) if o.new_holder else c.new_holder,
                            old_holder=fuller(o.old_holder, c.old_holder) if o.old_holder and c.old_holder
                            else o.old_holder or c.old_holder, confidence=max(o.confidence, c.confidence))
    return out


def _told_twice(a: Change, b: Change) -> bool:
    if (a.kind, a.post, a.scope) != (b.kind, b.post, b.scope) or None not in (a.place, b.place) and a.place != b.place:
        return False
    if (a.new_holder is None) != (b.new_holder is None):
        return False
    if a.new_holder is None:
        return same_person(a.old_holder, b.old_holder)
    return same_person(a.new_holder, b.new_holder) and (
        a.old_holder is None or b.old_holder is None or same_person(a.old_holder, b.old_holder))


def _succeeded(changes: list[Change], body, ctx: ReadingContext) -> list[Change]:
    """Arrivals to a one-holder post with no old holder take the one a sentence says the newcomer
    replaces ("Ông A thay ông B, ...")."""
    if not any(c.new_holder and c.old_holder is None and c.post in SINGLE_HOLDER_POSTS for c in changes):
        return changes  # no arrival waits for a predecessor: the sentences need no reading
    pairs = [(pair, s.text) for s in body for pair in successions_in(s, ctx)]
    out = []
    for c in changes:
        found = next(((old, text) for (new, old), text in pairs if c.new_holder and same_person(new, c.new_holder)
                      and not same_person(old, c.new_holder)), None) \
            if pairs and c.old_holder is None and c.post in SINGLE_HOLDER_POSTS else None
        if found:
            c = replace(c, old_holder=found[0], evidence=_joined(c.evidence, found[1]))
        out.append(c)
    return out


def _linked(changes: list[Change]) -> list[Change]:
    """An election and a departure from the same post: the leaver is the old holder."""
    out = []
    leavers: dict[tuple[str, str], list[Change]] = {}
    for c in changes:
        if c.new_holder is None:
            leavers.setdefault((c.post, c.scope), []).append(c)
    used: set[Change] = set()
    for c in changes:
        # A post of several holders gains a newcomer without losing anyone, unless the text says
        # "thay" (read with the arrival); one holder's post emptied and filled is one change.
        leaver = None if c.post not in SINGLE_HOLDER_POSTS else next((x for x in leavers.get((c.post, c.scope), ())
                       if (x.place == c.place or None in (x.place, c.place))
                       and not same_person(x.old_holder, c.new_holder)), None)
        if c.new_holder and c.old_holder is None and leaver:
            c = replace(c, old_holder=leaver.old_holder, evidence=_joined(leaver.evidence, c.evidence),
                        confidence=min(c.confidence, leaver.confidence))
            used.add(leaver)
        out.append(c)
    # "miễn nhiệm bà B ...; bầu ông A ... thay bà B": the arrival tells the departure too.
    told = {(c.post, c.scope, c.old_holder) for c in out if c.new_holder and c.old_holder}
    used |= {x for group in leavers.values() for x in group
             if any((p, sc) == (x.post, x.scope) and same_person(o, x.old_holder) for p, sc, o in told)}
    return [c for c in out if c not in used]


def _after_recalled(changes: list[Change], recalled: list[Change]) -> list[Change]:
    """A newcomer to a one-holder post replaces the one holder the article says left it before its news
    ("Trước đó, ngày 3/3, ... ông B thôi giữ chức Bí thư Quận ủy"; today "phân công ông A giữ chức Bí thư")."""
    if not recalled:
        return changes
    out = []
    for c in changes:
        if c.new_holder and c.old_holder is None and c.post in SINGLE_HOLDER_POSTS:
            left = {x.old_holder: x for x in recalled if (x.post, x.scope) == (c.post, c.scope)
                    and (x.place == c.place or None in (x.place, c.place))
                    and not same_person(x.old_holder, c.new_holder)}
            if len(left) == 1:
                x = next(iter(left.values()))
                c = replace(c, old_holder=x.old_holder, evidence=_joined(x.evidence, c.evidence))
        out.append(c)
    return out


def _without_unqualified_twins(named):
    """"đã bầu: ông A - Chủ tịch HĐND huyện": the sentence gives A the post both as written beside his
    name and as elected; the plain reading of the same sentence is the elected one."""
    elected = {(name, m.post, m.scope, m.evidence) for name, mentions in named for m in mentions
               if m.qualifier == "elected"}
    if not elected:
        return named
    return [(name, [m for m in mentions if m.qualifier is not None
                    or not any((x[1], x[2]) == (m.post, m.scope) and same_person(x[0], name)
                               and m.evidence and m.evidence in x[3] for x in elected)])
            for name, mentions in named]


def _wards_from_text(named, changes: list[Change], sentences, places: frozenset[str]):
    """Ward posts written without their ward ("bầu bà A giữ chức Chủ tịch HĐND phường") take the ward
    their sentence names ("HĐND phường Yên Hòa ..."), else the one ward the article names; a city-level
    site's article about a ward then still places the post."""
    if not any(c.scope == "ward" and c.place is None for c in changes) and not any(
            m.scope == "ward" and m.place is None for _, mentions in named for m in mentions):
        return named, changes
    read: dict[str, list[str]] = {}  # the wards of each sentence, read when first asked

    def wards_of(s) -> list[str]:
        if s.text not in read:
            read[s.text] = wards_named(s, places)
        return read[s.text]

    def only() -> str | None:
        everywhere = {fold(w): w for s in sentences for w in wards_of(s)}
        return next(iter(everywhere.values())) if len(everywhere) == 1 else None

    def ward_of(evidence: str) -> str | None:
        here = next((wards_of(s) for s in sentences if s.text and s.text in evidence), [])
        return here[0] if len(here) == 1 else (None if here else only())

    def placed(m):
        return replace(m, place=ward_of(m.evidence)) if m.scope == "ward" and m.place is None else m

    named = [(name, [placed(m) for m in mentions]) for name, mentions in named]
    changes = [placed(c) for c in changes]
    return named, changes


def _home_ward(home: str | None, published: datetime) -> str | None:
    """After the 2025 reform a site's place is a ward or commune: the place of the ward posts it
    names without one ("Chủ tịch UBND phường" on the Cửa Nam portal)."""
    return home if home and published.date() >= date(*REFORM_DATE) else None


def _moved_out(changes: list[Change], people: list[Person]) -> list[Change]:
    """A newcomer to a one-holder post replaces the holder the article moves to another post
    ("đồng chí A, Bí thư Huyện ủy X, được điều động giữ chức ...; chỉ định đồng chí B giữ chức Bí thư
    Huyện ủy X")."""
    arriving = {c.new_holder for c in changes if c.new_holder}
    out = []
    for c in changes:
        if c.new_holder and c.old_holder is None and c.post in SINGLE_HOLDER_POSTS:
            moved = [p.name for p in people if p.name in arriving and not same_person(p.name, c.new_holder)
                     and any((m.post, m.scope) == (c.post, c.scope) and m.qualifier is None
                             and (m.place == c.place or None in (m.place, c.place)) for m in p.posts)]
            if len(moved) == 1:
                c = replace(c, old_holder=moved[0])
        out.append(c)
    return out


def _joined(first: str, second: str) -> str:
    """Two evidence sentences as one text (one when they are the same)."""
    return first if first == second else f"{first} {second}"


def extract_facts(article: CanonicalArticle, district_hint: str | None = None) -> ArticleFacts:
    """The facts of one article; on text no rule foresaw, fewer facts rather than an error."""
    try:
        return read_article(article, district_hint)
    except Exception:  # noqa: BLE001 - a detector must never stop the pipeline
        return ArticleFacts(article=article, district=district_hint, signing=None, people=[], changes=[])


def facts_from_text(text: str, published: datetime | None = None,
                    district_hint: str | None = None) -> ArticleFacts:
    """Facts of loose text: the first line is the title, the other lines paragraphs."""
    lines = [line for line in (text or "").split("\n") if line.strip()]
    article = CanonicalArticle(title=lines[0] if lines else "", published=published or datetime(2020, 1, 1),
                               # The closing "." keeps the last line from being taken for a byline.
                               paragraphs=tuple(lines[1:]) + (".",))
    return extract_facts(article, district_hint)
