"""Processes opening a new database at the same moment (a daemon and its workers
starting together) migrate it once, and none fails."""

from __future__ import annotations

import subprocess
import sys
import time

from sqlalchemy import create_engine, text

from tests.conftest import REPO

# Each process imports first, then waits for the same moment to open the database.
OPEN = ("import sys, time; from storage.store import Store; time.sleep(max(0, float(sys.argv[2]) - time.time())); "
        "Store.open(sys.argv[1]).engine.dispose()")


def test_four_processes_open_a_new_database_at_once(db_url):
    at = str(time.time() + 8)
    processes = [subprocess.Popen([sys.executable, "-c", OPEN, db_url, at], cwd=REPO, stderr=subprocess.PIPE,
                                  text=True) for _ in range(4)]
    errors = [p.communicate(timeout=120)[1] for p in processes]
    assert [p.returncode for p in processes] == [0, 0, 0, 0], errors
    from storage.db import sqlalchemy_url

    engine = create_engine(sqlalchemy_url(db_url))
    with engine.connect() as connection:
        assert connection.execute(text("SELECT count(*) FROM alembic_version")).scalar() == 1
    engine.dispose()
