"""Events and roster holders stored ready to print (migration 0007): whatever wrote the row, its
document is what encoding its columns gives, and `events --json` / `roster --json` print it."""

from __future__ import annotations

import json
from datetime import datetime

from sqlalchemy import select

import monitor.events as events
from monitor.events import analyse_pending, event_lines, list_events
from monitor.roster_query import roster_entries, roster_headlines, roster_lines
from storage.canonical import read_article_file
from tests.events.seed_store import store_seeds
from storage.event_document import document_text, event_headline, event_json, event_text, holder_json
from storage.models import Event
from storage.models_facts import RosterTenure
from tests.conftest import run_cli


def _assert_documents_follow_columns(store) -> None:
    with store.session() as s:
        events = list(s.scalars(select(Event).order_by(Event.detected_at, Event.id)))
        tenures = list(s.scalars(select(RosterTenure)))
    assert events and tenures
    assert all(e.document == event_text(e) for e in events)
    assert all(e.headline == document_text(event_headline(event_json(e))) for e in events)
    assert list_events(store) == [event_json(e) for e in events]
    assert all(t.document == document_text(holder_json(t.name, t.first_seen, t.last_seen, t.article_urls))
               for t in tenures)


def test_documents_follow_every_write_of_their_rows(store, seed_paths) -> None:
    store_seeds(store, seed_paths)
    _assert_documents_follow_columns(store)
    # A republished copy of a signing adds its URL to the stored event (an update, not an insert).
    article = read_article_file(seed_paths[2])
    copy = article.with_paragraphs(article.paragraphs + ("Nguồn: mttqhanoi.org.vn",))
    store.save_article(copy, url="http://mttqhanoi.local/copy", site="mttqhanoi")
    analyse_pending(store)
    signing = next(e for e in list_events(store) if "http://mttqhanoi.local/copy" in e["article_urls"])
    assert signing["type"] == "signing"
    _assert_documents_follow_columns(store)


def test_lines_are_the_objects_encoded_as_the_commands_always_printed_them(store, seed_paths) -> None:
    store_seeds(store, seed_paths)
    for wanted in ({}, {"type_": "leadership_change"}, {"district": "thanh tri"}, {"since": datetime(2099, 1, 1)}):
        assert event_lines(store, **wanted) == [json.dumps(e, ensure_ascii=False) for e in list_events(store, **wanted)]
    for wanted in ({}, {"district": "Thanh Trì"}, {"at": datetime(2019, 6, 1)}, {"district": "nowhere"}):
        lines = roster_lines(store, **wanted)
        assert lines == [json.dumps(e, ensure_ascii=False) for e in roster_entries(store, **wanted)]
    assert roster_lines(store) and not roster_lines(store, district="nowhere")


def test_the_text_listings_print_what_the_whole_objects_print(store, seed_paths) -> None:
    from portalwatch.commands.events import _event_line, _roster_line
    from storage.findings import add_events

    store_seeds(store, seed_paths)
    add_events(store, [{"id": "health-1", "type": "site_health", "district": "Thanh Trì",
                        "detected_at": datetime(2030, 1, 1), "dedup_key": "site_health:x", "article_urls": [],
                        "payload": {"site": "thanhtri", "problem": "empty", "state": "raised"}}],
               lambda _s, _e: None)
    for wanted in ({}, {"type_": "signing"}, {"district": "thanh tri"}):
        whole = events.list_events(store, **wanted)
        assert [_event_line(e) for e in events.event_headlines(store, **wanted)] == [_event_line(e) for e in whole]
    assert any(e["type"] == "site_health" for e in events.list_events(store))
    for wanted in ({}, {"district": "Thanh Trì"}, {"at": datetime(2019, 6, 1)}):
        old = [f"{e['place']:<14} {e['post']:<32} "
               + "; ".join(f"{h['name']} ({h['first_seen']} – {h['last_seen']})" for h in e["holders"])
               for e in roster_entries(store, **wanted)]
        assert [_roster_line(*entry) for entry in roster_headlines(store, **wanted)] == old


def test_the_commands_print_one_line_per_event_and_per_post(db_url, seed_paths) -> None:
    from storage.store import Store

    store = Store.open(db_url)
    store_seeds(store, seed_paths)
    events, roster = list_events(store), roster_entries(store)
    store.engine.dispose()
    printed = run_cli("events", "--json", db_url=db_url)
    assert printed.returncode == 0 and [json.loads(x) for x in printed.stdout.splitlines()] == events
    printed = run_cli("roster", "--json", db_url=db_url)
    assert printed.returncode == 0 and [json.loads(x) for x in printed.stdout.splitlines()] == roster
    text = run_cli("events", db_url=db_url)
    assert text.returncode == 0 and len(text.stdout.splitlines()) == len(events)


def test_an_event_written_without_its_documents_is_listed_from_its_columns(store, seed_paths) -> None:
    from sqlalchemy import update

    store_seeds(store, seed_paths)
    lines, headlines = event_lines(store), events.event_headlines(store)
    with store.engine.begin() as conn:  # a Core statement: no ORM hook writes the documents
        conn.execute(update(Event).values(document=None, headline=None))
    assert event_lines(store) == lines and events.event_headlines(store) == headlines


def test_a_headline_cuts_url_lists_and_evidence_and_keeps_whatever_else_a_writer_stored() -> None:
    change = {"id": "e", "type": "leadership_change", "article_urls": ["u"], "evidence": ["x"], "post": "p",
              "old_holder": None, "new_holder": {"name": "A", "article_urls": ["u"], "evidence": {"text": "x"}}}
    assert event_headline(change) == {"id": "e", "type": "leadership_change", "post": "p", "old_holder": None,
                                      "new_holder": {"name": "A"}}
    odd = {**change, "new_holder": "Nguyễn Văn A"}  # a payload not shaped as the analysis shapes it
    assert event_headline(odd)["new_holder"] == "Nguyễn Văn A"
    health = {"id": "h", "type": "site_health", "article_urls": [], "evidence": ["kept"]}
    assert event_headline(health) == health
