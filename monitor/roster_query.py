"""The roster as the `roster` command shows it: per place and post, the holders."""

from __future__ import annotations

from datetime import datetime

import orjson
from sqlalchemy import ColumnElement, select, text
from sqlalchemy.orm import Session

from monitor.detect.facts import SCOPES
from monitor.roster import Sighting, place_key, tenures
from monitor.roster_store import Holder, stored_rosters
from storage.event_document import document_text, holder_json, roster_text
from storage.models import Article
from storage.models_facts import RosterSighting
from storage.normalize import same_place
from storage.store import Store


def stored_sightings(s: Session, *conditions: ColumnElement[bool]) -> list[Sighting]:
    """Roster sightings of the store, each with its article's URL."""
    # Columns, not ORM objects: a post's rebuild reads all its sightings, and entities cost
    # several times the rows themselves.
    r = RosterSighting
    rows = s.execute(select(r.place_key, r.place, r.scope, r.post, r.name, r.published, r.source, r.evidence,
                            r.article_id, Article.url).join(Article, r.article_id == Article.id)
                     .where(*conditions).order_by(r.place_key, r.post, r.published))
    return [Sighting(*row) for row in rows]


# Each distinct place key by one index seek from the previous one (a loose index scan, which
# neither SQLite nor PostgreSQL does by itself for DISTINCT): a few hundred seeks, not a
# read of every sighting.
_PLACE_KEYS = text("""
    WITH RECURSIVE keys(k) AS (
        SELECT MIN(place_key) FROM roster_sightings
        UNION ALL
        SELECT (SELECT MIN(place_key) FROM roster_sightings WHERE place_key > keys.k) FROM keys WHERE keys.k IS NOT NULL
    ) SELECT k FROM keys WHERE k IS NOT NULL""")


def _matching_keys(s: Session, district: str) -> list[str]:
    """The place keys (any scope) of the places ``district`` names, as `roster --district` matches them."""
    exact = {place_key(scope, district) for scope in SCOPES}
    if not district.isascii():  # only the exact fold can match: no need to list the places
        return sorted(exact)
    return sorted(exact | {k for k in s.scalars(_PLACE_KEYS) if same_place(k.partition(":")[2], district)})


def _from_sightings(sightings: list[Sighting]) -> tuple[str, str, list[Holder]]:
    """A post's place, scope and holders grouped from its sightings (a post not stored yet)."""
    return sightings[0].place, sightings[0].scope, [
        Holder(t.name, t.first_seen, t.last_seen, document_text(holder_json(
            t.name, t.first_seen, t.last_seen, sorted({x.url for x in t.sightings})))) for t in tenures(sightings)]


# Each distinct (place_key, post) of the sightings, by index seeks as _PLACE_KEYS: the posts
# whose roster must come from their sightings are those without stored tenures. The next post
# is the next one of the same place, else the first of the next place: two plain seeks that
# both databases make on the index, where SQLite seeks a row value "(place_key, post) > (k, p)"
# by place_key alone and walks the place's every sighting (81 of 90 ms at a million articles).
_POST_KEYS = text("""
    WITH RECURSIVE keys(k, p) AS (
        SELECT * FROM (SELECT place_key, post FROM roster_sightings ORDER BY place_key, post LIMIT 1) AS first
        UNION ALL
        SELECT coalesce((SELECT r.place_key FROM roster_sightings r WHERE r.place_key = keys.k AND r.post > keys.p
                         ORDER BY r.post LIMIT 1),
                        (SELECT r.place_key FROM roster_sightings r WHERE r.place_key > keys.k
                         ORDER BY r.place_key, r.post LIMIT 1)),
               coalesce((SELECT r.post FROM roster_sightings r WHERE r.place_key = keys.k AND r.post > keys.p
                         ORDER BY r.post LIMIT 1),
                        (SELECT r.post FROM roster_sightings r WHERE r.place_key > keys.k
                         ORDER BY r.place_key, r.post LIMIT 1))
        FROM keys WHERE keys.k IS NOT NULL
    ) SELECT k, p FROM keys WHERE k IS NOT NULL""")


def _sighted_posts(s: Session, place_keys: list[str] | None) -> set[tuple[str, str]]:
    if place_keys is None:
        return {(k, p) for k, p in s.execute(_POST_KEYS)}
    r = RosterSighting
    return {(k, p) for k, p in s.execute(select(r.place_key, r.post).where(r.place_key.in_(place_keys)).distinct())}


def _roster(store: Store, district: str | None, at: datetime | None) -> list[tuple[str, str, str, list[Holder]]]:
    """(place, scope, post, holders) of every post shown, in order of place key and post."""
    with store.session() as s:
        # The named places are a handful of keys the indexes find without reading other places' rows.
        keys = _matching_keys(s, district) if district else None
        sighted = _sighted_posts(s, keys)
        posts = {key: entry for key, entry in stored_rosters(s, keys).items() if key in sighted}
        found = [x for key, post in sorted(sighted - posts.keys()) for x in stored_sightings(
            s, RosterSighting.place_key == key, RosterSighting.post == post)]
    by_key: dict[tuple[str, str], list[Sighting]] = {}
    for sighting in found:
        by_key.setdefault((sighting.place_key, sighting.post), []).append(sighting)
    posts.update((key, _from_sightings(sightings)) for key, sightings in by_key.items())
    out = []
    for (_, post), (place, scope, holders) in sorted(posts.items()):
        if at is not None:  # who held the post then: the last holder first seen by that day
            holders = [h for h in holders if h.first_seen <= at][-1:]
        if holders:
            out.append((place, scope, post, holders))
    return out


def roster_lines(store: Store, *, district: str | None = None, at: datetime | None = None) -> list[str]:
    """`roster --json`'s lines, of every place or of the places ``district`` names (``same_place``) in any
    scope: the holders' stored documents joined, not decoded and encoded again."""
    return [roster_text(place, scope, post, [h.document for h in holders])
            for place, scope, post, holders in _roster(store, district, at)]


def roster_entries(store: Store, *, district: str | None = None, at: datetime | None = None) -> list[dict]:
    """roster --json's entries as objects (the web view's API), as ``roster_lines`` selects them."""
    return [{"place": place, "scope": scope, "post": post, "holders": [orjson.loads(h.document) for h in holders]}
            for place, scope, post, holders in _roster(store, district, at)]


def roster_headlines(store: Store, *, district: str | None = None,
                     at: datetime | None = None) -> list[tuple[str, str, str, list[Holder]]]:
    """What `roster` prints without --json, as ``roster_lines`` selects it: (place, scope, post,
    holders), each holder's name and dates read from their columns, its URLs left undecoded."""
    return _roster(store, district, at)
