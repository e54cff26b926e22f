"""Migration 0003: crawl_runs.owner, and APScheduler's job table under the migrations
with the very schema SQLAlchemyJobStore creates; down and up again; a daemon on it."""

from __future__ import annotations

import json

from alembic import command
from alembic.runtime.migration import MigrationContext
from apscheduler.jobstores.sqlalchemy import SQLAlchemyJobStore
from apscheduler.schedulers.background import BackgroundScheduler
from sqlalchemy import inspect, text

from monitor.scheduling import JOBS_TABLE
from monitor_helpers import write_registry
from storage.db import alembic_config, head_revision
from storage.store import Store
from tests.conftest import run_cli


def _migrate(store: Store, how: str, revision: str) -> None:
    with store.engine.begin() as connection:
        cfg = alembic_config()
        cfg.attributes["connection"] = connection
        getattr(command, how)(cfg, revision)


def _revision(store: Store) -> str | None:
    with store.engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def _shape(store: Store, table: str) -> dict:
    found = inspect(store.engine)
    return {"columns": [(c["name"], str(c["type"]), c["nullable"]) for c in found.get_columns(table)],
            "primary_key": found.get_pk_constraint(table)["constrained_columns"],
            "indexes": sorted((i["name"], tuple(i["column_names"]), bool(i["unique"]))
                              for i in found.get_indexes(table))}


def _apscheduler_creates_its_table(store: Store) -> None:
    scheduler = BackgroundScheduler(jobstores={"default": SQLAlchemyJobStore(engine=store.engine,
                                                                             tablename=JOBS_TABLE)})
    scheduler.start(paused=True)
    scheduler.add_job(print, "interval", seconds=3600, id="site:kept", name="kept")
    scheduler.shutdown(wait=False)


def test_the_job_table_is_apschedulers_own_and_survives_down_and_up(store):
    assert _revision(store) == head_revision() >= "0003"
    migrated = _shape(store, JOBS_TABLE)
    assert "owner" in [c["name"] for c in inspect(store.engine).get_columns("crawl_runs")]

    _migrate(store, "downgrade", "0002")
    assert not inspect(store.engine).has_table(JOBS_TABLE)
    assert "owner" not in [c["name"] for c in inspect(store.engine).get_columns("crawl_runs")]
    # At 0002 the job store made the table itself, as daemons did before 0003.
    _apscheduler_creates_its_table(store)
    assert _shape(store, JOBS_TABLE) == migrated

    _migrate(store, "upgrade", "head")  # finds the table there and keeps it, jobs and all
    assert _revision(store) == head_revision() and _shape(store, JOBS_TABLE) == migrated
    with store.engine.connect() as connection:
        assert connection.execute(text(f"SELECT id FROM {JOBS_TABLE}")).scalars().all() == ["site:kept"]
    run_id = store.start_crawl_run("tanlam", "crawl", owner="daemon:h:1:abc")
    with store.engine.connect() as connection:
        assert connection.execute(text("SELECT owner FROM crawl_runs WHERE id = :i"),
                                  {"i": run_id}).scalar() == "daemon:h:1:abc"


def test_a_daemon_starts_on_a_migrated_database_and_keeps_its_jobs_there(store, db_url, tmp_path, daemons):
    assert inspect(store.engine).has_table(JOBS_TABLE)  # made by the migration, before any daemon
    sites = write_registry(tmp_path / "sites.yaml", [
        {"name": "tanlam", "url": "http://127.0.0.1:9/", "district": "Tân Lâm",
         "schedule": {"cron": "0 6 * * 1-5", "jitter_seconds": 0}}])
    daemon = daemons(db_url, sites, {})
    assert daemon.wait_for_log("daemon started", timeout=30, role="leader")
    assert daemon.terminate()[0] == 0
    assert not [x for x in daemon.log_lines() if x.get("logger", "").startswith("apscheduler")
                and x.get("level") in ("error", "critical")], daemon.log_lines()
    with store.engine.connect() as connection:
        assert connection.execute(text(f"SELECT id FROM {JOBS_TABLE}")).scalars().all() == ["site:tanlam"]
    done = run_cli("--sites", str(sites), "status", "--json", db_url=db_url)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout.splitlines()[0])["next_run"] is not None
