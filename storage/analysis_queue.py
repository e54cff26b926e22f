"""The articles waiting for analysis, and the lease that lets one analyser at a time read them.

Store.save_article queues each new article and each new version in the transaction that
stores it; the analyser reads the queue in order of publication and removes an entry in
the transaction that keeps its facts. The lease is one row with an owner and an expiry
(it works the same on SQLite and PostgreSQL): two analysers at once (two crawls, a crawl
and the daemon) would read the same articles and race to store the same events.
"""

from __future__ import annotations

import os
import socket
import threading
import time
import uuid
from collections.abc import Iterable
from datetime import datetime, timedelta, timezone

from sqlalchemy import bindparam, delete, insert, or_, select, update
from sqlalchemy.exc import DBAPIError, IntegrityError
from sqlalchemy.orm import Session

from storage.models_facts import AnalysisLease, AnalysisQueue

LEASE = "analysis"
# Longer than one article may take (the analysis time limit, 60 s) plus a renewal period:
# a live analyser never loses it, a dead one holds it this long at most.
LEASE_SECONDS = 180.0
RENEW_SECONDS = 20.0

_QUEUE, _LEASE = AnalysisQueue.__table__, AnalysisLease.__table__


def _now() -> datetime:
    return datetime.now(timezone.utc).replace(tzinfo=None)


def queued(s: Session, limit: int, only: Iterable[int] | None = None) -> list[tuple[int, int]]:
    """Up to ``limit`` waiting entries (article id, version) in order of publication."""
    query = select(_QUEUE.c.article_id, _QUEUE.c.version).order_by(_QUEUE.c.published, _QUEUE.c.article_id)
    if only is not None:
        query = query.where(_QUEUE.c.article_id.in_(list(only)))
    return [(row.article_id, row.version) for row in s.execute(query.limit(limit))]


def anything_queued(engine) -> bool:
    """Whether any entry waits (skipped ones included): one indexed row read, for a caller that
    imports the analysis (the detectors, ~0.1 CPU-s) only when there is something to analyse."""
    with engine.connect() as conn:
        return conn.scalar(select(_QUEUE.c.article_id).limit(1)) is not None


def done(s: Session, article_id: int, version: int) -> None:
    """Removes the entry of ``version`` (or an older one): a newer version saved meanwhile stays queued."""
    s.execute(delete(_QUEUE).where(_QUEUE.c.article_id == article_id, _QUEUE.c.version <= version))


def done_all(s: Session, entries: Iterable[tuple[int, int]]) -> None:
    """done() for each (article id, version), in one executemany statement."""
    rows = [{"article": article_id, "version": version} for article_id, version in entries]
    if rows:
        s.connection().execute(delete(_QUEUE).where(_QUEUE.c.article_id == bindparam("article"),
                                                    _QUEUE.c.version <= bindparam("version")), rows)


class Lease:
    """The analysis lease of one store, held by this object while ``held``."""

    def __init__(self, engine) -> None:
        self.engine = engine
        self.owner = f"{socket.gethostname()}:{os.getpid()}:{threading.get_ident()}:{uuid.uuid4().hex[:8]}"
        self.held = False
        self._renewed = 0.0

    def acquire(self, wait: float = 0.0, poll: float = 0.2) -> bool:
        """Takes the lease when it is free or expired, trying for up to ``wait`` seconds."""
        deadline = time.monotonic() + wait
        while True:
            if self._take():
                return True
            if time.monotonic() >= deadline:
                return False
            time.sleep(poll)

    def _take(self) -> bool:
        now = _now()
        until = now + timedelta(seconds=LEASE_SECONDS)
        try:
            with self.engine.begin() as conn:
                # A concurrent taker's UPDATE waits for this one's row lock, then finds the row
                # no longer free (PostgreSQL re-reads it; SQLite runs one writer at a time).
                taken = conn.execute(update(_LEASE).where(
                    _LEASE.c.name == LEASE,
                    or_(_LEASE.c.owner.is_(None), _LEASE.c.owner == self.owner, _LEASE.c.expires_at < now)
                ).values(owner=self.owner, expires_at=until)).rowcount
                if not taken and conn.scalar(select(_LEASE.c.name).where(_LEASE.c.name == LEASE)) is None:
                    # The row removed by hand: the first to insert it again holds it.
                    conn.execute(insert(_LEASE).values(name=LEASE, owner=self.owner, expires_at=until))
                    taken = 1
        except IntegrityError:
            taken = 0  # another process inserted it first
        self.held = bool(taken)
        self._renewed = time.monotonic()
        return self.held

    def renew(self) -> bool:
        """Extends the lease every RENEW_SECONDS; False when it was lost (expired and taken)."""
        if time.monotonic() - self._renewed < RENEW_SECONDS:
            return self.held
        return self._take()

    def release(self) -> None:
        if not self.held:
            return
        self.held = False
        try:
            with self.engine.begin() as conn:
                conn.execute(update(_LEASE).where(_LEASE.c.name == LEASE, _LEASE.c.owner == self.owner)
                             .values(owner=None, expires_at=None))
        except DBAPIError:
            pass  # the database is away: the lease expires by itself; the error that ended the analysis is told
