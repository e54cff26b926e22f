"""Opening a store whose schema is at head costs one SELECT: Alembic is not even imported."""

from __future__ import annotations

import subprocess
import sys

from storage import db
from storage.store import Store
from tests.conftest import REPO

_OPEN = ("import sys; from storage.store import Store; Store.open(sys.argv[1]).engine.dispose(); "
         "print('alembic' in sys.modules)")


def test_the_head_read_from_the_files_is_alembics():
    assert db._head_from_files() == db.head_revision()


def test_a_store_at_head_opens_without_alembic_and_a_new_one_is_migrated(db_url):
    def alembic_imported() -> bool:
        done = subprocess.run([sys.executable, "-c", _OPEN, db_url], capture_output=True, text=True,
                              cwd=REPO, timeout=120)
        assert done.returncode == 0, done.stderr
        return done.stdout.strip() == "True"

    assert alembic_imported()  # a new database: migrated by Alembic
    assert not alembic_imported()  # at head: one SELECT
    store = Store.open(db_url)
    try:
        assert db._stored_revision(store.engine) == db.head_revision()
    finally:
        store.engine.dispose()
