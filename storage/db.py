"""Engines and schema upgrades.

SQLite gets WAL and a busy timeout so the daemon, a manual crawl and the CLI
can share one file; PostgreSQL URLs are accepted in their plain form.
"""

from __future__ import annotations

import functools
import logging
import re
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

import orjson
from sqlalchemy import Engine, create_engine, event, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, DBAPIError

from storage.errors import OperationError, UsageError
from storage.redact import mask_secrets, mask_url

if TYPE_CHECKING:  # imported when a schema is migrated, not on every start
    from alembic.config import Config

log = logging.getLogger("portalwatch.db")
MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"
SQLITE_BUSY_TIMEOUT_MS = 30_000
# Any constant: the key of the PostgreSQL advisory lock that serialises schema upgrades.
_MIGRATION_LOCK_KEY = 0x706F7274616C


def sqlalchemy_url(url: str) -> str:
    """A plain postgresql:// URL means the driver this project installs (psycopg 3)."""
    try:
        parsed = make_url(url)
    except ArgumentError:
        raise UsageError(f"the database URL {mask_url(url)!r} is not a valid URL.") from None
    if parsed.drivername in ("postgresql", "postgres"):
        parsed = parsed.set(drivername="postgresql+psycopg")
    elif parsed.drivername not in ("sqlite", "postgresql+psycopg", "sqlite+pysqlite",
                                   "postgresql+psycopg2"):
        raise UsageError(f"the database URL {mask_url(url)!r} is neither sqlite:// nor postgresql://.")
    return parsed.render_as_string(hide_password=False)


_READ_ONLY_MARKS = ("readonly database", "read-only", "unable to open database file")


def is_read_only(exc: BaseException) -> bool:
    """Whether a database error means the file (or its mount) cannot be written."""
    if isinstance(exc, PermissionError) or getattr(exc, "errno", None) == 30:  # EROFS
        return True
    return any(mark in str(getattr(exc, "orig", exc)).lower() for mark in _READ_ONLY_MARKS)


def unusable_database(url: str, exc: BaseException) -> OperationError:
    """One sentence for a database that cannot be opened or written, password masked."""
    if is_read_only(exc):
        return OperationError(f"the database {mask_url(url)} is read-only (or on a read-only mount): "
                              "portalwatch needs to write to it.")
    reason = mask_secrets(str(getattr(exc, "orig", None) or exc)).strip().splitlines()
    reason_text = " ".join(line.strip() for line in reason if line.strip()) or type(exc).__name__
    return OperationError(f"cannot open the database {mask_url(url)}: {reason_text}".rstrip(".") + ".")


def _read_only_in_one_sentence(context) -> None:
    """Any statement on a read-only or immutable SQLite file fails with one sentence
    (OperationError), not an OperationalError carrying the SQL and its parameters."""
    if is_read_only(context.original_exception):
        raise unusable_database(context.engine.url.render_as_string(), context.original_exception)


def _enable_sqlite_pragmas(dbapi_connection, _record) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


def create_db_engine(url: str) -> Engine:
    url = sqlalchemy_url(url)
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        database = parsed.database or ""
        if database and database != ":memory:":
            Path(database).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url, connect_args={"timeout": SQLITE_BUSY_TIMEOUT_MS / 1000},
                               json_deserializer=orjson.loads)
        event.listen(engine, "connect", _enable_sqlite_pragmas)
        event.listen(engine, "handle_error", _read_only_in_one_sentence)
        return engine
    return create_engine(url, pool_pre_ping=True, pool_size=5, max_overflow=5, json_deserializer=orjson.loads)


def alembic_config() -> Config:
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    return cfg


def head_revision() -> str:
    from alembic.script import ScriptDirectory

    return ScriptDirectory.from_config(alembic_config()).get_current_head()


_REVISION_LINE = re.compile(r"""^(down_revision|revision)\s*(?::[^=]*)?=\s*(None|['"]([^'"]+)['"])\s*$""", re.M)


@functools.cache
def _head_from_files() -> str | None:
    """The head revision read from the migration files' own lines, without importing
    Alembic (a third of a second of a crawl process's start). None when any file
    is not plainly one revision after one other (a merge, another layout): then
    Alembic itself decides."""
    revisions, parents = set(), set()
    for path in (MIGRATIONS_DIR / "versions").glob("*.py"):
        found = dict((m[0], m[2] or None) for m in _REVISION_LINE.findall(path.read_text(encoding="utf-8")))
        if "revision" not in found or "down_revision" not in found or not found["revision"]:
            return None
        revisions.add(found["revision"])
        if found["down_revision"]:
            parents.add(found["down_revision"])
    heads = revisions - parents
    return heads.pop() if len(heads) == 1 and parents <= revisions else None


def _stored_revision(engine: Engine) -> str | None:
    try:
        with engine.connect() as connection:
            rows = connection.execute(text("SELECT version_num FROM alembic_version")).all()
    except DBAPIError:  # no table yet: a new database
        return None
    return rows[0][0] if len(rows) == 1 else None


@contextmanager
def _sqlite_migration_lock(engine: Engine) -> Iterator[None]:
    """The daemon and the workers started at once on a new SQLite file must not both
    create the tables: SQLite has no advisory lock, so a lock file beside the database."""
    path = engine.url.database if engine.dialect.name == "sqlite" else None
    if not path or path == ":memory:" or path.startswith("file:"):
        yield
        return
    import fcntl

    try:
        lock_file = open(f"{path}.migrating", "a")
    except OSError:
        # A read-only directory or mount: nobody can migrate here, and reading needs no lock.
        yield
        return
    with lock_file as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


def upgrade(engine: Engine) -> None:
    """Brings the schema to the newest migration; safe to call from many processes."""
    # On SQLite the lock covers the first look too: a new file switches to WAL on
    # its first connections, and a process touching it mid-migration gets "database
    # is locked" at once instead of waiting.
    with _sqlite_migration_lock(engine):
        # The cheap look first: a schema already at head (nearly every start) costs
        # one SELECT, and Alembic is not even imported.
        head = _head_from_files()
        if head is not None and _stored_revision(engine) == head:
            return
        from alembic import command
        from alembic.runtime.migration import MigrationContext

        with engine.connect() as connection:
            current = MigrationContext.configure(connection).get_current_revision()
        if current == head_revision():
            return
        with engine.begin() as connection:
            if connection.dialect.name == "postgresql":
                # Two daemons starting at once must not both run the migrations.
                connection.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": _MIGRATION_LOCK_KEY})
            cfg = alembic_config()
            cfg.attributes["connection"] = connection
            log.info("upgrading the database schema from %s to %s", current, head_revision())
            command.upgrade(cfg, "head")
