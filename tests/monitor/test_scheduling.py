"""Registry schedules as APScheduler 3 triggers."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from crawler.registry import Schedule
from monitor.scheduling import _cron_weekdays, describe, trigger_for

HANOI = ZoneInfo("Asia/Ho_Chi_Minh")


@pytest.mark.parametrize("field,names", [("1-5", "mon,tue,wed,thu,fri"), ("0", "sun"), ("7", "sun"),
                                         ("*/2", "sun,tue,thu,sat"), ("0,6", "sun,sat"),
                                         ("mon-fri", "mon-fri")])
def test_crontab_weekdays_count_from_sunday(field, names):
    assert _cron_weekdays(field) == names


def test_cron_schedule_fires_in_vietnamese_time():
    trigger = trigger_for(Schedule(interval_seconds=None, cron="30 6 * * 1", jitter_seconds=0), HANOI)
    saturday = datetime(2026, 11, 21, 12, 0, tzinfo=HANOI)
    assert trigger.get_next_fire_time(None, saturday) == datetime(2026, 11, 23, 6, 30, tzinfo=HANOI)  # Monday


def test_interval_jitter_only_delays():
    trigger = trigger_for(Schedule(interval_seconds=600, jitter_seconds=30), HANOI)
    now = datetime.now(HANOI)
    fire = trigger.get_next_fire_time(None, now)
    assert 600 - 1 <= (fire - now).total_seconds() <= 600 + 30 + 1
    assert describe("tanlam", Schedule(interval_seconds=600, jitter_seconds=30)) == "crawl tanlam every 600s jitter 30s"


def _registry(*names: str):
    from crawler.registry import Registry, Site

    return Registry(sites=tuple(Site(name=n, url=f"http://127.0.0.1/{n}/", district="Cầu Giấy",
                                     schedule=Schedule(interval_seconds=3600)) for n in names))


def _finished_run(store, site: str, minutes_ago: int, error: str | None = None) -> None:
    from datetime import timedelta

    from storage.models import CrawlRun
    from storage.clock import utcnow

    run_id = store.start_crawl_run(site, "crawl")
    store.finish_crawl_run(run_id, "ok", {"pages": 1}, error)
    with store.session() as s:
        s.get(CrawlRun, run_id).finished_at = utcnow() - timedelta(minutes=minutes_ago)


def test_due_sites_are_those_without_a_whole_crawl_within_their_interval(store):
    from monitor.scheduling import due_sites

    registry = _registry("fresh", "stale", "never", "cut")
    store.sync_sites(registry.sites)
    _finished_run(store, "fresh", 10)
    _finished_run(store, "stale", 90)
    _finished_run(store, "cut", 5, error="cut short: stopped by the daemon")
    assert due_sites(store, registry, HANOI) == ["stale", "never", "cut"]


def test_first_runs_spread_over_the_window_the_first_at_once():
    from datetime import timezone

    from monitor.scheduling import first_runs

    now = datetime(2026, 12, 1, 3, 0, tzinfo=timezone.utc)
    runs = first_runs(["a", "b", "c", "d"], 60, now)
    assert [(t - now).total_seconds() for t in runs.values()] == [0, 15, 30, 45]
    assert first_runs([], 60, now) == {}
