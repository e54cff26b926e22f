"""Checks of the --db URL before a store is opened, so a typo fails loudly.

SQLite creates a file (and storage.db its directory) on first use: a mistyped
``sqlite:////nonexistent/dir/x.db`` used to leave new directories and an empty
database behind and report success. Only the default location (var/) is
created on demand; elsewhere the directory must exist. Commands that only read
refuse a database that does not exist or has no portalwatch tables, instead of
creating one to find it empty.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit

from sqlalchemy.engine import make_url

from storage.settings import DEFAULT_DB_URL
from storage.errors import UsageError


def _sqlite_file(url: str) -> Path | None:
    """The database file of a sqlite URL; None for other databases and in-memory ones."""
    from storage.db import sqlalchemy_url

    parsed = make_url(sqlalchemy_url(url))
    if parsed.get_backend_name() != "sqlite" or parsed.database in (None, "", ":memory:"):
        return None
    database = parsed.database
    if str(parsed.query.get("uri", "")).lower() == "true" and database.startswith("file:"):
        # SQLite's URI filenames (file:/path?mode=ro&uri=true): the path is after "file:".
        database = urlsplit(database).path
        if not database or parsed.query.get("mode") == "memory":
            return None
    return Path(database)


def check_creatable(url: str) -> None:
    """A database may be created at the URL: its directory exists, or it is the default one."""
    path = _sqlite_file(url)
    if path is None or path.parent.is_dir() or url == DEFAULT_DB_URL:
        return
    raise UsageError(f"the directory {path.parent} of the database {url} does not exist "
                     "(check --db or PORTALWATCH_DB_URL).")


def check_existing(url: str) -> None:
    """The URL names a database portalwatch has written: a read-only command's precondition."""
    from storage.db import sqlalchemy_url

    if make_url(sqlalchemy_url(url)).get_backend_name() == "sqlite":
        path = _sqlite_file(url)
        if path is not None and not path.is_file():
            raise UsageError(f"there is no database at {path}: nothing was crawled or imported into it yet "
                             "(check --db or PORTALWATCH_DB_URL).")
        return
    from sqlalchemy import inspect

    from storage.db import create_db_engine

    engine = create_db_engine(url)
    try:
        empty = not inspect(engine).has_table("sites")
    except Exception:
        return  # cannot tell here; opening the store says why in one sentence
    finally:
        engine.dispose()
    if empty:
        raise UsageError(f"the database {make_url(url).render_as_string(hide_password=True)} has no portalwatch "
                         "tables: nothing was crawled or imported into it yet (check --db or PORTALWATCH_DB_URL).")
