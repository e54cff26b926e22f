"""Migration 0007: a store whose events and tenures predate their stored documents gets them,
and `events --json` / `roster --json` print what they printed before."""

from __future__ import annotations

from datetime import datetime

from alembic import command
from sqlalchemy import func, select

from monitor.events import analyse_pending, event_headlines, event_lines
from monitor.roster_query import roster_lines
from storage.canonical import CanonicalArticle
from storage.db import alembic_config
from storage.models import Event
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


def test_upgrade_from_0006_writes_every_document(store) -> None:
    from crawler.registry import Site

    store.sync_sites([Site(name="thanhtri", url="http://thanhtri.local/", district="Thanh Trì")])
    for slug, name, day in (("a", "Nguyễn Văn An", 2), ("b", "Trần Văn Bình", 9), ("c", "Lê Thị Cúc", 20)):
        _save(store, slug, name, day)
    analyse_pending(store)
    events, headlines, roster = event_lines(store), event_headlines(store), roster_lines(store)
    assert len(events) == 3 and len(roster) == 1

    _migrate(store, "downgrade", "0006")
    _migrate(store, "upgrade", "head")
    with store.session() as s:
        assert s.scalar(select(func.count()).select_from(Event).where(
            Event.document.is_(None) | Event.headline.is_(None))) == 0
        assert s.scalar(select(func.count()).select_from(RosterTenure).where(RosterTenure.document.is_(None))) == 0
    assert event_lines(store) == events and event_headlines(store) == headlines
    assert roster_lines(store) == roster
