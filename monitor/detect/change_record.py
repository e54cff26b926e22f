"""A change reading's parts: the posts written one after another, and a holder given them as a change.

Kept apart from changes.py so that the sentence readers (changes, results tables) share them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from monitor.detect import vocabulary as v
from monitor.detect.facts import Change, PostMention
from monitor.detect.identity import same_person
from monitor.detect.people import ReadingContext, mentions_of, name_confidence
from monitor.detect.posts import PostPhrase, parse_post, starts_with_post
from storage.normalize import fold

_LIST_SEPARATOR = re.compile(r"\s*(?:,|-|–|kiêm|và)\s*")
_ELECTED_ORGANS = ("hdnd", "ubnd", "mttq")
_PARTY_POSTS = frozenset({"party_secretary", "standing_deputy_party_secretary", "deputy_party_secretary",
                          "standing_committee_member", "committee_member"})
# Confidence by the form of the sentence: a post after "giữ chức"/"làm" is read surely; a post
# right after the verb less so; posts taken from elsewhere in the article least.
_SURE_MARKED, _SURE_UNMARKED, _SURE_GUESSED = 0.9, 0.8, 0.6


@dataclass
class ChangeReading:
    changes: list[Change]
    mentions: list[tuple[str, list[PostMention]]]
    evidence: str = ""
    # Departures the article recalls from before its news ("Trước đó, ngày 3/3, ... ông B thôi giữ chức
    # Bí thư"): no change of their own, but whom a newcomer to that post replaces.
    recalled: list[Change] = field(default_factory=list)


def post_list(s, pos: int, ctx: ReadingContext) -> list[PostPhrase]:
    """Posts written one after another from pos: "Bí thư Huyện ủy, Chủ tịch HĐND huyện"."""
    out: list[PostPhrase] = []
    while pos < len(s.text):
        phrase = parse_post(s.text, s.folded, pos, province=ctx.province, places=ctx.places)
        if phrase is None:
            break
        out.append(phrase)
        sep = _LIST_SEPARATOR.match(s.folded, phrase.end)
        if not sep or not starts_with_post(s.folded[sep.end():]):
            break
        pos = sep.end()
    return out


def record(s, district, holder, old_holder, phrases, qualifier, kind, reading, sure: float = 0.9) -> None:
    """Gives ``holder`` the posts of ``phrases``; with a kind, each post is a change too.

    ``sure``: the confidence the form of the sentence gives; a name known only by its shape
    lowers it.
    """
    sure = round(sure * (name_confidence(holder) / 0.9), 3) if holder else sure
    phrases = [_of_the_organ_before(p, reading.evidence) for p in phrases]
    mentions = [m if m.qualifier or not qualifier else replace(m, qualifier=qualifier)
                for m in mentions_of(phrases, district, reading.evidence, sure)]
    if holder:
        reading.mentions.append((holder, mentions))
    # A Party designation of a party post names the state posts the person holds beside it
    # ("chỉ định giữ chức Phó Bí thư Đảng ủy phường, Chủ tịch UBND phường"); alone, a state post
    # may be designated (the city council named the first ward chairs in 2025).
    party = kind == "appointed" and any(m.post in _PARTY_POSTS for m in mentions)
    if kind and holder:
        for m in mentions:
            if party and m.post.split("_")[0] in _ELECTED_ORGANS or m.post == "other" and (
                    _ad_hoc(s, m.raw) or _seat(m.raw)):
                continue
            reading.changes.append(Change(post=m.post, scope=m.scope, place=m.place, new_holder=holder,
                                          old_holder=None if same_person(old_holder, holder) else old_holder,
                                          kind=kind, evidence=reading.evidence, confidence=sure))


def _seat(raw: str) -> bool:
    """"trúng cử đại biểu HĐND thành phố": a seat won at an election, not a post that changes hands."""
    return fold(raw).startswith(v.ELECTED_SEATS)


_AD_HOC = v.compile_phrases(v.AD_HOC_BODIES)
def _ad_hoc(s, raw: str) -> bool:
    """"Trưởng ban" of "Trưởng ban chỉ đạo" (the phrase stops at the verb-like "chỉ đạo"): read on past it."""
    at = s.text.find(raw)
    return at >= 0 and bool(_AD_HOC.search(s.folded, at, at + len(raw) + 16))


_BARE_CHAIRS = {"chủ tịch": "_chair", "phó chủ tịch": "_vice_chair"}
_CHAIR = re.compile(r"(?<!\w)chủ tịch(?!\w)")


def _of_the_organ_before(phrase: PostPhrase, evidence: str) -> PostPhrase:
    """"A tái cử Chủ tịch Ủy ban MTTQ xã; B được bầu làm Phó Chủ tịch": a chair title with no organ
    is of the organ the sentence named last before it."""
    if phrase.scope is None and phrase.post in _PARTY_POSTS and phrase.raw.lower() in _BARE_SECRETARIES:
        return _of_the_party_level(phrase, evidence)
    suffix = _BARE_CHAIRS.get(phrase.raw.lower()) if phrase.post == "other" else None
    if suffix is None:
        return phrase
    folded = fold(evidence)
    organ = None
    for m in _CHAIR.finditer(folded):
        found = parse_post(evidence, folded, m.start())
        if found and found.post.endswith("_chair") and fold(found.raw) not in _BARE_CHAIRS:
            organ = found
        elif found and fold(found.raw) in _BARE_CHAIRS and organ:
            break  # the bare title itself: the organ named last before it
    if organ is None:
        return phrase
    post = organ.post.split("_")[0] + suffix
    return replace(phrase, post=post, scope=organ.scope, place=organ.place)


_BARE_SECRETARIES = frozenset({"bí thư", "phó bí thư"})
_SECRETARY = re.compile(r"(?<!\w)(?:phó )?bí thư(?!\w)")
_PARTY_BODY = re.compile(r"(?<!\w)đảng (?:bộ|ủy|uỷ) (?P<unit>xã|phường|thị trấn|huyện|quận|thị xã|tỉnh)(?!\w)")
_UNIT_SCOPES = {"xã": "ward", "phường": "ward", "thị trấn": "ward", "huyện": "district", "quận": "district",
                "thị xã": "district", "tỉnh": "province"}


def _of_the_party_level(phrase: PostPhrase, evidence: str) -> PostPhrase:
    """"đồng chí A được bầu làm Bí thư, đồng chí B ... Phó Bí thư Đảng ủy xã": a secretary with no
    committee named is of the one level the sentence's party posts or "Đảng bộ xã" name."""
    folded = fold(evidence)
    scopes = {found.scope for m in _SECRETARY.finditer(folded)
              if (found := parse_post(evidence, folded, m.start())) and found.scope}
    scopes |= {_UNIT_SCOPES[m["unit"]] for m in _PARTY_BODY.finditer(folded)}
    return replace(phrase, scope=scopes.pop()) if len(scopes) == 1 else phrase

