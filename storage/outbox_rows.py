"""The outbox's rows: written with their event, claimed under a lease, settled.

Every write of ``outbox`` is here; what to queue (channel filters) and when to
try again (backoff, giving up) is decided above, in monitor.outbox.

Claiming is a lease: a deliverer moves a due row's ``next_attempt_at`` past
now + lease and bumps ``attempts`` in one conditional UPDATE (``attempts`` is
the version it read), so two processes never hold the same row at once — on
PostgreSQL the read is also ``FOR UPDATE SKIP LOCKED`` so they do not queue
behind each other. A process that dies holding a lease leaves the row pending;
it is taken again once the lease runs out.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, Protocol

from sqlalchemy import select, update
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session

from storage.clock import utcnow
from storage.event_document import event_json
from storage.models import Event, OutboxItem
from storage.store import Store

log = logging.getLogger("portalwatch.outbox")


class Lease(Protocol):
    @property
    def lease_seconds(self) -> float: ...


@dataclass(frozen=True)
class Claim:
    outbox_id: int
    channel: str
    attempts: int  # including this one
    created_at: datetime
    document: dict[str, Any]


def add_rows(session: Session, event: Event, channels: Iterable[str]) -> int:
    """Pending rows for the event, in the caller's transaction, one per channel
    that has none yet. Returns how many were created."""
    session.flush()  # the event row must exist before rows that reference it
    existing = set(session.scalars(select(OutboxItem.channel).where(OutboxItem.event_id == event.id)))
    now = utcnow()
    created = 0
    for channel in channels:
        if channel in existing:
            continue
        session.add(OutboxItem(event_id=event.id, channel=channel, status="pending", attempts=0,
                               created_at=now, next_attempt_at=now))
        created += 1
    return created


def claim_due(store: Store, channels: set[str], policy: Lease) -> Claim | None:
    """Takes the most overdue pending row of one of ``channels``, or None."""
    if not channels:
        return None
    for _ in range(5):
        now = utcnow()
        try:
            with store.session() as s:
                row = s.execute(
                    select(OutboxItem.id, OutboxItem.attempts)
                    .where(OutboxItem.status == "pending", OutboxItem.next_attempt_at <= now,
                           OutboxItem.channel.in_(channels))
                    .order_by(OutboxItem.next_attempt_at, OutboxItem.id).limit(1)
                    .with_for_update(skip_locked=True)).first()
                if row is None:
                    return None
                taken = s.execute(
                    update(OutboxItem)
                    .where(OutboxItem.id == row.id, OutboxItem.status == "pending",
                           OutboxItem.attempts == row.attempts)
                    .values(attempts=row.attempts + 1,
                            next_attempt_at=now + timedelta(seconds=policy.lease_seconds))
                    .execution_options(synchronize_session=False)).rowcount
                if taken != 1:
                    continue  # another deliverer took it between our read and write
                item = s.get(OutboxItem, row.id)
                event = s.get(Event, item.event_id)
                if event is None:
                    continue  # withdrawn by the analysis (its rows go with it)
                return Claim(item.id, item.channel, row.attempts + 1, item.created_at, event_json(event))
        except OperationalError as exc:
            # SQLite: another writer won the race for the lock; try again shortly.
            log.debug("claim retried: %s", exc)
            time.sleep(0.05)
    return None


def mark_delivered(store: Store, claim: Claim) -> None:
    with store.session() as s:
        s.execute(update(OutboxItem).where(OutboxItem.id == claim.outbox_id, OutboxItem.status == "pending")
                  .values(status="delivered", delivered_at=utcnow(), last_error=None)
                  .execution_options(synchronize_session=False))


def mark_failed(store: Store, claim: Claim, last_error: str, next_attempt_at: datetime | None) -> None:
    """The attempt failed: the row waits for ``next_attempt_at``, or is dead when None."""
    values: dict[str, Any] = {"last_error": last_error}
    if next_attempt_at is None:
        values["status"] = "dead"
    else:
        values["next_attempt_at"] = next_attempt_at
    with store.session() as s:
        # Only if the row is still ours: a lease that ran out may have passed it on.
        s.execute(update(OutboxItem).where(OutboxItem.id == claim.outbox_id, OutboxItem.status == "pending",
                                           OutboxItem.attempts == claim.attempts)
                  .values(**values).execution_options(synchronize_session=False))
