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
