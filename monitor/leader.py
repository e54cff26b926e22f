"""Which of the daemons on one database schedules: the leader.

APScheduler 3 job stores must not be shared by two running schedulers (both
would run every job), so any number of daemons may run against one database,
but only the one holding a lock starts its scheduler; the others stand by and
try again every few seconds.

- PostgreSQL: a session-level advisory lock (``pg_try_advisory_lock``) on a
  connection of its own, held for as long as the daemon leads. A leader that
  dies closes its socket and the server frees the lock at once; a leader cut
  off from the server is dropped by server-side TCP keepalives (set on the
  lock connection), and sees for itself, through client-side keepalives and
  ``tcp_user_timeout``, that its connection is gone: it steps down before the
  server gives the lock to anyone else.
- SQLite: an exclusive ``flock`` on ``<database file>.leader``, held through an
  open file descriptor; the kernel frees it when the process dies. An
  in-memory database cannot be shared: its daemon always leads.

The holder writes its instance id where ``current_leader`` can read it
(application_name on PostgreSQL, the lock file on SQLite), for `status`.
"""

from __future__ import annotations

import fcntl
import logging
import os
import secrets
import socket
import threading
from pathlib import Path
from typing import Protocol

from sqlalchemy import Connection, Engine, create_engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.pool import NullPool

from storage.errors import OperationError
from storage.runs import DAEMON_OWNER_PREFIX

log = logging.getLogger("portalwatch.daemon")

# Any constant other than storage.db's migration lock; advisory keys are per database.
LEADER_LOCK_KEY = 0x706F72746C6472
_APP_PREFIX = "pw-leader "
# How long a dead network may hide a dead peer, on either side of the lock connection.
_KEEPALIVE = {"keepalives": 1, "keepalives_idle": 5, "keepalives_interval": 2, "keepalives_count": 3,
              "tcp_user_timeout": 10_000, "connect_timeout": 5}
_SERVER_KEEPALIVE = "-c tcp_keepalives_idle=10 -c tcp_keepalives_interval=5 -c tcp_keepalives_count=3"
_HELD_SQL = text("SELECT EXISTS (SELECT 1 FROM pg_locks WHERE locktype = 'advisory' AND granted"
                 " AND pid = pg_backend_pid() AND classid::bigint = :hi AND objid::bigint = :lo"
                 " AND objsubid = 1)")
_HOLDER_SQL = text("SELECT a.application_name FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid"
                   " WHERE l.locktype = 'advisory' AND l.granted AND l.classid::bigint = :hi"
                   " AND l.objid::bigint = :lo AND l.objsubid = 1"
                   " AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())")
_KEY_PARTS = {"hi": LEADER_LOCK_KEY >> 32, "lo": LEADER_LOCK_KEY & 0xFFFFFFFF}


def new_instance_id() -> str:
    """This daemon process, in crawl_runs.owner: unique even when a pid comes round again."""
    return f"{DAEMON_OWNER_PREFIX}{socket.gethostname()[:24]}:{os.getpid()}:{secrets.token_hex(3)}"


class Leadership(Protocol):
    def try_acquire(self) -> bool:
        """Takes the lock if it is free; True when this daemon holds it now."""

    def still_held(self) -> bool:
        """Whether the lock taken is still this daemon's (False when its connection is gone)."""

    def release(self) -> None:
        """Frees the lock, if held (stepping down or stopping)."""

    def close(self) -> None:
        ...


class AlwaysLeader:
    """An in-memory SQLite database lives in one process: no one to share it with."""

    def try_acquire(self) -> bool:
        return True

    def still_held(self) -> bool:
        return True

    def release(self) -> None:
        pass

    def close(self) -> None:
        pass


