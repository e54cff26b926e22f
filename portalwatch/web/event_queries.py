"""Events as the web view asks for them: filtered, newest first, one page at a time.

Every event is shaped by ``storage.event_document.event_json``, the function behind
``events --json``, so a page, a feed and the API say what the command says.
The filters are those of ``events`` plus an end date and place names typed
without diacritics; they run in SQL so that a page costs the same with 5,000
events as with 50.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from sqlalchemy import ColumnElement, false, func, select
from sqlalchemy.orm import Session

from storage.event_document import event_json
from portalwatch.web.matching import matching_names
from storage.models import ArticleUrl, Event, OutboxItem
from storage.store import Store

EVENT_TYPES = ("signing", "leadership_change", "site_health")


@dataclass(frozen=True)
class EventFilter:
    type_: str | None = None
    place: str | None = None
    since: date | None = None  # detected on or after
    until: date | None = None  # detected on or before


@dataclass(frozen=True)
class EventPage:
    events: list[dict[str, Any]]  # event_json of each, in the order asked for
    total: int
    limit: int
    offset: int


def _conditions(s: Session, wanted: EventFilter) -> list[ColumnElement[bool]]:
    conditions: list[ColumnElement[bool]] = []
    if wanted.type_:
        conditions.append(Event.type == wanted.type_)
    if wanted.since:
        conditions.append(Event.detected_at >= datetime.combine(wanted.since, time.min))
    if wanted.until:
        conditions.append(Event.detected_at < datetime.combine(wanted.until + timedelta(days=1), time.min))
    if wanted.place:
        # The distinct places are few: match them in Python, then filter in SQL.
        places = matching_names(s.scalars(select(Event.district).distinct()), wanted.place)
        conditions.append(Event.district.in_(places) if places else false())
    return conditions


def _page(s: Session, wanted: EventFilter, limit: int, offset: int, newest_first: bool) -> EventPage:
    order = (Event.detected_at.desc(), Event.id.desc()) if newest_first else (Event.detected_at, Event.id)
    conditions = _conditions(s, wanted)
    total = s.scalar(select(func.count()).select_from(Event).where(*conditions)) or 0
    rows = s.scalars(select(Event).where(*conditions).order_by(*order).limit(limit).offset(offset))
    return EventPage([event_json(e) for e in rows], total, limit, offset)


def event_page(store: Store, wanted: EventFilter, *, limit: int, offset: int = 0,
               newest_first: bool = True) -> EventPage:
    with store.session() as s:
        return _page(s, wanted, limit, offset, newest_first)


@dataclass(frozen=True)
class Delivery:
    channel: str
    status: str  # pending | delivered | dead
    attempts: int
    delivered_at: datetime | None
    last_error: str | None


def _deliveries(s: Session, event_ids: list[str]) -> dict[str, list[Delivery]]:
    out: dict[str, list[Delivery]] = {}
    if event_ids:
        for item in s.scalars(select(OutboxItem).where(OutboxItem.event_id.in_(event_ids))
                              .order_by(OutboxItem.channel)):
            out.setdefault(item.event_id, []).append(
                Delivery(item.channel, item.status, item.attempts, item.delivered_at, item.last_error))
    return out


def _stored_ids(s: Session, urls: list[str]) -> dict[str, int]:
    if not urls:
        return {}
    return dict(s.execute(select(ArticleUrl.url, ArticleUrl.article_id).where(ArticleUrl.url.in_(set(urls)))).all())


def stored_article_ids(store: Store, urls: list[str]) -> dict[str, int]:
    """{portal URL: id of the stored article seen there} for the URLs the store knows."""
    with store.session() as s:
        return _stored_ids(s, urls)


@dataclass(frozen=True)
class EventsView:
    """What the events page shows, read in one transaction (each one costs a round trip)."""

    page: EventPage
    places: list[str]  # every place with events, for the filter's suggestions
    deliveries: dict[str, list[Delivery]]
    stored: dict[str, int]  # portal URL -> stored article id


def events_view(store: Store, wanted: EventFilter, *, limit: int, offset: int = 0) -> EventsView:
    with store.session() as s:
        page = _page(s, wanted, limit, offset, True)
        places = sorted(p for p in s.scalars(select(Event.district).distinct()) if p)
        return EventsView(page, places, _deliveries(s, [e["id"] for e in page.events]),
                          _stored_ids(s, [u for e in page.events for u in e["article_urls"]]))
