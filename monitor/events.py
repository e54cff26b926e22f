"""From stored articles to events: signings and leadership changes.

``analyse_pending`` reads every article (or edited version) not analysed yet,
in order of publication, keeps its facts and roster sightings, and rebuilds
the history of every post those sightings touch. Events are keyed by what
they say (``dedup_key``), so the same fact read twice, from a republished copy
or in another import order, is one event; an event that a late-arriving older
article makes untrue (A→C when B stood between them) is removed with its
pending deliveries.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import orjson
from sqlalchemy import delete, insert, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, joinedload

from monitor.alert_config import AlertSettings, current_alert_settings
from monitor.analysis_guard import guarded, read_facts
from monitor.roster import HolderChange, change_confidence, changes_of, order_key, sightings_of, tenures
from monitor.detect.confidence import confirmed_confidence, newly_alerting
from monitor.detect.identity import same_person
from monitor.outbox import enqueue
from monitor.roster_query import stored_sightings
from monitor.roster_store import head_key, save_tenures, save_window, tenure_heads, window_start
from storage.models import Article, CrawlRun, Event, Site
from storage.analysis_queue import Lease, done, done_all, queued
from storage.models_facts import ArticleFacts, RosterSighting
from storage.clock import utcnow
from storage.event_document import document_text, event_headline, event_json, event_text
from storage.normalize import district_search_key, fold, same_place
from storage.settings import ANALYSIS_TIMEOUT_SECONDS
from storage.store import Store

log = logging.getLogger("portalwatch.events")
QUEUE_BATCH = 200
# Articles analysed in one transaction, their touched posts rebuilt once for all of them.
# Bounded: SQLite has one writer, and a crawl's store writer waits while this one writes.
WRITE_BATCH = 50
# How long a second analyser waits for the first (a hand-run crawl while the daemon analyses):
# the first drains the queue, so the wait is short unless it died holding the lease.
LEASE_WAIT_SECONDS = 30.0


def _should_alert(s: Session, article: Article) -> bool:
    """Articles found by a site's first crawl (the backfill) or imported by hand
    do not alert, unless the site asks for it (``alert_backfill``)."""
    site = article.site
    if (site.config or {}).get("alert_backfill"):
        return True
    earlier = s.scalar(select(CrawlRun.id).where(CrawlRun.site_id == site.id,
                                                CrawlRun.status.in_(("ok", "partial")),
                                                CrawlRun.finished_at <= article.first_seen).limit(1))
    return earlier is not None


@dataclass(frozen=True)
class AnalysisSettings:
    """What the entry point tells the analysis pass: which events alert and to which channels,
    and how long the detectors may take on one article. Read before the pass, never inside its
    transactions."""
    alerts: AlertSettings
    timeout_seconds: float = ANALYSIS_TIMEOUT_SECONDS


def _confident(confidence: float, alerts: AlertSettings) -> bool:
    """True when an event is sure enough to alert (the settings' minimum, 0.8 by default)."""
    return confidence >= alerts.min_confidence


def _urls(article: Article) -> list[str]:
    return [u.url for u in article.urls] or [article.url]


# --- signings -------------------------------------------------------------------


def _signing_event(s: Session, article: Article, facts_json: dict, district: str | None,
                   alerts: AlertSettings) -> Event | None:
    signing = facts_json["signing"]
    when = signing.get("period") or signing.get("event_date") or article.published.strftime("%Y")
    key = f"signing|{fold(signing.get('district') or district or '')}|{signing['kind']}|{when}"
    existing = s.scalar(select(Event).where(Event.dedup_key == key))
    if existing is not None:  # the same signing from another article or portal
        existing.article_urls = sorted(set(existing.article_urls) | set(_urls(article)))
        return None
    confidence = float(signing.get("confidence", 0.9))
    event = Event(id=str(uuid.uuid4()), type="signing", district=signing.get("district") or district,
                  detected_at=utcnow(), dedup_key=key, article_urls=_urls(article),
                  alert=_should_alert(s, article) and _confident(confidence, alerts),
                  payload={"signing": signing, "title": article.title,
                           "published": article.published.strftime("%Y-%m-%dT%H:%M"),
                           "site": article.site.name, "confidence": confidence,
                           "evidence": [signing["evidence"]]})
    s.add(event)
    return event


# --- leadership changes -----------------------------------------------------------


def _holder(tenure, edge: str) -> dict:
    sighting = tenure.sightings[-1] if edge == "last" else tenure.sightings[0]
    return {"name": tenure.name, "first_seen": tenure.first_seen.strftime("%Y-%m-%d"),
            "last_seen": tenure.last_seen.strftime("%Y-%m-%d"),
            "article_urls": sorted({x.url for x in tenure.sightings}),
            "evidence": {"url": sighting.url, "text": sighting.evidence,
                         "published": sighting.published.strftime("%Y-%m-%dT%H:%M")}}


def _change_key(place_key: str, post: str, change: HolderChange) -> str:
    return _key(place_key, post, change.old.name if change.old else None, change.new.name)


def _announced_confidence(s: Session, change: HolderChange, post: str) -> float:
    """How sure the article that announces a change was of it (1.0 when no article announces it):
    a change read from a doubtful sentence must not alert at the roster's full confidence."""
    first = change.new.sightings[0]
    return _told_confidence(s, first, post) if first.source == "announced" else 1.0


def _told_confidence(s: Session, sighting, post: str) -> float:
    """How sure an announcing article was of the change its sighting stands for."""
    row = s.get(ArticleFacts, sighting.article_id)
    told = [c for c in ((row.facts or {}).get("changes", []) if row else [])
            if c.get("post") == post and same_person(c.get("new_holder"), sighting.name)]
    return max((float(c.get("confidence", 0.9)) for c in told), default=0.9)


def _announcements(change: HolderChange) -> list:
    """The sightings of the new holder's tenure that come from an article announcing the change."""
    return [x for x in change.new.sightings if x.source == "announced"]


def _same_change(event: Event, change: HolderChange) -> bool:
    """True when a stored event tells this change of people, whatever the spellings: a fuller form of
    a holder's name seen later must not delete the event and alert again under a new key."""
    old = (event.payload.get("old_holder") or {}).get("name")
    if (old is None) != (change.old is None):
        return False
    return same_person(event.payload["new_holder"]["name"], change.new.name) and (
        change.old is None or same_person(old, change.old.name))


def _matched(existing: dict[str, Event], wanted: dict[str, HolderChange]) -> dict[str, Event]:
    """The stored event of each wanted change: the one of its key, else one of the same people."""
    matched = {key: existing[key] for key in wanted if key in existing}
    free = [e for key, e in existing.items() if key not in wanted]
    for key, change in wanted.items():
        event = None if key in matched else next((e for e in free if _same_change(e, change)), None)
        if event is not None:
            free.remove(event)
            matched[key] = event
    return matched


def _key(place_key: str, post: str, old: str | None, new: str) -> str:
    return f"leadership_change|{place_key}|{post}|{fold(old) if old else ''}|{fold(new)}"


def _history(s: Session, place_key: str, post: str, since: tuple | None) -> tuple[list, dict]:
    """The post's history rebuilt from the stored tenure ``window_start`` names, and the change of
    every new holder keyed as ``changes_of`` the whole history would key it; a change that sightings
    at or after ``since`` (an order_key) cannot alter is None: its stored event is already right."""
    heads = tenure_heads(s, place_key, post)
    start = window_start(heads, since)
    if start is None:
        sightings = stored_sightings(s, RosterSighting.place_key == place_key, RosterSighting.post == post)
        history = tenures(sightings)
        place, scope = (sightings[0].place, sightings[0].scope) if sightings else ("", "")
        save_tenures(s, place_key, post, place, scope, history)
        return history, {_change_key(place_key, post, c): c for c in changes_of(history)}
    first = head_key(heads[start])
    window = tenures([x for x in stored_sightings(s, RosterSighting.place_key == place_key, RosterSighting.post == post,
                                                   RosterSighting.published >= first[0]) if order_key(x) >= first],
                     previous=heads[start - 1].name if start > 0 else None)
    now = _keys(place_key, post, heads[0].first_announced, [h.name for h in heads[:start]] + [t.name for t in window])
    before = _keys(place_key, post, heads[0].first_announced, [h.name for h in heads])
    # A change kept from before the window has its event right unless a later change of the same
    # key, gone now, wrote that event at the last rebuild (a dict of the history keeps the last).
    if any(i <= start < before.get(key, -1) for key, i in now.items()):
        return _history(s, place_key, post, None)
    save_window(s, place_key, post, heads, window, start)
    return window, {key: None if i <= start else HolderChange(window[i - 1 - start], window[i - start])
                    for key, i in now.items()}


def _keys(place_key: str, post: str, announced: bool, names: list[str]) -> dict[str, int]:
    """The key of each change of a history of these holders, with the number of the tenure its
    last occurrence leads into, in the order ``changes_of`` gives them."""
    out = {_key(place_key, post, None, names[0]): 0} if announced and names else {}
    for i in range(1, len(names)):
        out[_key(place_key, post, names[i - 1], names[i])] = i
    return out


def _rebuild_post(s: Session, place_key: str, post: str, since: tuple | None,
                  alerts: AlertSettings) -> list[Event]:
    """Rebuilds the post's events from its sightings; ``since`` (an order_key), when given, is the
    earliest sighting added or removed since the last rebuild, which need not read further back."""
    _, wanted = _history(s, place_key, post, since)
    subject = f"{place_key}|{post}"
    existing = {e.dedup_key: e for e in s.scalars(select(Event).where(Event.subject == subject))}
    if any(change is None and key not in existing for key, change in wanted.items()):
        return _rebuild_post(s, place_key, post, None, alerts)  # events not as a rebuild left them: read everything
    matched = _matched(existing, wanted)
    kept = {id(e) for e in matched.values()}
    for event in existing.values():
        if id(event) not in kept:
            s.delete(event)  # no longer true in publication order
    s.flush()  # a renamed event may take the key of one just deleted
    created = []
    for key, change in wanted.items():
        if change is None:
            continue
        new_first = change.new.sightings[0]
        urls = sorted({new_first.url} | ({change.old.sightings[-1].url} if change.old else set()))
        announcing = _announcements(change)
        # Every announcement but the tenure's first sighting confirms it (the newcomer may have been
        # seen at work before any article announced the change).
        confidence = confirmed_confidence(min(change_confidence(change), _announced_confidence(s, change, post)),
                                          [_told_confidence(s, x, post) for x in announcing if x is not new_first])
        evidence = list(dict.fromkeys(([change.old.sightings[-1].evidence] if change.old else [])
                                      + [new_first.evidence]))
        payload = {"post": post, "scope": new_first.scope, "place": new_first.place,
                   "old_holder": _holder(change.old, "last") if change.old else None,
                   "new_holder": _holder(change.new, "first"),
                   "announced": change.new.announced, "confidence": confidence, "evidence": evidence}
        if key in matched:
            # What the event says follows the whole history, so crawling in another order (one
            # process or several workers) stores the same event; it is not alerted again. A fuller
            # spelling of a holder seen later takes over the key and the names.
            before = (matched[key].payload or {}).get("confidence")
            matched[key].article_urls, matched[key].payload, matched[key].dedup_key = urls, payload, key
            # Listed while doubtful, now confirmed by an announcing article: it alerts once, as new.
            if announcing and newly_alerting(matched[key].alert, before is not None and _confident(before, alerts),
                                             _confident(confidence, alerts)) \
                    and _should_alert(s, s.get(Article, announcing[-1].article_id)):
                matched[key].alert = True
                enqueue(s, matched[key], alerts)
            continue
        event = Event(id=str(uuid.uuid4()), type="leadership_change",
                      district=new_first.place if new_first.scope in ("district", "ward") else None,
                      detected_at=utcnow(), dedup_key=key, subject=subject, article_urls=urls, payload=payload,
                      alert=_should_alert(s, s.get(Article, new_first.article_id)) and _confident(confidence, alerts))
        s.add(event)
        created.append(event)
    return created


# --- the pass -------------------------------------------------------------------------


Read = tuple[ArticleFacts, str | None]  # an article's facts and the note on them (monitor.analysis_guard)


def _read(text: str, district: str | None, settings: AnalysisSettings) -> Read:
    """The detectors on an article's stored text (under the time limit; may raise)."""
    return read_facts(text, district, settings.timeout_seconds)


def _analyse(s: Session, article: Article, settings: AnalysisSettings, read: Read | None = None
             ) -> tuple[list[Event], dict[tuple[str, str], tuple]]:
    """Stores the article's facts and sightings (``read``: its facts, read before the
    transaction; read here when not given) and its signing event; returns the events
    made and, per touched post, the earliest changed place in its history."""
    return _store_facts(s, [(article, read or _read(article.canonical_text, article.site.district or None, settings))],
                        settings)


_FACTS, _SIGHTINGS = ArticleFacts.__table__, RosterSighting.__table__


def _store_facts(s: Session, items: list[tuple[Article, Read]], settings: AnalysisSettings
                 ) -> tuple[list[Event], dict[tuple[str, str], tuple]]:
    """_analyse for several articles at once, in their order: their facts rows and sightings
    replaced by a few Core statements for all of them (ORM objects, a SELECT and a DELETE per
    article cost more than the detectors), their signing events, and per touched post the
    earliest changed place (an order_key) in its history."""
    ids = [article.id for article, _ in items]
    # One statement removes the articles' earlier sightings and says where they stood.
    removed: dict[int, list] = {}
    for row in s.execute(delete(_SIGHTINGS).where(_SIGHTINGS.c.article_id.in_(ids)).returning(
            _SIGHTINGS.c.article_id, _SIGHTINGS.c.place_key, _SIGHTINGS.c.post, _SIGHTINGS.c.published,
            _SIGHTINGS.c.source)):
        removed.setdefault(row.article_id, []).append((row.place_key, row.post, row.published, row.source))
    s.execute(delete(_FACTS).where(_FACTS.c.article_id.in_(ids)))
    facts_rows: list[dict] = []
    sighting_rows: list[dict] = []
    events: list[Event] = []
    since: dict[tuple[str, str], tuple] = {}
    for article, (facts, note) in items:
        district = article.site.district or None
        facts_json = facts.to_json(article.url)
        if note:
            facts_json["note"] = note
        facts_rows.append({"article_id": article.id, "version": article.version, "analysed_at": utcnow(),
                           "district": facts.district, "facts": facts_json})
        sightings = sightings_of(facts, article.published, facts.district or district)
        sighting_rows.extend({"article_id": article.id, "place_key": x.place_key, "place": x.place,
                              "scope": x.scope, "post": x.post, "name": x.name, "published": x.published,
                              "source": x.source, "evidence": x.evidence} for x in sightings)
        if facts_json["signing"]:
            # (autoflush: a signing event of an earlier article of the batch is found by its key)
            event = _signing_event(s, article, facts_json, facts.district or district, settings.alerts)
            if event is not None:
                events.append(event)
        for key, post, published, source in [*removed.get(article.id, ()),
                                             *((x.place_key, x.post, x.published, x.source) for x in sightings)]:
            here = (published, source != "announced", article.url, article.id)
            since[(key, post)] = min(since.get((key, post), here), here)
    s.execute(insert(_FACTS), facts_rows)
    if sighting_rows:
        s.execute(insert(_SIGHTINGS), sighting_rows)
    return events, since


def _analyse_one(store: Store, article_id: int, settings: AnalysisSettings) -> list[str]:
    with store.session() as s:
        article = s.get(Article, article_id)
        if article is None:
            return []
        events, keys = _analyse(s, article, settings)
        events = _rebuilt_and_enqueued(s, events, keys, settings)
        done(s, article_id, article.version)
        return [e.id for e in events]


def _rebuilt_and_enqueued(s: Session, events: list[Event], since: dict[tuple[str, str], tuple | None],
                          settings: AnalysisSettings) -> list[Event]:
    """``events`` and those of rebuilding each touched post from where its change began, every one
    of them put in the alert outbox."""
    s.flush()
    for place_key, post in sorted(since):
        events.extend(_rebuild_post(s, place_key, post, since[(place_key, post)], settings.alerts))
    s.flush()
    for event in events:
        enqueue(s, event, settings.alerts)
    return events


def _analyse_retrying(store: Store, article_id: int, settings: AnalysisSettings) -> list[str]:
    for attempt in range(3):
        try:
            return guarded(store, article_id, lambda: _analyse_one(store, article_id, settings)) or []
        except IntegrityError:
            # Only an analyser that lost its lease meets another's events: read again.
            if attempt == 2:
                raise
            log.info("event race on article %s, retrying", article_id)
    return []


def _read_batch(store: Store, ids: list[int], settings: AnalysisSettings, lease: Lease) -> dict[int, tuple[int, Read]]:
    """The detectors' facts of each article (id -> (version read, facts)), outside any write
    transaction: an article whose detectors fail or run too long is marked skipped in a
    transaction of its own (monitor.analysis_guard.guarded), as the single path does."""
    out: dict[int, tuple[int, Read]] = {}
    with store.session() as s:
        rows = {row.id: row for row in s.execute(
            select(Article.id, Article.version, Article.canonical_text, Site.district)
            .join(Site, Article.site_id == Site.id).where(Article.id.in_(ids)))}
    for article_id in ids:
        row = rows.get(article_id)
        if row is None or not lease.renew():
            continue  # gone; or the lease lost: it stays queued for the new holder
        read = guarded(store, article_id, lambda: _read(row.canonical_text, row.district or None, settings))
        if read is not None:
            out[article_id] = (row.version, read)
    return out


def _analyse_batch(store: Store, entries: list[tuple[int, int]], settings: AnalysisSettings,
                   lease: Lease) -> tuple[list[str], list[tuple[int, int]]]:
    """Analyses the entries in one transaction: the detectors first, outside it
    (_read_batch); the facts, sightings and signing events of all of them, in queue order
    (_store_facts); each touched post rebuilt once from the earliest change any of them made
    (a post that twenty articles name is read once, not twenty times); the events' outbox
    rows; the queue entries removed. Returns the ids of the events created and the entries
    done; an article stored in a new version meanwhile stays queued for the next batch."""
    reads = _read_batch(store, [article_id for article_id, _ in entries], settings, lease)
    with store.session() as s:
        articles = {a.id: a for a in s.scalars(select(Article).where(Article.id.in_(list(reads)))
                                               .options(joinedload(Article.site)))} if reads else {}
        items: list[tuple[Article, Read]] = []
        finished: list[tuple[int, int]] = []
        for entry in entries:
            article = articles.get(entry[0])
            if article is not None and article.version != reads[entry[0]][0]:
                continue  # a new version stored since it was read: analysed as that, next turn
            finished.append(entry)  # gone, skipped (guarded marked it) or analysed now
            if article is not None:
                items.append((article, reads[entry[0]][1]))
        events, since = _store_facts(s, items, settings) if items else ([], {})
        done_all(s, [(article.id, article.version) for article, _ in items])
        events = _rebuilt_and_enqueued(s, events, since, settings)
        return [e.id for e in events], finished


def _analyse_entries(store: Store, entries: list[tuple[int, int]], settings: AnalysisSettings,
                     lease: Lease) -> tuple[list[str], list[tuple[int, int]]]:
    """The batch in one transaction; on a race (IntegrityError: only an analyser that lost its
    lease meets another's events) or any other failure, the articles one by one as before,
    each in its own transaction under ``guarded``, so one bad article stops nothing."""
    try:
        return _analyse_batch(store, entries, settings, lease)
    except IntegrityError:
        log.info("event race in a batch of %d articles, analysing them one by one", len(entries))
    except Exception as exc:  # noqa: BLE001 - the single path below says which article, and skips it
        log.warning("a batch of %d articles failed (%s: %s); analysing them one by one",
                    len(entries), type(exc).__name__, exc)
    created: list[str] = []
    finished: list[tuple[int, int]] = []
    for entry in entries:
        if not lease.renew():
            break
        created.extend(_analyse_retrying(store, entry[0], settings))
        finished.append(entry)
    return created, finished


def analyse_pending(store: Store, article_ids: Iterable[int] | None = None,
                    wait: float = LEASE_WAIT_SECONDS, settings: AnalysisSettings | None = None) -> list[str]:
    """Analyses the queued articles (new ones, new versions) in order of publication; returns
    the ids of the events created. Up to WRITE_BATCH articles are one transaction with their
    events, their outbox rows and their removal from the queue (_analyse_batch). One process at a time: a call that cannot
    take the store's analysis lease within ``wait`` seconds returns [], the holder
    analysing what is queued. ``settings`` come from the entry point; without them the
    environment's alert settings are read once, here."""
    settings = settings or AnalysisSettings(current_alert_settings())
    lease = Lease(store.engine)
    if not lease.acquire(wait):
        log.info("another process is analysing this store; it analyses the queued articles")
        return []
    only = None if article_ids is None else set(article_ids)
    created: list[str] = []
    analysed: set[tuple[int, int]] = set()
    try:
        while True:
            with store.session() as s:
                batch = [entry for entry in queued(s, QUEUE_BATCH, only=only) if entry not in analysed]
            if not batch:
                break  # (an entry not removed, should one be, is not read twice in a pass)
            for start in range(0, len(batch), WRITE_BATCH):
                if not lease.renew():
                    log.warning("the analysis lease was lost; the new holder analyses the rest")
                    return created
                made, finished = _analyse_entries(store, batch[start:start + WRITE_BATCH], settings, lease)
                created.extend(made)
                analysed.update(finished)
    finally:
        lease.release()
    if created:
        log.info("analysed %d articles: %d new events", len(analysed), len(created))
    return created


def _listed(s: Session, columns: list, type_: str | None, district: str | None, since: datetime | None) -> list:
    """``columns`` (Event.district among them) of the events the filters of `events` keep, oldest
    first; ``district`` is matched as `events --district` documents (``same_place``)."""
    query = select(*columns).order_by(Event.detected_at, Event.id)
    if type_:
        query = query.where(Event.type == type_)
    if since:
        query = query.where(Event.detected_at >= since)
    if district:
        query = query.where(Event.district_key == district_search_key(district))
    # On the connection: the session's ORM result machinery would cost more than the rows.
    rows = s.connection().execute(query).all()  # one fetch: row by row costs a driver call each
    return [e for e in rows if same_place(e.district or "", district)] if district else rows


def _stored_or_written(s: Session, rows: list, stored: Callable[[Any], str | None],
                       write: Callable[[Event], str]) -> list[str]:
    """Each row's stored text, or for an event without one (written by a Core statement, not
    through the ORM's hooks) the text ``write`` makes of it."""
    missing = [e.id for e in rows if stored(e) is None]
    written = {e.id: write(e) for e in s.scalars(select(Event).where(Event.id.in_(missing)))} if missing else {}
    return [written[e.id] if stored(e) is None else stored(e) for e in rows]


def event_lines(store: Store, *, type_: str | None = None, district: str | None = None,
                since: datetime | None = None) -> list[str]:
    """`events --json`'s lines, oldest first: each event's stored document (storage.event_document),
    printed as stored."""
    # One text column per event: decoding every payload (URL lists of both holders) and encoding
    # it again was most of the listing's time at a million articles.
    with store.session() as s:
        rows = _listed(s, [Event.id, Event.district, Event.document], type_, district, since)
        return _stored_or_written(s, rows, lambda e: e.document, event_text)


def list_events(store: Store, *, type_: str | None = None, district: str | None = None,
                since: datetime | None = None) -> list[dict]:
    """``event_lines`` as objects, oldest first."""
    return [orjson.loads(line) for line in event_lines(store, type_=type_, district=district, since=since)]


def event_headlines(store: Store, *, type_: str | None = None, district: str | None = None,
                    since: datetime | None = None) -> list[dict]:
    """What `events` prints without --json, as ``list_events`` selects it: each event's stored
    headline (storage.event_document.event_headline), its document without URL lists and evidence."""
    # A fifteenth of the documents to read and decode at a million articles; reading the few
    # fields from the payloads in SQL parsed every payload once per field instead.
    with store.session() as s:
        rows = _listed(s, [Event.id, Event.district, Event.headline], type_, district, since)
        texts = _stored_or_written(s, rows, lambda e: e.headline,
                                   lambda e: document_text(event_headline(event_json(e))))
    return [orjson.loads(text) for text in texts]
