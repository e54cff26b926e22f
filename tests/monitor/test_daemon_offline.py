"""A first run with no network and no alert channel (a real daemon process on
hosts that do not resolve): no DNS retries, one line per unreachable site, a
summary that points to the offline demo, and the missing channels named."""

from __future__ import annotations

import time

import pytest

from sqlalchemy import select

from monitor_helpers import write_registry
from storage.models import CrawlRun
from storage.store import Store

pytestmark = pytest.mark.slow

NOWHERE = [{"name": f"nowhere{i}", "url": f"https://nowhere{i}.invalid/", "district": "Ba Đình",
            "schedule": {"interval_seconds": 3600, "jitter_seconds": 0}} for i in (1, 2)]


def test_unreachable_sites_are_named_once_each_and_summed_up(tmp_path, daemons):
    sites = write_registry(tmp_path / "sites.yaml", NOWHERE)
    started = time.monotonic()
    db_url = f"sqlite:///{tmp_path / 'offline.db'}"
    daemon = daemons(db_url, sites,
                     {"PORTALWATCH_START_SPREAD_SECONDS": "1"})
    summary = "0 of 2 sites reachable; see `make demo` or `portalwatch simulate` to see the product offline"
    assert daemon.wait_for_log(summary, timeout=60)
    # Two crawl processes, each a robots.txt request and a home page request without retries.
    assert time.monotonic() - started < 40
    lines = daemon.log_lines()
    unreachable = [x for x in lines if x.get("msg") == "site unreachable"]
    assert sorted(x["site"] for x in unreachable) == ["nowhere1", "nowhere2"]
    assert {x["host"] for x in unreachable} == {"nowhere1.invalid", "nowhere2.invalid"}
    assert all("does not resolve" in x["why"] for x in unreachable)
    # Beside that warning, one line of the spider per site says what failed; robots.txt stays quiet.
    loud = [x["msg"] for x in lines if x.get("level") in ("warning", "error") and x.get("msg") != "site unreachable"]
    assert sorted(m for m in loud if "nowhere" in m) == [f"nowhere{i}: https://nowhere{i}.invalid/ (dns)" for i in (1, 2)]
    runs = [x for x in lines if x.get("msg") == "crawl finished"]
    assert len(runs) == 2
    messages = [x["msg"] for x in lines]
    assert "no alert channel is set: events are stored, and nobody is told of them" in messages
    assert any("PORTALWATCH_SMTP_URL" in m for m in messages)
    assert any("PORTALWATCH_WEBHOOK_URL" in m for m in messages)
    assert daemon.terminate()[0] == 0
    store = Store.open(db_url)
    with store.session() as s:
        figures = s.scalars(select(CrawlRun.figures)).all()
    store.engine.dispose()
    assert [(f["requests"], f["errors"]) for f in figures] == [(2, {"dns": 1})] * 2  # no retry
