"""The daemon as a real process delivering the outbox: to a webhook receiver and
an SMTP server, across SIGKILL, against a receiver that refuses; and SIGTERM."""

from __future__ import annotations

import json
import time

import pytest

from monitor.receivers import WebhookReceiver
from monitor_helpers import SECRET, alert_env, settings_for, store_event, write_registry
from tests.conftest import run_cli


@pytest.fixture
def no_sites(tmp_path):
    return write_registry(tmp_path / "sites.yaml", [])


def test_daemon_delivers_stored_events_to_webhook_and_mailbox(store, db_url, no_sites, daemons, receiver, mailbox):
    env = alert_env(receiver, mailbox)
    ids = [store_event(store, settings_for(receiver, mailbox)) for _ in range(5)]
    daemon = daemons(db_url, no_sites, env)
    assert receiver.wait_for(lambda r: set(r.accepted) == set(ids), timeout=30)
    assert mailbox.wait_for(5, timeout=30)
    assert sorted(m["X-Portalwatch-Delivery"] for m in mailbox.messages) == sorted(ids)
    status, _seconds = daemon.terminate()
    assert status == 0
    assert all(receiver.times_received(i) == 1 for i in ids) and receiver.bad_signatures == 0


def test_sigkill_with_deliveries_pending_then_restart_delivers_each_event_once(store, db_url, no_sites, daemons):
    def slow(_id, _seen):
        time.sleep(0.15)  # keeps deliveries in flight when the kill comes
        return 200

    with WebhookReceiver(SECRET, responder=slow) as receiver:
        env = alert_env(receiver)
        ids = [store_event(store, settings_for(receiver)) for _ in range(30)]
        daemon = daemons(db_url, no_sites, env)
        assert receiver.wait_for(lambda r: len(r.accepted) >= 5, timeout=30)
        daemon.kill()
        halfway = len(receiver.accepted)
        assert halfway < len(ids), "everything went out before the kill; the test proves nothing"
        daemon = daemons(db_url, no_sites, env)
        assert receiver.wait_for(lambda r: set(r.accepted) == set(ids), timeout=60)
        assert daemon.terminate()[0] == 0
        # Exactly once per id for a receiver that deduplicates; on the wire, at most the
        # one request in flight at the kill came twice (same delivery id both times).
        sends = sum(receiver.times_received(i) for i in ids)
        assert len(ids) <= sends <= len(ids) + 1


def test_receiver_answering_400_makes_a_dead_alert_that_status_reports(store, db_url, no_sites, daemons):
    with WebhookReceiver(SECRET, responder=lambda _i, _n: 400) as receiver:
        event_id = store_event(store, settings_for(receiver))
        daemon = daemons(db_url, no_sites, alert_env(receiver))
        assert receiver.wait_for(lambda r: r.times_received(event_id) == 1, timeout=30)
        time.sleep(1)  # a dead row is never tried again
        assert receiver.times_received(event_id) == 1
        assert daemon.terminate()[0] == 0
    done = run_cli("--sites", str(no_sites), "status", "--json", db_url=db_url)
    assert done.returncode == 0, done.stderr
    outbox = [json.loads(line) for line in done.stdout.splitlines() if '"outbox"' in line][0]
    assert outbox["dead"] == 1 and outbox["pending"] == 0
    assert outbox["dead_items"][0]["event_id"] == event_id and "HTTP 400" in outbox["dead_items"][0]["last_error"]
    text = run_cli("--sites", str(no_sites), "status", db_url=db_url).stdout
    assert "1 dead" in text and event_id in text


def test_alerts_test_reports_each_channel(receiver, mailbox):
    env = alert_env(receiver, mailbox)
    done = run_cli("alerts", "test", env=env)
    assert done.returncode == 0, done.stderr
    assert "webhook (webhook to http://127.0.0.1" in done.stdout and "HTTP 200" in done.stdout
    assert "email (email to tin@example.vn" in done.stdout and len(receiver.accepted) == 1
    assert mailbox.wait_for(1, timeout=5)
    broken = run_cli("alerts", "test", env={**env, "PORTALWATCH_WEBHOOK_URL": "http://127.0.0.1:9/"})
    assert broken.returncode == 1 and "FAILED" in broken.stdout and "webhook" in broken.stderr
    nothing = run_cli("alerts", "test", env={k: "" for k in env if "WEBHOOK" in k or "SMTP" in k or "EMAIL" in k})
    assert nothing.returncode == 2 and "no alert channel" in nothing.stderr


def test_metrics_on_localhost(store, db_url, no_sites, daemons, receiver):
    import urllib.request

    from monitor.receivers import free_port

    port = free_port()
    event_id = store_event(store, settings_for(receiver))
    daemon = daemons(db_url, no_sites, alert_env(receiver, PORTALWATCH_METRICS_PORT=str(port)))
    assert receiver.wait_for(lambda r: event_id in r.accepted, timeout=30)
    deadline = time.monotonic() + 10
    text = ""
    while 'status="delivered"} 1' not in text and time.monotonic() < deadline:
        try:
            text = urllib.request.urlopen(f"http://127.0.0.1:{port}/metrics", timeout=5).read().decode()
        except OSError:
            time.sleep(0.2)
    assert 'portalwatch_outbox_rows{channel="webhook",status="delivered"} 1' in text
    assert "portalwatch_crawls_running 0" in text
    assert daemon.terminate()[0] == 0


def test_sighup_rereads_the_registry(db_url, tmp_path, no_sites, daemons):
    import signal

    daemon = daemons(db_url, no_sites, {})
    assert daemon.wait_for_log("daemon started", timeout=30)
    write_registry(no_sites, [{"name": "tanlam", "url": "http://127.0.0.1:9/", "district": "Tân Lâm",
                               "schedule": {"cron": "0 6 * * 1-5", "jitter_seconds": 0}}])
    daemon.process.send_signal(signal.SIGHUP)
    assert daemon.wait_for_log("registry reloaded", timeout=30, jobs={"tanlam": "added"})
    done = run_cli("--sites", str(no_sites), "status", "--json", db_url=db_url)
    site = json.loads(done.stdout.splitlines()[0])
    assert site["site"] == "tanlam" and site["next_run"] is not None
    assert daemon.terminate()[0] == 0
