"""The roster as the `roster` command shows it: per place and post, the holders."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select

from monitor.roster import Sighting, holder_at, tenures
from storage.models import Article
from storage.models_facts import RosterSighting
from storage.normalize import fold
from storage.store import Store


def roster_entries(store: Store, *, district: str | None = None, at: datetime | None = None) -> list[dict]:
    with store.session() as s:
        rows = s.execute(select(RosterSighting, Article.url).join(Article, RosterSighting.article_id == Article.id)
                         .order_by(RosterSighting.place_key, RosterSighting.post)).all()
    by_key: dict[tuple[str, str], list[Sighting]] = {}
    for r, url in rows:
        if district and fold(r.place) != fold(district):
            continue
        by_key.setdefault((r.place_key, r.post), []).append(
            Sighting(r.place_key, r.place, r.scope, r.post, r.name, r.published, r.source, r.evidence,
                     r.article_id, url))
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
