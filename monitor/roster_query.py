"""The roster as the `roster` command shows it: per place and post, the holders."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ColumnElement, select, text
from sqlalchemy.orm import Session

from monitor.detect.facts import SCOPES
from monitor.roster import Sighting, holder_at, place_key, tenures
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


def roster_entries(store: Store, *, district: str | None = None, at: datetime | None = None) -> list[dict]:
    """roster --json's entries, of every place or of the places ``district`` names (``same_place``) in any scope."""
    with store.session() as s:
        # The named places are a handful of keys the index on roster_sightings finds
        # without reading the other places' sightings.
        conditions = [RosterSighting.place_key.in_(_matching_keys(s, district))] if district else []
        found = stored_sightings(s, *conditions)
    by_key: dict[tuple[str, str], list[Sighting]] = {}
    for sighting in found:
        by_key.setdefault((sighting.place_key, sighting.post), []).append(sighting)
    out = []
    for (_, post), sightings in sorted(by_key.items()):
        history = tenures(sightings)
        if at is not None:
            current = holder_at(history, at)
            history = [current] if current else []
        if not history:
            continue
        out.append({"place": sightings[0].place, "scope": sightings[0].scope, "post": post,
                    "holders": [{"name": t.name, "first_seen": t.first_seen.strftime("%Y-%m-%d"),
                                 "last_seen": t.last_seen.strftime("%Y-%m-%d"),
                                 "article_urls": sorted({x.url for x in t.sightings})} for t in history]})
    return out
