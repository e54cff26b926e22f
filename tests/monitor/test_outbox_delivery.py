"""The outbox with real receivers: an HTTP server checking signatures and an aiosmtpd server."""

from __future__ import annotations

import threading
import time

from sqlalchemy import select

from monitor.channels import build_channels
from monitor.outbox import DeliveryLoop, claim_due, deliver_due, outbox_summary
from monitor.receivers import WebhookReceiver
from monitor_helpers import SECRET, settings_for, store_event
from storage.models import OutboxItem


def _rows(store):
    with store.session() as s:
        return {(row.event_id, row.channel): row for row in s.scalars(select(OutboxItem))}


def test_enqueue_writes_one_row_per_accepting_channel(store, receiver, mailbox):
    settings = settings_for(receiver, mailbox, PORTALWATCH_ALERT_EMAIL_TYPES="leadership_change",
                            PORTALWATCH_WEBHOOK_DISTRICTS="quận Cầu Giấy")
    signing = store_event(store, settings, type="signing", district="Cầu Giấy")
    elsewhere = store_event(store, settings, type="signing", district="Thanh Trì")
    change = store_event(store, settings, type="leadership_change", district="Thanh Trì",
                         payload={"post": "ubnd_chair", "new_holder": "Nguyễn Văn A"})
    quiet = store_event(store, settings, alert=False)
    rows = _rows(store)
    assert set(rows) == {(signing, "webhook"), (change, "email")}
    assert all(r.status == "pending" and r.attempts == 0 for r in rows.values())
    assert not any(key[0] in (elsewhere, quiet) for key in rows)


def test_events_reach_webhook_and_mailbox(store, receiver, mailbox):
    settings = settings_for(receiver, mailbox)
    ids = [store_event(store, settings) for _ in range(3)]
    outcome = deliver_due(store, build_channels(settings), settings.delivery)
    assert outcome["delivered"] == 6
    assert set(receiver.accepted) == set(ids) and receiver.bad_signatures == 0
    assert all(receiver.times_received(i) == 1 for i in ids)
    arrival = receiver.accepted[ids[0]]
    assert arrival.event_type == "signing" and arrival.document["district"] == "Cầu Giấy"
    assert arrival.document["article_urls"] == ["http://127.0.0.1/bai-viet-1"]
    assert mailbox.wait_for(3, timeout=5)
    assert {m["X-Portalwatch-Delivery"] for m in mailbox.messages} == set(ids)
    assert all(r.status == "delivered" and r.delivered_at for r in _rows(store).values())


def test_receiver_500_then_200_is_delivered_after_recovery(store):
    failing = {"on": True}
    with WebhookReceiver(SECRET, responder=lambda _id, _n: 500 if failing["on"] else 200) as receiver:
        settings = settings_for(receiver)
        event_id = store_event(store, settings)
        loop = DeliveryLoop(store, settings)
        loop.start()
        assert receiver.wait_for(lambda r: r.times_received(event_id) >= 3, timeout=15)
        row = _rows(store)[(event_id, "webhook")]
        assert row.status == "pending" and "HTTP 500" in row.last_error
        failing["on"] = False
        assert receiver.wait_for(lambda r: event_id in r.accepted, timeout=15)
        loop.stop(flush_seconds=2)
    row = _rows(store)[(event_id, "webhook")]
    assert row.status == "delivered" and row.attempts >= 4 and row.last_error is None


def test_receiver_400_makes_the_row_dead_at_once_and_429_retries(store):
    answers = {"400": 400, "429": 429}
    with WebhookReceiver(SECRET, responder=lambda i, _n: answers[kinds[i]]) as receiver:
        settings = settings_for(receiver)
        kinds = {}
        bad = store_event(store, settings)
        busy = store_event(store, settings)
        kinds.update({bad: "400", busy: "429"})
        deliver_due(store, build_channels(settings), settings.delivery)
    rows = _rows(store)
    assert rows[(bad, "webhook")].status == "dead" and rows[(bad, "webhook")].attempts == 1
    assert "HTTP 400" in rows[(bad, "webhook")].last_error
    assert rows[(busy, "webhook")].status == "pending"
    with store.session() as s:
        summary = outbox_summary(s)
    assert (summary.dead, summary.pending) == (1, 1) and summary.oldest_pending is not None


def test_gives_up_after_max_attempts(store):
    with WebhookReceiver(SECRET, responder=lambda _i, _n: 503) as receiver:
        settings = settings_for(receiver, PORTALWATCH_ALERT_MAX_ATTEMPTS="3",
                                PORTALWATCH_ALERT_BACKOFF_SECONDS="0.05")
        event_id = store_event(store, settings)
        channels = build_channels(settings)
        deadline = time.monotonic() + 10
        while _rows(store)[(event_id, "webhook")].status == "pending" and time.monotonic() < deadline:
            deliver_due(store, channels, settings.delivery)
            time.sleep(0.05)
        assert receiver.times_received(event_id) == 3
    assert _rows(store)[(event_id, "webhook")].status == "dead"


def test_unreachable_receiver_is_retried(store):
    settings = settings_for(PORTALWATCH_WEBHOOK_URL="http://127.0.0.1:9/hook",
                            PORTALWATCH_WEBHOOK_SECRET=SECRET, PORTALWATCH_WEBHOOK_TIMEOUT_SECONDS="1")
    event_id = store_event(store, settings)
    deliver_due(store, build_channels(settings), settings.delivery)
    row = _rows(store)[(event_id, "webhook")]
    assert row.status == "pending" and row.attempts == 1 and "cannot reach" in row.last_error


def test_two_deliverers_never_hold_the_same_row(store, receiver):
    settings = settings_for(receiver)
    ids = [store_event(store, settings) for _ in range(40)]
    channels = build_channels(settings)
    threads = [threading.Thread(target=deliver_due, args=(store, channels, settings.delivery)) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert set(receiver.accepted) == set(ids)
    assert all(receiver.times_received(i) == 1 for i in ids)


def test_a_lease_that_runs_out_passes_the_row_on(store, receiver):
    settings = settings_for(receiver, PORTALWATCH_ALERT_LEASE_SECONDS="0.3")
    event_id = store_event(store, settings)
    claim = claim_due(store, {"webhook"}, settings.delivery)  # a deliverer that then dies
    assert claim is not None and claim_due(store, {"webhook"}, settings.delivery) is None
    time.sleep(0.4)
    assert deliver_due(store, build_channels(settings), settings.delivery)["delivered"] == 1
    assert receiver.times_received(event_id) == 1
    assert _rows(store)[(event_id, "webhook")].attempts == 2
