"""A database dropped and created again, empty, under a running daemon (a real
process on PostgreSQL): the daemon sets it up again as on start and goes on
crawling, instead of failing on "relation sites does not exist" for ever."""

from __future__ import annotations

import time

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from monitor_helpers import simulator_sites, write_registry
from tests.conftest import _postgres_admin_url

pytestmark = pytest.mark.slow


def _recreate(url: str) -> None:
    name = make_url(url).database
    admin = create_engine(_postgres_admin_url(), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE "{name}" WITH (FORCE)'))
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    admin.dispose()


def test_a_database_recreated_empty_under_the_daemon_is_set_up_again(simulator, tmp_path, daemons,
                                                                      fresh_postgres_url):
    sites = write_registry(tmp_path / "sites.yaml", simulator_sites(simulator, ["caugiay"], 3600))
    daemon = daemons(fresh_postgres_url, sites, {"PORTALWATCH_LEADER_POLL_SECONDS": "1"})
    assert daemon.wait_for_log("crawl finished", timeout=90, site="caugiay")
    _recreate(fresh_postgres_url)
    # Led again on a migrated database: the site, with no crawl run now, is crawled again.
    assert daemon.wait_for_log("leadership gained", count=2, timeout=60)
    assert daemon.wait_for_log("crawl finished", count=2, timeout=90, site="caugiay")
    time.sleep(3)  # a few more leader checks: no error loop
    errors = [x for x in daemon.log_lines() if x.get("level") == "error"]
    assert len(errors) <= 3, errors  # the lost lock or tables, once; not one every poll
    assert daemon.terminate()[0] == 0
