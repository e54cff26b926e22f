"""Migration 0006: roster_tenures starts empty on a store with sightings; `roster` prints the same
from the sightings until the posts are analysed again, and from the stored tenures after."""

from __future__ import annotations

from datetime import datetime

from alembic import command
from sqlalchemy import func, select

from monitor.events import analyse_pending
from monitor.roster_query import roster_entries
from storage.canonical import CanonicalArticle
from storage.db import alembic_config
from storage.models_facts import RosterTenure

CHAIR = "Kỳ họp HĐND huyện Thanh Trì đã bầu đồng chí {} giữ chức Chủ tịch UBND huyện Thanh Trì nhiệm kỳ 2021-2026."


def _migrate(store, how: str, revision: str) -> None:
    with store.engine.begin() as connection:
        cfg = alembic_config()
        cfg.attributes["connection"] = connection
        getattr(command, how)(cfg, revision)


def _save(store, slug: str, name: str, day: int) -> None:
    article = CanonicalArticle(title=f"Tin {slug}", published=datetime(2024, 5, day, 8, 0),
                               paragraphs=(CHAIR.format(name), "P.V"))
    store.save_article(article, url=f"http://thanhtri.local/{slug}", site="thanhtri")


def _tenures(store) -> int:
    with store.session() as s:
        return s.scalar(select(func.count()).select_from(RosterTenure))


def test_upgrade_from_0005_keeps_the_roster_and_the_next_analysis_stores_it(store) -> None:
    from crawler.registry import Site

    store.sync_sites([Site(name="thanhtri", url="http://thanhtri.local/", district="Thanh Trì")])
    _save(store, "a", "Nguyễn Văn An", 2)
    _save(store, "b", "Trần Văn Bình", 9)
    analyse_pending(store)
    before = roster_entries(store)
    assert [h["name"] for h in before[0]["holders"]] == ["Nguyễn Văn An", "Trần Văn Bình"]
    assert _tenures(store) == 2

    _migrate(store, "downgrade", "0005")
    _migrate(store, "upgrade", "head")
    assert _tenures(store) == 0
    assert roster_entries(store) == before  # read from the sightings
    assert roster_entries(store, district="thanh tri", at=datetime(2024, 5, 5)) == [
        {**before[0], "holders": before[0]["holders"][:1]}]

    _save(store, "c", "Lê Thị Cúc", 20)
    analyse_pending(store)
    assert _tenures(store) == 3
    after = roster_entries(store)
    assert after[0]["holders"][:2] == before[0]["holders"]
    assert [h["name"] for h in after[0]["holders"]] == ["Nguyễn Văn An", "Trần Văn Bình", "Lê Thị Cúc"]
