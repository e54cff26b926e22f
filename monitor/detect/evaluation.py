"""Scoring the detectors against labelled articles (the devset, the seeds' expected.json).

Labels per article: ``signing`` (null or an object with ``kind``), ``people``
(``[{"name", "posts": [[post, scope] | [post, scope, qualifier]]}]``) and
``changes`` (``[{"kind", "post", "new_holder", "old_holder"}]``).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from monitor.detect.facts import ArticleFacts
from storage.normalize import fold


@dataclass
class Score:
    tp: int = 0
    fp: int = 0
    fn: int = 0
    misses: list[str] = field(default_factory=list)

    def add(self, expected: set, found: set, where: str) -> None:
        self.tp += len(expected & found)
        self.fp += len(found - expected)
        self.fn += len(expected - found)
        self.misses += [f"{where}: missed {x}" for x in sorted(map(str, expected - found))]
        self.misses += [f"{where}: wrong {x}" for x in sorted(map(str, found - expected))]

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


def _key(name: str | None) -> str | None:
    return fold(name) if name else None


def expected_pairs(label: dict, with_qualifier: bool) -> set[tuple]:
    """(name, post, scope[, qualifier]) of a label; qualifier None where the label names none."""
    out = set()
    for person in label.get("people", []):
        for post in person["posts"]:
            pair = (_key(person["name"]), post[0], post[1])
            out.add(pair + ((post[2] if len(post) > 2 else None),) if with_qualifier else pair)
    return out


def found_pairs(facts: ArticleFacts, with_qualifier: bool, posts: set[str] | None = None) -> set[tuple]:
    out = set()
    for person in facts.people:
        for m in person.posts:
            if posts is not None and m.post not in posts:
                continue
            pair = (_key(person.name), m.post, m.scope)
            out.add(pair + (m.qualifier,) if with_qualifier else pair)
    return out


def expected_changes(label: dict) -> set[tuple]:
    return {(c["kind"], c["post"], _key(c.get("new_holder")), _key(c.get("old_holder")))
            for c in label.get("changes", [])}


def found_changes(facts: ArticleFacts, confident: bool | None = None, minimum: float = 0.8) -> set[tuple]:
    """The changes found; with ``confident`` only those at or above (True) or below (False) ``minimum``."""
    return {(c.kind, c.post, _key(c.new_holder), _key(c.old_holder)) for c in facts.changes
            if confident is None or (c.confidence >= minimum) == confident}


def signing_key(label_or_facts) -> set[tuple]:
    """{("signing", kind)} or the empty set: a signing counts when found with the right kind."""
    if isinstance(label_or_facts, ArticleFacts):
        s = label_or_facts.signing
        return {("signing", s.kind)} if s else set()
    s = label_or_facts.get("signing")
    return {("signing", s["kind"])} if s else set()


@dataclass
class Scores:
    signings: Score = field(default_factory=Score)
    pairs: Score = field(default_factory=Score)
    qualified_pairs: Score = field(default_factory=Score)
    changes: Score = field(default_factory=Score)
    # The changes found at or above the alert minimum and below it: does confidence separate them?
    confident_changes: Score = field(default_factory=Score)
    doubtful_changes: Score = field(default_factory=Score)
    alert_minimum: float = 0.8
    names: Score = field(default_factory=Score)
    places: tuple[int, int] = (0, 0)  # signings placed right, signings with a labelled place
    place_misses: list[str] = field(default_factory=list)

    def add(self, where: str, label: dict, facts: ArticleFacts, judged_posts: set[str] | None = None,
            with_changes: bool = True) -> None:
        """``judged_posts``: only these posts are scored (the seeds label a subset)."""
        self.signings.add(signing_key(label), signing_key(facts), where)
        self.pairs.add(expected_pairs(label, False), found_pairs(facts, False, judged_posts), where)
        self.qualified_pairs.add(expected_pairs(label, True), found_pairs(facts, True, judged_posts), where)
        self.names.add({_key(p["name"]) for p in label.get("people", [])},
                       {_key(p.name) for p in facts.people}, where)
        if with_changes:
            expected = expected_changes(label)
            self.changes.add(expected, found_changes(facts), where)
            self.confident_changes.add(expected, found_changes(facts, True, self.alert_minimum), where)
            self.doubtful_changes.add(expected, found_changes(facts, False, self.alert_minimum), where)
        self._add_place(where, label, facts)

    def _add_place(self, where: str, label: dict, facts: ArticleFacts) -> None:
        """A labelled signing's place ("district" of the signing) against the one found."""
        expected = (label.get("signing") or {}).get("district", "")
        if expected == "":
            return
        found = facts.signing.district if facts.signing else None
        right = _key(found) == _key(expected)
        self.places = (self.places[0] + right, self.places[1] + 1)
        if not right:
            self.place_misses.append(f"{where}: signing placed in {found!r}, not {expected!r}")
