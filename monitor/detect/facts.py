"""What the detectors read from one article, and its SPEC `extract --json` form."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from storage.canonical import CanonicalArticle

POSTS = ("party_secretary", "standing_deputy_party_secretary", "deputy_party_secretary",
         "hdnd_chair", "hdnd_vice_chair", "ubnd_chair", "ubnd_vice_chair", "mttq_chair",
         "mttq_vice_chair", "standing_committee_member", "committee_member", "other")
SCOPES = ("district", "city", "province", "ward", "national")
QUALIFIERS = (None, "acting", "in_charge", "former", "nominated", "elected", "re_elected")
# Posts one person holds at a time: a newcomer to one replaces its holder.
SINGLE_HOLDER_POSTS = frozenset({"party_secretary", "standing_deputy_party_secretary", "hdnd_chair",
                                 "ubnd_chair", "mttq_chair"})
# Holders of these qualifiers do not hold the post (SPEC "Posts and scopes").
NOT_HOLDING = frozenset({"acting", "in_charge", "former", "nominated"})


@dataclass(frozen=True)
class PostMention:
    post: str
    scope: str
    place: str | None = None
    qualifier: str | None = None
    raw: str = ""
    evidence: str = ""  # the sentence that names the person with this post
    confidence: float = 0.9

    @property
    def holds(self) -> bool:
        """True when the person holds the post (not former, acting, in charge or nominated)."""
        return self.qualifier not in NOT_HOLDING

    def key(self) -> tuple:
        return (self.post, self.scope, self.qualifier, self.raw.casefold() if self.post == "other" else "")

    def to_json(self) -> dict[str, Any]:
        return {"post": self.post, "scope": self.scope, "place": self.place,
                "qualifier": self.qualifier, "raw": self.raw, "confidence": self.confidence}


@dataclass
class Person:
    name: str
    posts: list[PostMention] = field(default_factory=list)

    def add(self, mention: PostMention) -> None:
        """Adds a post unless the person already has it (a place fills in a blank one)."""
        for i, known in enumerate(self.posts):
            if known.key() == mention.key():
                if known.place is None and mention.place is not None:
                    self.posts[i] = mention
                return
        self.posts.append(mention)

    def to_json(self) -> dict[str, Any]:
        return {"name": self.name, "posts": [p.to_json() for p in self.posts]}


@dataclass(frozen=True)
class Signing:
    kind: str
    parties: tuple[str, ...]
    programme: str | None
    period: str | None
    event_date: date | None
    district: str | None
    evidence: str
    confidence: float = 0.9

    def to_json(self) -> dict[str, Any]:
        return {"kind": self.kind, "parties": list(self.parties), "programme": self.programme,
                "period": self.period,
                "event_date": self.event_date.isoformat() if self.event_date else None,
                "district": self.district, "evidence": self.evidence, "confidence": self.confidence}


@dataclass(frozen=True)
class Change:
    post: str
    scope: str
    place: str | None
    new_holder: str | None
    old_holder: str | None
    kind: str
    evidence: str
    confidence: float = 0.9

    def to_json(self) -> dict[str, Any]:
        return {"post": self.post, "scope": self.scope, "place": self.place,
                "new_holder": self.new_holder, "old_holder": self.old_holder, "kind": self.kind,
                "evidence": self.evidence, "confidence": self.confidence}


@dataclass
class ArticleFacts:
    article: CanonicalArticle
    district: str | None
    signing: Signing | None
    people: list[Person]
    changes: list[Change]

    def person(self, name: str) -> Person | None:
        return next((p for p in self.people if p.name == name), None)

    def to_json(self, file: str) -> dict[str, Any]:
        """The SPEC `extract --json` object for this article, read from ``file``."""
        a = self.article
        return {
            "file": file,
            "article": {"category": a.category, "title": a.title, "published": a.published_iso,
                        "views": a.views, "byline": a.byline, "district": self.district},
            "signing": self.signing.to_json() if self.signing else None,
            "people": [p.to_json() for p in self.people],
            "changes": [c.to_json() for c in self.changes],
        }
