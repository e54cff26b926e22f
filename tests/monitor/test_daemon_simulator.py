"""The whole monitor against the portal simulator: the daemon (a real process)
crawls in child processes, the detectors read, the outbox delivers."""

from __future__ import annotations

import time

import pytest

from monitor.receivers import WebhookReceiver
from monitor_helpers import CHANGE, SIGNING, about, alert_env, simulator_sites, write_registry

pytestmark = pytest.mark.slow

INTERVAL = 4



def _health(receiver: WebhookReceiver, problem: str) -> list[str]:
    return [a.document["state"] for a in sorted(receiver.accepted.values(), key=lambda a: a.received_at)
            if a.event_type == "site_health" and a.document.get("problem") == problem]


@pytest.fixture
def db_url(tmp_path):
    return f"sqlite:///{tmp_path / 'monitor.db'}"


def test_published_signing_and_change_reach_webhook_and_mailbox(simulator, tmp_path, db_url, daemons,
                                                                 receiver, mailbox):
    sites = write_registry(tmp_path / "sites.yaml", simulator_sites(simulator, ["caugiay"], INTERVAL))
    daemon = daemons(db_url, sites, alert_env(receiver, mailbox))
    assert daemon.wait_for_log("crawl finished", timeout=120, site="caugiay")
    assert not receiver.accepted, "the backfill alerted"
    signing_url = simulator.publish("caugiay", **SIGNING)
    assert receiver.wait_for(about(signing_url), timeout=60)
    [signing] = about(signing_url)(receiver)
    assert signing.event_type == "signing" and signing.document["district"] == "Cầu Giấy"
    change_url = simulator.publish("caugiay", **CHANGE)
    assert receiver.wait_for(about(change_url), timeout=60)
    [change] = about(change_url)(receiver)
    assert change.event_type == "leadership_change"
    assert change.document["new_holder"]["name"] == "Trần Quốc Bảo"
    assert mailbox.wait_for(2, timeout=30)
    subjects = {m["X-Portalwatch-Delivery"]: m["Subject"] for m in mailbox.messages}
    assert "Ký kết chương trình phối hợp – Cầu Giấy" in subjects[signing.delivery_id]
    assert "Chủ tịch UBND: Trần Quốc Bảo" in subjects[change.delivery_id]
    assert daemon.terminate()[0] == 0


def test_sigkill_in_the_middle_of_a_crawl_then_restart_delivers_once(simulator, tmp_path, db_url, daemons,
                                                                    receiver):
    sites = write_registry(tmp_path / "sites.yaml", simulator_sites(simulator, ["caugiay"], INTERVAL))
    env = alert_env(receiver)
    daemon = daemons(db_url, sites, env)
    assert daemon.wait_for_log("crawl finished", timeout=120, site="caugiay")
    simulator.set_delay("caugiay", 1.5)  # every page slow: the next crawl is caught midway
    url = simulator.publish("caugiay", **SIGNING)
    assert daemon.wait_for_log("crawl starting", count=2, timeout=60, site="caugiay")
    time.sleep(1.0)
    daemon.kill()
    simulator.set_delay("caugiay", 0)
    daemon = daemons(db_url, sites, env)
    assert receiver.wait_for(about(url), timeout=90)
    time.sleep(INTERVAL + 1)  # a further crawl and delivery round: still once
    assert len(about(url)(receiver)) == 1
    [arrival] = about(url)(receiver)
    assert receiver.times_received(arrival.delivery_id) == 1
    assert daemon.terminate()[0] == 0


def test_sigterm_during_a_crawl_ends_the_daemon_cleanly_within_10_seconds(simulator, tmp_path, db_url, daemons):
    simulator.set_delay("caugiay", 3)
    sites = write_registry(tmp_path / "sites.yaml", simulator_sites(simulator, ["caugiay"], INTERVAL))
    daemon = daemons(db_url, sites, {})
    assert daemon.wait_for_log("crawl starting", timeout=60, site="caugiay")
    time.sleep(1.5)
    status, seconds = daemon.terminate()
    assert status == 0 and seconds < 10
    assert daemon.wait_for_log("daemon stopped", timeout=1) or any(
        x.get("msg") == "daemon stopped" for x in daemon.log_lines())


def test_failing_crawls_raise_one_site_health_event_and_recovery_another(simulator, tmp_path, db_url, daemons,
                                                                         receiver):
    simulator.inject("caugiay", "/*", "status", code=503)
    sites = write_registry(tmp_path / "sites.yaml", simulator_sites(simulator, ["caugiay"], 2))
    daemon = daemons(db_url, sites, alert_env(receiver, PORTALWATCH_HEALTH_FAILED_RUNS="2"))
    assert receiver.wait_for(lambda r: _health(r, "crawl_failures") == ["raised"], timeout=90)
    assert daemon.wait_for_log("crawl finished", count=4, timeout=60)  # more failures: no second event
    simulator.clear_faults("caugiay")
    assert receiver.wait_for(lambda r: _health(r, "crawl_failures") == ["raised", "recovered"], timeout=90)
    assert daemon.terminate()[0] == 0
    assert _health(receiver, "crawl_failures") == ["raised", "recovered"]


def test_broken_layout_raises_one_site_health_event_and_recovery_another(simulator, tmp_path, db_url, daemons,
                                                                         receiver):
    sites = write_registry(tmp_path / "sites.yaml", simulator_sites(simulator, ["caugiay"], 2))
    daemon = daemons(db_url, sites, alert_env(receiver))
    assert daemon.wait_for_log("crawl finished", timeout=120, site="caugiay")
    simulator.inject("caugiay", "/tin-tuc/*", "layout")
    simulator.publish("caugiay")
    simulator.publish("caugiay")
    assert receiver.wait_for(lambda r: _health(r, "layout") == ["raised"], timeout=60)
    simulator.clear_faults("caugiay")
    simulator.publish("caugiay")
    assert receiver.wait_for(lambda r: _health(r, "layout") == ["raised", "recovered"], timeout=60)
    assert daemon.terminate()[0] == 0


def test_lists_gone_empty_raise_no_articles_and_a_new_article_recovers(simulator, tmp_path, db_url, daemons,
                                                                       receiver):
    sites = write_registry(tmp_path / "sites.yaml", simulator_sites(simulator, ["caugiay"], 2))
    daemon = daemons(db_url, sites, alert_env(receiver))
    assert daemon.wait_for_log("crawl finished", timeout=120, site="caugiay")
    for url in simulator.article_urls("caugiay"):
        simulator.delete(url)  # every list of the site is empty now
    assert receiver.wait_for(lambda r: _health(r, "no_articles") == ["raised"], timeout=60)
    assert daemon.wait_for_log("crawl finished", count=4, timeout=60)  # still empty: no second event
    assert _health(receiver, "no_articles") == ["raised"]
    simulator.publish("caugiay")
    assert receiver.wait_for(lambda r: _health(r, "no_articles") == ["raised", "recovered"], timeout=60)
    assert daemon.terminate()[0] == 0
    raised = next(a.document for a in receiver.accepted.values() if a.document.get("state") == "raised")
    assert raised["site"] == "caugiay" and raised["figures"]["articles_listed"] == 0
