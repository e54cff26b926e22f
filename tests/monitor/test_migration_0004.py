"""Migration 0004: roster_sightings indexed by (place_key, post, published), down and up again."""

from __future__ import annotations

from alembic import command
from alembic.runtime.migration import MigrationContext
from sqlalchemy import inspect

from monitor.roster_query import roster_entries
from storage.db import alembic_config, head_revision


def _migrate(store, how: str, revision: str) -> None:
    with store.engine.begin() as connection:
        cfg = alembic_config()
        cfg.attributes["connection"] = connection
        getattr(command, how)(cfg, revision)


def _indexes(store) -> dict[str, tuple[str, ...]]:
    return {i["name"]: tuple(i["column_names"]) for i in inspect(store.engine).get_indexes("roster_sightings")}


def test_the_roster_index_replaces_the_place_and_post_one_and_goes_back(store):
    with store.engine.connect() as connection:
        assert MigrationContext.configure(connection).get_current_revision() == head_revision()
    upgraded = _indexes(store)
    assert upgraded["ix_roster_sightings_place_post_published"] == ("place_key", "post", "published")
    assert "ix_roster_sightings_key" not in upgraded

    _migrate(store, "downgrade", "0003")
    assert _indexes(store)["ix_roster_sightings_key"] == ("place_key", "post")
    assert "ix_roster_sightings_place_post_published" not in _indexes(store)

    _migrate(store, "upgrade", "head")
    assert _indexes(store) == upgraded
    assert roster_entries(store, district="Thanh Trì") == []
