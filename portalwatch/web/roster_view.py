"""The roster of a place and the posts of a person, for the pages.

Holders and changes come from ``monitor.roster`` (``tenures``, ``changes_of``)
over ``monitor.roster_query.stored_sightings``: the functions that make the
events and ``roster --json``, so a timeline shows what they say. People seen
as former, acting, in-charge or nominated holders are read from the kept
facts of the articles that speak of the place.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import Text, cast, or_, select
from sqlalchemy.orm import Session

from monitor.roster import SINGLE_HOLDER_POSTS, Sighting, changes_of, place_key, tenures
from monitor.roster_query import stored_sightings
from portalwatch.web.matching import matching_names
from storage.models import Article
from storage.models_facts import ArticleFacts, RosterSighting
from storage.normalize import fold
from storage.store import Store

_APART = ("former", "acting", "in_charge", "nominated")
# Facts of at most this many of the newest articles about a place are read for
# its former/acting holders: a page must not read a district's whole archive.
FACTS_READ = 400


@dataclass(frozen=True)
class Place:
    key: str
    name: str
    scope: str


@dataclass(frozen=True)
class ApartMention:
    name: str
    post: str
    qualifier: str
    published: datetime
    article_id: int
    raw: str


@dataclass
class PostHistory:
    post: str
    tenures: list = field(default_factory=list)  # monitor.roster.Tenure
    changes: list = field(default_factory=list)  # monitor.roster.HolderChange
    apart: list[ApartMention] = field(default_factory=list)


def _places(s: Session) -> list[Place]:
    rows = s.execute(select(RosterSighting.place_key, RosterSighting.place, RosterSighting.scope).distinct()).all()
    first: dict[str, Place] = {}
    for key, name, scope in sorted(rows):
        first.setdefault(key, Place(key, name, scope))
    return sorted(first.values(), key=lambda p: (p.scope, fold(p.name)))


def all_places(store: Store) -> list[Place]:
    with store.session() as s:
        return _places(s)


def _matching(places: list[Place], typed: str) -> list[Place]:
    wanted = set(matching_names([p.name for p in places], typed))
    return [p for p in places if p.name in wanted]


def find_places(store: Store, typed: str) -> list[Place]:
    return _matching(all_places(store), typed)


def _apart_mentions(s: Session, place: Place, article_ids: set[int]) -> list[ApartMention]:
    # Only the articles that show a holder of the place are read (by primary key):
    # the facts table has no index by place, and a former or acting holder is
    # nearly always named beside the holder of the day.
    # Most facts name no qualifier: a text match on the stored JSON skips them in
    # the database (whatever its spacing); the loop below still checks each one.
    qualified = or_(*(cast(ArticleFacts.facts, Text).like(f'%"{q}"%') for q in _APART))
    rows = s.execute(select(ArticleFacts.facts, ArticleFacts.district, Article.id, Article.published)
                     .join(Article, Article.id == ArticleFacts.article_id)
                     .where(ArticleFacts.article_id.in_(article_ids or {0}), qualified)
                     .order_by(Article.published.desc()).limit(FACTS_READ)).all()
    out = []
    for facts, district, article_id, published in rows:
        for person in (facts or {}).get("people") or []:
            for mention in person.get("posts") or []:
                if mention.get("post") not in SINGLE_HOLDER_POSTS or mention.get("qualifier") not in _APART:
                    continue
                where = mention.get("place") or (district if mention.get("scope") == "district" else None)
                if where and place_key(mention.get("scope") or "", where) == place.key:
                    out.append(ApartMention(person["name"], mention["post"], mention["qualifier"], published,
                                            article_id, mention.get("raw") or ""))
    return out


def roster_of(store: Store, typed: str) -> list[tuple[Place, list[PostHistory]]]:
    """The places the typed name means, each with its posts' histories (one transaction)."""
    with store.session() as s:
        return [(place, _place_roster(s, place)) for place in _matching(_places(s), typed)]


def _place_roster(s: Session, place: Place) -> list[PostHistory]:
    """Each single-holder post of the place with its holders, changes and apart mentions."""
    sightings = stored_sightings(s, RosterSighting.place_key == place.key)
    apart = _apart_mentions(s, place, {x.article_id for x in sightings})
    by_post: dict[str, list[Sighting]] = defaultdict(list)
    for sighting in sightings:
        by_post[sighting.post].append(sighting)
    histories = {}
    for post, seen in by_post.items():
        history = tenures(seen)
        histories[post] = PostHistory(post, history, changes_of(history))
    for mention in apart:
        histories.setdefault(mention.post, PostHistory(mention.post)).apart.append(mention)
    order = ["party_secretary", "standing_deputy_party_secretary", "hdnd_chair", "ubnd_chair", "mttq_chair"]
    return [histories[p] for p in order if p in histories]


@dataclass(frozen=True)
class PersonPost:
    place: str
    scope: str
    post: str
    first_seen: datetime
    last_seen: datetime
    article_ids: list[int]


def person_posts(store: Store, typed: str) -> tuple[list[str], list[PersonPost]]:
    """(the names matched, every post and place they were seen holding)."""
    with store.session() as s:
        names = matching_names(s.scalars(select(RosterSighting.name).distinct()), typed)
        sightings = stored_sightings(s, RosterSighting.name.in_(names)) if names else []
    grouped: dict[tuple[str, str], list[Sighting]] = defaultdict(list)
    for sighting in sightings:
        grouped[(sighting.place_key, sighting.post)].append(sighting)
    posts = [PersonPost(seen[0].place, seen[0].scope, post, min(x.published for x in seen),
                        max(x.published for x in seen), sorted({x.article_id for x in seen}))
             for (_, post), seen in grouped.items()]
    return names, sorted(posts, key=lambda p: (p.first_seen, p.place))
