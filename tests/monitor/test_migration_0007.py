"""Migration 0007: a store whose events and tenures predate their stored documents gets them,
and `events --json` / `roster --json` print what they printed before."""

from __future__ import annotations

from sqlalchemy import func, select

from monitor.events import analyse_pending, event_headlines, event_lines
from monitor.roster_query import roster_lines
from storage.models import Event
from storage.models_facts import RosterTenure
from tests.monitor.migration_helpers import migrate, save_chair_article



def test_upgrade_from_0006_writes_every_document(store) -> None:
    from crawler.registry import Site

    store.sync_sites([Site(name="thanhtri", url="http://thanhtri.local/", district="Thanh Trì")])
    for slug, name, day in (("a", "Nguyễn Văn An", 2), ("b", "Trần Văn Bình", 9), ("c", "Lê Thị Cúc", 20)):
        save_chair_article(store, slug, name, day)
    analyse_pending(store)
    events, headlines, roster = event_lines(store), event_headlines(store), roster_lines(store)
    assert len(events) == 3 and len(roster) == 1

    migrate(store, "downgrade", "0006")
    migrate(store, "upgrade", "head")
    with store.session() as s:
        assert s.scalar(select(func.count()).select_from(Event).where(
            Event.document.is_(None) | Event.headline.is_(None))) == 0
        assert s.scalar(select(func.count()).select_from(RosterTenure).where(RosterTenure.document.is_(None))) == 0
    assert event_lines(store) == events and event_headlines(store) == headlines
    assert roster_lines(store) == roster
