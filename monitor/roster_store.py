"""The roster kept per post (``roster_tenures``): written by each rebuild of a post's history,
read by `roster` without grouping the store's sightings again."""

from __future__ import annotations

from datetime import datetime
from typing import NamedTuple

from sqlalchemy import select
from sqlalchemy.orm import Session

from monitor.roster import Tenure
from storage.event_document import document_text, holder_json
from storage.models_facts import RosterTenure


def _values(place: str, scope: str, tenure: Tenure) -> dict:
    first = tenure.sightings[0]
    urls = sorted({x.url for x in tenure.sightings})
    return {"place": place, "scope": scope, "name": tenure.name, "first_seen": tenure.first_seen,
            "last_seen": tenure.last_seen, "article_urls": urls,
            "document": document_text(holder_json(tenure.name, tenure.first_seen, tenure.last_seen, urls)),
            "first_announced": tenure.announced, "first_url": first.url, "first_article_id": first.article_id}


def save_tenures(s: Session, place_key: str, post: str, place: str, scope: str, history: list[Tenure]) -> None:
    """Stores the post's whole history; rows that did not change are not written."""
    rows = {r.seq: r for r in s.scalars(select(RosterTenure).where(
        RosterTenure.place_key == place_key, RosterTenure.post == post))}
    for seq, tenure in enumerate(history):
        values, row = _values(place, scope, tenure), rows.get(seq)
        if row is None:
            s.add(RosterTenure(place_key=place_key, post=post, seq=seq, **values))
            continue
        for column, value in values.items():
            if getattr(row, column) != value:
                setattr(row, column, value)
    for seq, row in rows.items():
        if seq >= len(history):
            s.delete(row)


def save_window(s: Session, place_key: str, post: str, heads: list, window: list[Tenure], start: int) -> None:
    """Stores the tenures a windowed rebuild found (``window``, from number ``start`` on): the first
    of them is unchanged (monitor.roster_store.window_start), so a sighting appended to the current
    holder rewrites one row, without reading the stored ones again."""
    # Core statements on the table: the ORM's bulk UPDATE costs more than the row it writes.
    r = RosterTenure.__table__.c
    for seq, tenure in enumerate(window[1:], start=start + 1):
        values = _values(heads[0].place, heads[0].scope, tenure)
        if seq < len(heads):
            s.connection().execute(RosterTenure.__table__.update().where(
                r.place_key == place_key, r.post == post, r.seq == seq).values(**values))
        else:
            s.add(RosterTenure(place_key=place_key, post=post, seq=seq, **values))
    if len(heads) > start + len(window):
        s.connection().execute(RosterTenure.__table__.delete().where(
            r.place_key == place_key, r.post == post, r.seq >= start + len(window)))


def tenure_heads(s: Session, place_key: str, post: str) -> list:
    """The post's stored tenures without their URLs: name, place, scope and where each begins."""
    r = RosterTenure
    return s.execute(select(r.seq, r.name, r.place, r.scope, r.first_seen, r.first_announced, r.first_url,
                            r.first_article_id).where(r.place_key == place_key, r.post == post)
                     .order_by(r.seq)).all()


def head_key(head) -> tuple:
    """monitor.roster.order_key of a stored tenure's first sighting."""
    return (head.first_seen, not head.first_announced, head.first_url, head.first_article_id)


class Holder(NamedTuple):
    """One holder of a post as `roster` shows it: ``document`` is its part of a `roster --json` line."""
    name: str
    first_seen: datetime
    last_seen: datetime
    document: str


def stored_rosters(s: Session, place_keys: list[str] | None) -> dict[tuple[str, str], tuple[str, str, list[Holder]]]:
    """The stored posts by (place_key, post): place, scope and holders in order."""
    r = RosterTenure
    query = select(r.place_key, r.post, r.place, r.scope, r.name, r.first_seen, r.last_seen, r.document)
    if place_keys is not None:
        query = query.where(r.place_key.in_(place_keys))
    by_post: dict[tuple[str, str], tuple[str, str, list[Holder]]] = {}
    # On the connection, rows unpacked as tuples: the session's ORM result and named access to
    # each column cost more than the 4,000 rows of a million articles themselves.
    for place_key, post, place, scope, *holder in s.connection().execute(
            query.order_by(r.place_key, r.post, r.seq)).all():  # one fetch, not a driver call per row
        by_post.setdefault((place_key, post), (place, scope, []))[2].append(Holder(*holder))
    return by_post


def window_start(heads: list, since: tuple | None) -> int | None:
    """The stored tenure a rebuild for changes at ``since`` (an order_key) and after may start
    from, or None for the whole history.

    Every sighting before ``since`` is as before, so a tenure that begins before it begins at the
    same sighting, and the tenures from there on are those of the sightings from there on
    (monitor.roster.tenures). The start is the tenure before the last one that begins before
    ``since``: that last one may change, and the change into it names the one before it."""
    if since is None:
        return None
    before = [i for i, head in enumerate(heads) if head_key(head) < since]
    if not before or before[-1] < 1 or heads[before[-1]].seq != before[-1]:
        return None
    return before[-1] - 1
