"""Events are made when a crawl stores articles; alerts only after the backfill."""

from __future__ import annotations

import json

import pytest

from tests.conftest import run_cli
from tests.crawler.conftest import crawl

# Three crawls of the simulator in a row; `make test-all` runs it.
pytestmark = pytest.mark.slow


def _events(db_url):
    done = run_cli("events", "--json", db_url=db_url)
    assert done.returncode == 0, done.stderr
    return [json.loads(line) for line in done.stdout.splitlines() if line.startswith("{")]


def test_crawl_makes_events_and_only_later_crawls_alert(simulator, db):
    results, done = crawl(db, simulator.registry_path, "thanhtri")
    assert results["thanhtri"]["status"] == "ok", done.stderr
    events = _events(db)
    signings = [e for e in events if e["type"] == "signing" and e["district"] == "Thanh Trì"]
    assert any(e["signing"]["period"] == "2020" and e["signing"]["event_date"] == "2020-01-10" for e in signings)
    changes = [e for e in events if e["type"] == "leadership_change" and e["post"] == "hdnd_chair"
               and e["district"] == "Thanh Trì"]
    assert any(e["old_holder"]["name"] == "Trần Văn Khương" and e["new_holder"]["name"] == "Trần Công Thành"
               for e in changes)
    # A signing published after the first crawl is found by the next one, once.
    simulator.publish("thanhtri", title="HĐND - UBND - Ủy ban MTTQ huyện Thanh Trì ký kết chương trình phối hợp năm 2031",
                      paragraphs=["Ngày 9/1, Thường trực HĐND, UBND và Ban Thường trực Ủy ban MTTQ huyện Thanh Trì "
                                  "đã ký kết chương trình phối hợp công tác năm 2031.",
                                  "Thanh Hồng – Trung tâm VH-TT&TT"])
    crawl(db, simulator.registry_path, "thanhtri")
    crawl(db, simulator.registry_path, "thanhtri")
    new = [e for e in _events(db) if e["type"] == "signing" and e["signing"]["period"] == "2031"]
    assert len(new) == 1 and new[0]["district"] == "Thanh Trì"
    from sqlalchemy import select

    from storage.models import Event
    from storage.store import Store

    store = Store.open(db)
    with store.session() as s:
        alerting = {e.id for e in s.scalars(select(Event).where(Event.alert.is_(True)))}
    store.engine.dispose()
    assert alerting == {new[0]["id"]}  # the backfill of the first crawl does not alert
