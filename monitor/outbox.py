"""The durable alert outbox: rows written with their event, delivered by a loop.

Its rows are written by storage.outbox_rows (claimed under a lease, see there);
here is what to queue for which channel, the delivery loop, and when to try
again. The only repeat a receiver can see is an alert sent just before a
deliverer's crash, with the same delivery id.
"""

from __future__ import annotations

import logging
import random
import threading
import time
from collections import Counter
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from monitor.alert_config import AlertSettings, DeliveryPolicy, current_alert_settings
from monitor.channels import Channel, DeliveryError, build_channels
from storage.clock import utcnow
from storage.models import Event, OutboxItem
from storage.outbox_rows import Claim, add_rows, claim_due, mark_delivered, mark_failed
from storage.redact import mask_secrets
from storage.store import Store

log = logging.getLogger("portalwatch.outbox")


def enqueue(session: Session, event: Event, settings: AlertSettings | None = None) -> int:
    """Outbox rows for one stored event, in the caller's transaction: one per
    configured channel whose filters accept it. Returns how many were created."""
    if not event.alert:
        return 0
    settings = settings or current_alert_settings()
    return add_rows(session, event, [channel.name for channel in settings.channels
                                     if channel.filters.accepts(event.type, event.district)])


def backoff_seconds(policy: DeliveryPolicy, attempts: int, rng: random.Random | None = None) -> float:
    """Exponential backoff with 'equal jitter': half the delay fixed, half random,
    so receivers coming back are not hit by every deliverer at the same instant."""
    delay = min(policy.backoff_max_seconds, policy.backoff_seconds * 2 ** max(attempts - 1, 0))
    return delay / 2 + (rng or random).uniform(0, delay / 2)


def record_success(store: Store, claim: Claim, receipt: str) -> None:
    mark_delivered(store, claim)
    log.info("alert delivered", extra={"fields": {"event_id": claim.document.get("id"), "channel": claim.channel,
                                                  "attempts": claim.attempts, "receipt": receipt}})


def record_failure(store: Store, claim: Claim, error: DeliveryError, policy: DeliveryPolicy) -> str:
    """Schedules the next attempt or gives up; returns the row's new status."""
    now = utcnow()
    too_old = (now - claim.created_at).total_seconds() >= policy.max_age_seconds
    dead = not error.retryable or claim.attempts >= policy.max_attempts or too_old
    later = None if dead else now + timedelta(
        seconds=max(backoff_seconds(policy, claim.attempts), error.retry_after or 0.0))
    mark_failed(store, claim, mask_secrets(str(error))[:2000], later)
    status = "dead" if dead else "pending"
    log.warning("alert not delivered", extra={"fields": {
        "event_id": claim.document.get("id"), "channel": claim.channel, "attempts": claim.attempts,
        "error": mask_secrets(str(error)), "status": status}})
    return status


def deliver_one(store: Store, claim: Claim, channel: Channel, policy: DeliveryPolicy,
                timeout: float | None = None) -> str:
    """Sends one claimed row; returns 'delivered', 'pending' (will retry) or 'dead'."""
    try:
        receipt = channel.send(claim.document, timeout=timeout)
    except DeliveryError as exc:
        return record_failure(store, claim, exc, policy)
    except Exception as exc:  # a bug in a channel must not stop the loop or lose the row
        log.exception("channel %s failed unexpectedly", claim.channel)
        return record_failure(store, claim, DeliveryError(f"{type(exc).__name__}: {exc}", retryable=True), policy)
    record_success(store, claim, receipt)
    return "delivered"


def deliver_due(store: Store, channels: dict[str, Channel], policy: DeliveryPolicy,
                deadline: float | None = None, stop: threading.Event | None = None) -> Counter[str]:
    """Delivers due rows until none is left, the monotonic ``deadline`` passes or
    ``stop`` is set; returns how many ended in each status."""
    outcome: Counter[str] = Counter()
    while not (stop is not None and stop.is_set()):
        remaining = None if deadline is None else deadline - time.monotonic()
        if remaining is not None and remaining <= 0:
            break
        claim = claim_due(store, set(channels), policy)
        if claim is None:
            break
        outcome[deliver_one(store, claim, channels[claim.channel], policy, timeout=remaining)] += 1
    return outcome


