"""Migration 0006: roster_tenures starts empty on a store with sightings; `roster` prints the same
from the sightings until the posts are analysed again, and from the stored tenures after."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import func, select

from monitor.events import analyse_pending
from monitor.roster_query import roster_entries
from storage.models_facts import RosterTenure
from tests.monitor.migration_helpers import migrate, save_chair_article



def _tenures(store) -> int:
    with store.session() as s:
        return s.scalar(select(func.count()).select_from(RosterTenure))


def test_upgrade_from_0005_keeps_the_roster_and_the_next_analysis_stores_it(store) -> None:
    from crawler.registry import Site

    store.sync_sites([Site(name="thanhtri", url="http://thanhtri.local/", district="Thanh Trì")])
    save_chair_article(store, "a", "Nguyễn Văn An", 2)
    save_chair_article(store, "b", "Trần Văn Bình", 9)
    analyse_pending(store)
    before = roster_entries(store)
    assert [h["name"] for h in before[0]["holders"]] == ["Nguyễn Văn An", "Trần Văn Bình"]
    assert _tenures(store) == 2

    migrate(store, "downgrade", "0005")
    migrate(store, "upgrade", "head")
    assert _tenures(store) == 0
    assert roster_entries(store) == before  # read from the sightings
    assert roster_entries(store, district="thanh tri", at=datetime(2024, 5, 5)) == [
        {**before[0], "holders": before[0]["holders"][:1]}]

    save_chair_article(store, "c", "Lê Thị Cúc", 20)
    analyse_pending(store)
    assert _tenures(store) == 3
    after = roster_entries(store)
    assert after[0]["holders"][:2] == before[0]["holders"]
    assert [h["name"] for h in after[0]["holders"]] == ["Nguyễn Văn An", "Trần Văn Bình", "Lê Thị Cúc"]
