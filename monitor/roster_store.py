"""The roster kept per post (``roster_tenures``): written by each rebuild of a post's history,
read by `roster` without grouping the store's sightings again."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from monitor.roster import Sighting, Tenure
from storage.models_facts import RosterTenure

def holder_json(name: str, first_seen: datetime, last_seen: datetime, urls: list[str]) -> dict:
    """One holder as `roster --json` prints it."""
    return {"name": name, "first_seen": first_seen.strftime("%Y-%m-%d"),
            "last_seen": last_seen.strftime("%Y-%m-%d"), "article_urls": urls}


def save_tenures(s: Session, place_key: str, post: str, sightings: list[Sighting], history: list[Tenure]) -> None:
    """Stores the post's history as just rebuilt; rows that did not change are not written, so
    a sighting appended to the current holder rewrites one row."""
    rows = {r.seq: r for r in s.scalars(select(RosterTenure).where(RosterTenure.place_key == place_key,
                                                                     RosterTenure.post == post))}
    # The roster names a post's place as its first sighting in store order spells it.
    place, scope = (sightings[0].place, sightings[0].scope) if sightings else ("", "")
    for seq, tenure in enumerate(history):
        values = {"place": place, "scope": scope, "name": tenure.name, "first_seen": tenure.first_seen,
                  "last_seen": tenure.last_seen, "article_urls": sorted({x.url for x in tenure.sightings})}
        row = rows.get(seq)
        if row is None:
            s.add(RosterTenure(place_key=place_key, post=post, seq=seq, **values))
            continue
        for column, value in values.items():
            if getattr(row, column) != value:
                setattr(row, column, value)
    for seq, row in rows.items():
        if seq >= len(history):
            s.delete(row)


def stored_rosters(s: Session, place_keys: list[str] | None) -> dict[tuple[str, str], list]:
    """The stored tenure rows by (place_key, post), in order."""
    r = RosterTenure
    query = select(r.place_key, r.post, r.seq, r.place, r.scope, r.name, r.first_seen, r.last_seen,
                   r.article_urls)
    if place_keys is not None:
        query = query.where(r.place_key.in_(place_keys))
    by_post: dict[tuple[str, str], list] = {}
    for row in s.execute(query.order_by(r.place_key, r.post, r.seq)):
        by_post.setdefault((row.place_key, row.post), []).append(row)
    return by_post
