"""What the migration tests share: running Alembic on a test store, and articles that name a
chair of Thanh Trì so that the analysis stores sightings, tenures and events."""

from __future__ import annotations

from datetime import datetime

from alembic import command

from storage.canonical import CanonicalArticle
from storage.db import alembic_config

CHAIR = "Kỳ họp HĐND huyện Thanh Trì đã bầu đồng chí {} giữ chức Chủ tịch UBND huyện Thanh Trì nhiệm kỳ 2021-2026."


def migrate(store, how: str, revision: str) -> None:
    """``alembic <how> <revision>`` ("upgrade" or "downgrade") on the store's database."""
    with store.engine.begin() as connection:
        cfg = alembic_config()
        cfg.attributes["connection"] = connection
        getattr(command, how)(cfg, revision)


def save_chair_article(store, slug: str, name: str, day: int) -> None:
    """An article of May 2024 on the site thanhtri that names ``name`` chair of the UBND."""
    article = CanonicalArticle(title=f"Tin {slug}", published=datetime(2024, 5, day, 8, 0),
                               paragraphs=(CHAIR.format(name), "P.V"))
    store.save_article(article, url=f"http://thanhtri.local/{slug}", site="thanhtri")