class DeliveryLoop:
    """One thread per channel that delivers its due rows every poll interval, or at
    once when woken. Channels deliver independently: an e-mail does not wait
    behind a webhook receiver that answers slowly or not at all."""

    def __init__(self, store: Store, settings: AlertSettings | None = None) -> None:
        self.store = store
        self.settings = settings or current_alert_settings()
        self.channels = build_channels(self.settings)
        self._wake = threading.Event()
        self._stop = threading.Event()
        self._threads = [threading.Thread(target=self._run, args=({name: channel},), name=f"outbox-{name}",
                                          daemon=True) for name, channel in self.channels.items()]
        self._lock = threading.Lock()
        self.delivered = 0
        self.failed = 0

    def start(self) -> None:
        for thread in self._threads:
            thread.start()

    def wake(self) -> None:
        self._wake.set()

    def _run(self, channels: dict[str, Channel]) -> None:
        policy = self.settings.delivery
        while not self._stop.is_set():
            self._wake.clear()
            try:
                outcome = deliver_due(self.store, channels, policy, stop=self._stop)
                with self._lock:
                    self.delivered += outcome["delivered"]
                    self.failed += outcome["pending"] + outcome["dead"]
            except Exception:  # the database away for a moment: try again next round
                log.exception("delivery round failed")
            self._wake.wait(policy.poll_seconds)

    def stop(self, flush_seconds: float) -> Counter[str]:
        """Stops the loop, then delivers what is due for at most ``flush_seconds``,
        each channel on its own: one still sending keeps its lease, the rest flush."""
        deadline = time.monotonic() + flush_seconds
        self._stop.set()
        self._wake.set()
        for thread in self._threads:
            if thread.is_alive():
                thread.join(max(deadline - time.monotonic(), 0.0))
        idle = {name: channel for (name, channel), thread in zip(self.channels.items(), self._threads)
                if not thread.is_alive()}
        total: Counter[str] = Counter()

        def flush(name: str, channel: Channel) -> None:
            try:
                outcome = deliver_due(self.store, {name: channel}, self.settings.delivery, deadline=deadline)
            except Exception:
                log.exception("final delivery round of %s failed", name)
                return
            with self._lock:
                total.update(outcome)

        flushers = [threading.Thread(target=flush, args=item, daemon=True) for item in idle.items()]
        for thread in flushers:
            thread.start()
        for thread in flushers:
            thread.join(max(deadline - time.monotonic(), 0.0) + 1.0)
        return total


@dataclass(frozen=True)
class StuckDelivery:
    """A pending row that has failed at least once: what status shows of it."""

    event_id: str
    channel: str
    attempts: int
    next_attempt_at: datetime
    last_error: str


@dataclass(frozen=True)
class OutboxSummary:
    pending: int
    dead: int
    delivered: int
    oldest_pending: datetime | None
    by_channel: dict[str, dict[str, int]]
    stuck: tuple[StuckDelivery, ...] = ()


STUCK_SHOWN = 20


def outbox_summary(session: Session) -> OutboxSummary:
    counts: dict[str, dict[str, int]] = {}
    for channel, status, count in session.execute(
            select(OutboxItem.channel, OutboxItem.status, func.count()).group_by(OutboxItem.channel,
                                                                                OutboxItem.status)):
        counts.setdefault(channel, {})[status] = count
    total = Counter()
    for per_status in counts.values():
        total.update(per_status)
    oldest = session.scalar(select(func.min(OutboxItem.created_at)).where(OutboxItem.status == "pending"))
    stuck = tuple(StuckDelivery(row.event_id, row.channel, row.attempts, row.next_attempt_at,
                                mask_secrets(row.last_error))
                  for row in session.scalars(select(OutboxItem).where(OutboxItem.status == "pending",
                                                                      OutboxItem.last_error.is_not(None))
                                             .order_by(OutboxItem.created_at).limit(STUCK_SHOWN)))
    return OutboxSummary(pending=total["pending"], dead=total["dead"], delivered=total["delivered"],
                         oldest_pending=oldest, by_channel=counts, stuck=stuck)
