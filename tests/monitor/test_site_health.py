"""site_health events from real crawl runs in a real store."""

from __future__ import annotations

from sqlalchemy import select

from monitor.health import HealthSettings, check_site
from monitor_helpers import settings_for
from storage.models import Event, OutboxItem

SETTINGS = HealthSettings(failed_runs=3, bad_article_ratio=0.5)
OK = {"pages": 5, "articles_new": 4, "articles_unchanged": 0, "missing": {"title": 0, "date": 0, "body": 0},
      "errors": {}, "articles_listed": 20}


def _run(store, site, status, figures=None, error=None):
    run_id = store.start_crawl_run(site, "crawl")
    store.finish_crawl_run(run_id, status, figures if figures is not None else {"pages": 0}, error)
    return run_id


def _health(store):
    with store.session() as s:
        return [(e.payload["problem"], e.payload["state"])
                for e in s.scalars(select(Event).where(Event.type == "site_health").order_by(Event.detected_at))]


def test_failing_crawls_raise_one_event_and_recovery_another(store, receiver):
    alerts = settings_for(receiver)
    _run(store, "tanlam", "ok", OK)
    for _ in range(5):
        _run(store, "tanlam", "failed", error="connection refused")
        check_site(store, "tanlam", SETTINGS, alerts)
    assert _health(store) == [("crawl_failures", "raised")]
    _run(store, "tanlam", "ok", OK)
    check_site(store, "tanlam", SETTINGS, alerts)
    check_site(store, "tanlam", SETTINGS, alerts)  # the same run looked at twice adds nothing
    assert _health(store) == [("crawl_failures", "raised"), ("crawl_failures", "recovered")]
    with store.session() as s:
        assert s.scalar(select(OutboxItem).where(OutboxItem.channel == "webhook")) is not None
        assert len(list(s.scalars(select(OutboxItem)))) == 2


def test_two_failures_are_not_yet_a_problem(store):
    _run(store, "tanlam", "failed")
    _run(store, "tanlam", "failed")
    assert check_site(store, "tanlam", SETTINGS, settings_for()) == []


def test_articles_without_title_date_or_body_raise_layout(store):
    alerts = settings_for()
    _run(store, "tanlam", "ok", OK)
    broken = {**OK, "articles_new": 1, "missing": {"title": 3, "date": 3, "body": 1}}
    _run(store, "tanlam", "partial", broken)
    check_site(store, "tanlam", SETTINGS, alerts)
    quiet = {**OK, "articles_new": 0}  # nothing read: says nothing about the layout
    _run(store, "tanlam", "ok", quiet)
    check_site(store, "tanlam", SETTINGS, alerts)
    assert _health(store) == [("layout", "raised")]
    _run(store, "tanlam", "ok", OK)
    check_site(store, "tanlam", SETTINGS, alerts)
    assert _health(store) == [("layout", "raised"), ("layout", "recovered")]


def test_generic_fallback_counts_as_a_changed_layout(store):
    _run(store, "tanlam", "partial", {**OK, "errors": {"layout_changed": 4}})
    check_site(store, "tanlam", SETTINGS, settings_for())
    assert _health(store) == [("layout", "raised")]


def test_list_pages_emptied_raise_no_articles(store):
    alerts = settings_for()
    _run(store, "tanlam", "ok", OK)
    _run(store, "tanlam", "ok", {**OK, "articles_new": 0, "articles_listed": 0})
    check_site(store, "tanlam", SETTINGS, alerts)
    _run(store, "tanlam", "ok", {**OK, "articles_new": 0, "articles_listed": 0})
    check_site(store, "tanlam", SETTINGS, alerts)
    _run(store, "tanlam", "ok", {**OK, "articles_new": 0})
    check_site(store, "tanlam", SETTINGS, alerts)
    assert _health(store) == [("no_articles", "raised"), ("no_articles", "recovered")]


def test_a_recrawl_lists_nothing_and_says_nothing_about_the_lists(store):
    alerts = settings_for()
    _run(store, "tanlam", "ok", OK)
    run_id = store.start_crawl_run("tanlam", "recrawl")
    store.finish_crawl_run(run_id, "ok", {**OK, "articles_new": 0, "articles_listed": 0})
    assert check_site(store, "tanlam", SETTINGS, alerts) == []
