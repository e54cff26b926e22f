"""Delivery faults: a receiver that drips its answer, and secrets in what is shown."""

from __future__ import annotations

import time

import pytest
from sqlalchemy import select

from monitor.alert_config import WebhookChannelConfig
from monitor.channels import DeliveryError, trial_document
from monitor.channels.webhook import WebhookChannel
from monitor.outbox import DeliveryLoop
from monitor.receivers import DrippingReceiver, MailCatcher
from storage.models import OutboxItem
from tests.monitor.monitor_helpers import settings_for, store_event

TOKEN = "dripping-secret-token"


@pytest.mark.slow
def test_a_dripping_receiver_is_cut_at_the_timeout_of_the_whole_request(fault_row):
    with DrippingReceiver(interval=2.0) as drip:
        channel = WebhookChannel(WebhookChannelConfig(name="webhook", url=drip.url, secret="s"))  # 10 s
        started = time.monotonic()
        with pytest.raises(DeliveryError) as failure:
            channel.send(trial_document())
        seconds = time.monotonic() - started
    fault_row("webhook dripping 1 byte / 2 s, 10 s timeout", "request ends at 10 s",
              f"ended after {seconds:.1f} s; token shown: {TOKEN in str(failure.value)}")
    assert 9.5 <= seconds < 11.0, f"a receiver dripping a byte every 2 s held the request {seconds:.1f} s"
    assert failure.value.retryable and "within 10 s" in str(failure.value)
    assert TOKEN not in str(failure.value), str(failure.value)


@pytest.mark.slow
def test_an_email_is_not_held_up_by_a_slow_webhook(store, fault_row):
    with DrippingReceiver(interval=2.0) as drip, MailCatcher() as mailbox:
        settings = settings_for(mailbox=mailbox, PORTALWATCH_WEBHOOK_URL=drip.url,
                                PORTALWATCH_WEBHOOK_SECRET="s", PORTALWATCH_WEBHOOK_TIMEOUT_SECONDS="6")
        events = [store_event(store, settings) for _ in range(2)]
        loop = DeliveryLoop(store, settings)
        started = time.monotonic()
        loop.start()
        try:
            assert mailbox.wait_for(2, timeout=30)
            mail_seconds = time.monotonic() - started
            deadline = time.monotonic() + 15
            while time.monotonic() < deadline:
                with store.session() as s:
                    errors = [r.last_error for r in s.scalars(select(OutboxItem).where(OutboxItem.channel == "webhook"))]
                if all(errors):
                    break
                time.sleep(0.2)
        finally:
            loop.stop(0.5)
    fault_row("slow webhook and an e-mail due together", "e-mail not held up; last_error masked",
              f"2 e-mails in {mail_seconds:.1f} s; webhook last_error set {sum(map(bool, errors))}/2, "
              f"token in it: {any(TOKEN in (e or '') for e in errors)}")
    assert drip.connections >= 1
    assert mail_seconds < 3, f"two e-mails took {mail_seconds:.1f} s behind a webhook dripping for 6 s"
    assert len(errors) == len(events) and all(errors), errors
    assert not any(TOKEN in e for e in errors), f"the webhook token is in last_error: {errors}"


def test_status_shows_a_stuck_delivery_with_its_last_error_masked(db_url, store, fault_row):
    from monitor.channels import build_channels
    from monitor.outbox import deliver_due
    from tests.conftest import run_cli
    from tests.faults.test_secrets_and_files import _closed_port

    url = f"http://127.0.0.1:{_closed_port()}/hook?token={TOKEN}"
    settings = settings_for(PORTALWATCH_WEBHOOK_URL=url, PORTALWATCH_WEBHOOK_SECRET="s")
    event = store_event(store, settings)
    assert deliver_due(store, build_channels(settings), settings.delivery)["pending"] == 1
    done = run_cli("status", db_url=db_url)
    assert done.returncode == 0, done.stderr
    stuck = [line for line in done.stdout.splitlines() if line.strip().startswith("stuck:")]
    fault_row("delivery failing (receiver down)", "status shows its last error, masked",
              f"{len(stuck)} stuck line(s); token shown: {TOKEN in done.stdout + done.stderr}")
    assert len(stuck) == 1 and event in stuck[0] and "cannot reach" in stuck[0], done.stdout
    assert TOKEN not in done.stdout + done.stderr
