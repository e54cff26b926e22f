"""Helpers of the monitor tests: alert settings pointing at the test receivers, stored events."""

from __future__ import annotations

import uuid

from monitor.alert_config import AlertSettings, load_alert_settings
from monitor.outbox import enqueue
from monitor.receivers import MailCatcher, WebhookReceiver
from storage.models import Event
from storage.store import Store, utcnow

SECRET = "test-secret-ồ"
FAST = {"PORTALWATCH_ALERT_BACKOFF_SECONDS": "0.2", "PORTALWATCH_ALERT_BACKOFF_MAX_SECONDS": "0.5",
        "PORTALWATCH_ALERT_POLL_SECONDS": "0.2", "PORTALWATCH_ALERT_LEASE_SECONDS": "3"}


def alert_env(receiver: WebhookReceiver | None = None, mailbox: MailCatcher | None = None,
              **extra: str) -> dict[str, str]:
    env = dict(FAST)
    if receiver is not None:
        env.update(PORTALWATCH_WEBHOOK_URL=receiver.url, PORTALWATCH_WEBHOOK_SECRET=SECRET,
                   PORTALWATCH_WEBHOOK_TIMEOUT_SECONDS="2")
    if mailbox is not None:
        env.update(PORTALWATCH_SMTP_URL=mailbox.url + "?timeout=5", PORTALWATCH_ALERT_EMAIL_TO="tin@example.vn",
                   PORTALWATCH_ALERT_EMAIL_FROM="portalwatch@example.vn")
    env.update(extra)
    return env


def settings_for(receiver=None, mailbox=None, **extra: str) -> AlertSettings:
    return load_alert_settings(alert_env(receiver, mailbox, **extra))


def store_event(store: Store, settings: AlertSettings, *, type: str = "signing",
                district: str | None = "Cầu Giấy", payload: dict | None = None, alert: bool = True) -> str:
    event_id = str(uuid.uuid4())
    with store.session() as s:
        event = Event(id=event_id, type=type, district=district, detected_at=utcnow(),
                      dedup_key=f"test:{event_id}", article_urls=["http://127.0.0.1/bai-viet-1"],
                      payload=payload if payload is not None else {
                          "title": "Ký kết chương trình phối hợp giai đoạn 2021-2026",
                          "kind": "hdnd_ubnd_mttq", "parties": ["hdnd", "ubnd", "mttq"],
                          "period": "2021-2026", "event_date": "2021-06-10",
                          "evidence": "Ngày 10/6, Thường trực HĐND, UBND và Ủy ban MTTQ ký kết chương trình."},
                      alert=alert)
        s.add(event)
        enqueue(s, event, settings)
    return event_id

