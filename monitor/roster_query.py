"""The roster as the `roster` command shows it: per place and post, the holders."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ColumnElement, select
from sqlalchemy.orm import Session

from monitor.detect.facts import SCOPES
from monitor.roster import Sighting, holder_at, place_key, tenures
from storage.models import Article
from storage.models_facts import RosterSighting
from storage.store import Store


def stored_sightings(s: Session, *conditions: ColumnElement[bool]) -> list[Sighting]:
    """Roster sightings of the store, each with its article's URL."""
    rows = s.execute(select(RosterSighting, Article.url).join(Article, RosterSighting.article_id == Article.id)
                     .where(*conditions)
                     .order_by(RosterSighting.place_key, RosterSighting.post, RosterSighting.published)).all()
    return [Sighting(r.place_key, r.place, r.scope, r.post, r.name, r.published, r.source, r.evidence,
                     r.article_id, url) for r, url in rows]


def roster_entries(store: Store, *, district: str | None = None, at: datetime | None = None) -> list[dict]:
    """roster --json's entries, of every place or of the places named ``district`` (by ``fold``) in any scope."""
    # A place's key is its scope and folded name, so the named places are a handful of
    # keys the index on roster_sightings finds without reading the other places.
    conditions = [RosterSighting.place_key.in_([place_key(scope, district) for scope in SCOPES])] if district else []
    with store.session() as s:
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
