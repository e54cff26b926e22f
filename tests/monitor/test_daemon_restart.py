"""A restart does not silence sites: the daemon (a real process) is stopped with
SIGTERM before it got to every site, started again, and crawls the sites it
never crawled, or cut short, within a minute, though their jobs in the job store
say an hour."""

from __future__ import annotations

import time

import pytest
from sqlalchemy import select

from monitor_helpers import simulator_sites, write_registry
from storage.models import CrawlRun, Site
from storage.store import Store

pytestmark = pytest.mark.slow

HOUR = 3600
# Three sites over 60 s: caugiay at once, hoankiem after 20 s, thanhtri after 40 s.
ENV = {"PORTALWATCH_START_SPREAD_SECONDS": "60", "PORTALWATCH_CRAWL_WORKERS": "2"}


def _started(daemon, site: str) -> list[dict]:
    return [x for x in daemon.log_lines() if x.get("msg") == "crawl starting" and x.get("site") == site]


def test_sites_not_crawled_before_a_sigterm_are_crawled_within_a_minute_of_the_restart(simulator, tmp_path,
                                                                                    daemons):
    db_url = f"sqlite:///{tmp_path / 'monitor.db'}"
    entries = {e["name"]: e for e in simulator_sites(simulator, ["caugiay", "hoankiem", "thanhtri"], HOUR)}
    sites = write_registry(tmp_path / "sites.yaml", [entries["caugiay"], entries["hoankiem"], entries["thanhtri"]])
    simulator.set_delay("hoankiem", 2)  # its crawl is still running when the daemon stops

    first = daemons(db_url, sites, ENV)
    assert first.wait_for_log("crawl finished", timeout=60, site="caugiay")
    assert first.wait_for_log("crawl starting", timeout=60, site="hoankiem")
    time.sleep(1)
    assert not _started(first, "thanhtri"), "the spread did not hold thanhtri back"
    status, seconds = first.terminate()
    assert status == 0 and seconds < 10
    simulator.set_delay("hoankiem", 0)

    store = Store.open(db_url)
    with store.session() as s:
        cut = s.scalars(select(CrawlRun).join(Site).where(Site.name == "hoankiem")).all()
    store.engine.dispose()
    assert [r.error.split(":")[0] for r in cut] == ["cut short"]

    second = daemons(db_url, sites, ENV)
    restarted = time.monotonic()
    assert second.wait_for_log("scheduler started", timeout=30)
    [started] = [x for x in second.log_lines() if x.get("msg") == "scheduler started"]
    assert started["jobs"] == {"caugiay": "kept", "hoankiem": "kept, due now", "thanhtri": "kept, due now"}
    assert second.wait_for_log("crawl starting", timeout=60 - (time.monotonic() - restarted), site="thanhtri")
    assert second.wait_for_log("crawl finished", timeout=60, site="thanhtri")
    assert second.wait_for_log("crawl finished", timeout=60, site="hoankiem")
    [thanhtri] = _started(second, "thanhtri")
    [hoankiem] = _started(second, "hoankiem")
    assert thanhtri["ts"] > hoankiem["ts"]  # spread out: the second due site 30 s after the first
    assert not _started(second, "caugiay"), "a site crawled an hour ago was crawled again"
    assert second.terminate()[0] == 0