class FileLeadership:
    def __init__(self, path: Path, instance_id: str) -> None:
        self.path = path
        self.instance_id = instance_id
        self._fd: int | None = None
        self._held = False

    def try_acquire(self) -> bool:
        if self._held:
            return True
        if self._fd is None:
            try:
                self._fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
            except OSError as exc:
                raise OperationError(f"cannot open the leader lock file {self.path}: {exc.strerror}.") from None
        try:
            fcntl.flock(self._fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return False
        if not self._same_file():
            # The file was replaced between our open and our lock: this lock guards nothing.
            self._close_fd()
            return False
        os.ftruncate(self._fd, 0)
        os.pwrite(self._fd, self.instance_id.encode(), 0)
        self._held = True
        return True

    def still_held(self) -> bool:
        # A flock lasts as long as the descriptor; only someone deleting or
        # replacing the file could make a second daemon take "the" lock.
        return self._held and self._same_file()

    def release(self) -> None:
        if self._fd is not None and self._held:
            try:
                os.ftruncate(self._fd, 0)
                fcntl.flock(self._fd, fcntl.LOCK_UN)
            except OSError:
                pass
        self._held = False
        self._close_fd()

    def close(self) -> None:
        self.release()
        if self._fd is not None:
            os.close(self._fd)
            self._fd = None

    def _same_file(self) -> bool:
        try:
            return self._fd is not None and os.fstat(self._fd).st_ino == os.stat(self.path).st_ino
        except FileNotFoundError:
            return False

    def _close_fd(self) -> None:
        if self._fd is not None:
            os.close(self._fd)
            self._fd = None


class PostgresLeadership:
    def __init__(self, url: str, instance_id: str) -> None:
        self.instance_id = instance_id
        # Its own engine without a pool: the lock lives and dies with one connection,
        # which nothing else may use (or return to a pool, or ping and replace).
        self._engine = create_engine(url, poolclass=NullPool, connect_args={
            **_KEEPALIVE, "application_name": (_APP_PREFIX + instance_id)[:63], "options": _SERVER_KEEPALIVE})
        self._connection: Connection | None = None
        self._held = False
        # The main thread polls the lock, and crawl jobs check it before each crawl.
        self._lock = threading.RLock()

    def try_acquire(self) -> bool:
        with self._lock:
            return self._try_acquire()

    def _try_acquire(self) -> bool:
        if self._held:
            return True
        try:
            if self._connection is None:
                self._connection = self._engine.connect().execution_options(isolation_level="AUTOCOMMIT")
            self._held = bool(self._connection.execute(text("SELECT pg_try_advisory_lock(:k)"),
                                                       {"k": LEADER_LOCK_KEY}).scalar())
        except SQLAlchemyError as exc:
            log.warning("the leader lock cannot be tried: %s", _one_line(exc))
            self._drop()
        return self._held

    def still_held(self) -> bool:
        with self._lock:
            return self._still_held()

    def _still_held(self) -> bool:
        if not self._held or self._connection is None:
            return False
        try:
            if self._connection.execute(_HELD_SQL, _KEY_PARTS).scalar():
                return True
            log.error("the leader lock is no longer held by this daemon's connection")
        except SQLAlchemyError as exc:
            log.error("the leader lock's connection is lost: %s", _one_line(exc))
        self._drop()
        return False

    def release(self) -> None:
        # Closing the session frees its advisory locks; a lost connection has nothing to free.
        with self._lock:
            self._drop()

    def close(self) -> None:
        self.release()
        self._engine.dispose()

    def _drop(self) -> None:
        self._held = False
        if self._connection is not None:
            try:
                self._connection.close()
            except SQLAlchemyError:
                pass
            self._connection = None


def _one_line(exc: BaseException) -> str:
    words = str(getattr(exc, "orig", None) or exc).strip()
    return words.splitlines()[0] if words else type(exc).__name__


def _sqlite_file(engine: Engine) -> Path | None:
    database = make_url(engine.url).database
    if not database or database == ":memory:" or database.startswith("file:"):
        return None
    return Path(database)


def lock_file(engine: Engine) -> Path | None:
    database = _sqlite_file(engine)
    return database.with_name(database.name + ".leader") if database else None


def leadership_for(engine: Engine, instance_id: str) -> Leadership:
    if engine.dialect.name == "postgresql":
        return PostgresLeadership(engine.url.render_as_string(hide_password=False), instance_id)
    path = lock_file(engine)
    return FileLeadership(path, instance_id) if path else AlwaysLeader()


def current_leader(engine: Engine) -> str | None:
    """The instance id of the daemon leading now, or None: for `status`, no lock taken for long."""
    if engine.dialect.name == "postgresql":
        with engine.connect() as connection:
            names = connection.execute(_HOLDER_SQL, _KEY_PARTS).scalars().all()
        return next((n[len(_APP_PREFIX):] for n in names if n and n.startswith(_APP_PREFIX)), None)
    path = lock_file(engine)
    if path is None or not path.exists():
        return None
    with open(path, "rb") as f:
        try:
            # A shared lock we can take means no exclusive one is held: nobody leads.
            fcntl.flock(f, fcntl.LOCK_SH | fcntl.LOCK_NB)
        except BlockingIOError:
            return f.read().decode(errors="replace").strip() or None
        fcntl.flock(f, fcntl.LOCK_UN)
    return None
