"""Fixtures shared by the whole suite.

``db_url`` runs a test on embedded SQLite and, when PORTALWATCH_TEST_POSTGRES_URL
names a PostgreSQL server (``.ci/run`` sets it), again on a throwaway database
there.
"""

from __future__ import annotations

import os
import subprocess
import sys
import uuid
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
SEEDS = REPO.parent / "shared" / "seeds"
POSTGRES_URL = os.environ.get("PORTALWATCH_TEST_POSTGRES_URL")

BACKENDS = ["sqlite"] + (["postgresql"] if POSTGRES_URL else [])


def _postgres_admin_url() -> str:
    from storage.db import sqlalchemy_url

    return sqlalchemy_url(POSTGRES_URL)


@pytest.fixture
def fresh_postgres_url():
    """A new empty PostgreSQL database, dropped after the test."""
    if not POSTGRES_URL:
        pytest.skip("PORTALWATCH_TEST_POSTGRES_URL is not set")
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    name = f"pw_test_{uuid.uuid4().hex[:12]}"
    admin = create_engine(_postgres_admin_url(), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    url = make_url(POSTGRES_URL).set(database=name).render_as_string(hide_password=False)
    try:
        yield url
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@pytest.fixture(params=BACKENDS)
def db_url(request, tmp_path):
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'portalwatch.db'}"
    return request.getfixturevalue("fresh_postgres_url")


@pytest.fixture
def store(db_url):
    from storage.store import Store

    s = Store.open(db_url)
    yield s
    s.engine.dispose()


@pytest.fixture
def seed_paths() -> list[Path]:
    paths = sorted(SEEDS.glob("*.txt"))
    assert len(paths) == 5, f"the five seeds are expected in {SEEDS}"
    return paths


def run_cli(*args: str, db_url: str | None = None, env: dict | None = None,
            cwd: Path | None = None, timeout: float = 120) -> subprocess.CompletedProcess:
    """The real console script in a subprocess, as a user runs it."""
    command = [sys.executable, "-m", "portalwatch.cli"]
    if db_url:
        command += ["--db", db_url]
    return subprocess.run(command + list(args), capture_output=True, text=True, timeout=timeout,
                          cwd=cwd or REPO, env={**os.environ, **(env or {})})
