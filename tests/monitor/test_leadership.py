"""Several daemons on one database: one leads (schedules, crawls, delivers), the
others stand by and take over when it dies; runs of a dead daemon are closed."""

from __future__ import annotations

import json
import time
from datetime import timedelta

import pytest
from sqlalchemy import create_engine, select, text

from monitor.receivers import WebhookReceiver
from monitor_helpers import CHANGE, SIGNING, about, SECRET, alert_env, settings_for, simulator_sites, store_event, write_registry
from storage.db import sqlalchemy_url
from storage.models import CrawlRun
from storage.clock import utcnow
from storage.store import Store
from tests.conftest import run_cli

pytestmark = pytest.mark.slow

INTERVAL = 3



def _instance(daemon) -> str:
    return next(x["instance"] for x in daemon.log_lines() if x.get("msg") == "daemon started")


def _said(daemon, message: str) -> int:
    return sum(1 for x in daemon.log_lines() if x.get("msg") == message)


def _leader(db_url: str, sites) -> str | None:
    done = run_cli("--sites", str(sites), "status", "--json", db_url=db_url)
    assert done.returncode == 0, done.stderr
    return [json.loads(line) for line in done.stdout.splitlines()][-1]["leader"]


def _run_owners(db_url: str) -> set[str | None]:
    engine = create_engine(sqlalchemy_url(db_url))
    try:
        with engine.connect() as connection:
            return set(connection.execute(select(CrawlRun.owner)).scalars())
    finally:
        engine.dispose()


@pytest.fixture
def no_sites(tmp_path):
    return write_registry(tmp_path / "sites.yaml", [])


def test_one_daemon_leads_a_standby_ends_on_sigterm_and_another_takes_over(db_url, no_sites, daemons):
    env = {"PORTALWATCH_LEADER_POLL_SECONDS": "1"}
    first = daemons(db_url, no_sites, env)
    assert first.wait_for_log("daemon started", timeout=30, role="leader")
    second = daemons(db_url, no_sites, env)
    assert second.wait_for_log("daemon started", timeout=30, role="standby")
    assert second.wait_for_log("standing by", timeout=1, leader=_instance(first))
    assert _leader(db_url, no_sites) == _instance(first)

    status, _seconds = second.terminate(timeout=10)  # raises if a standby lingers
    assert status == 0
    assert any(x.get("msg") == "daemon stopping" and x.get("role") == "standby" for x in second.log_lines())

    third = daemons(db_url, no_sites, env)
    assert third.wait_for_log("daemon started", timeout=30, role="standby")
    time.sleep(3)  # three polls: the lock is held, the standby stays one
    assert _said(third, "leadership gained") == 0 and _said(first, "leadership lost") == 0
    first.kill()
    assert third.wait_for_log("leadership gained", timeout=30)
    assert _leader(db_url, no_sites) == _instance(third)
    assert third.terminate()[0] == 0
    assert _leader(db_url, no_sites) is None


def test_the_new_leader_closes_runs_of_dead_daemons_but_not_workers_or_recent_manual_runs(store, db_url, no_sites,
                                                                                      daemons):
    of_dead_daemon = store.start_crawl_run("tanlam", "crawl", owner="daemon:elsewhere:4242:abcdef")
    of_worker = store.start_crawl_run("tanlam", "crawl", owner="redis:worker-1")
    manual = store.start_crawl_run("tanlam", "crawl")
    old_manual = store.start_crawl_run("tanlam", "crawl")
    with store.session() as s:
        s.get(CrawlRun, old_manual).started_at = utcnow() - timedelta(hours=2)
    daemon = daemons(db_url, no_sites, {"PORTALWATCH_CRAWL_TIMEOUT_SECONDS": "600"})
    assert daemon.wait_for_log("daemon started", timeout=30, role="leader")
    with store.session() as s:
        runs = {run_id: s.get(CrawlRun, run_id) for run_id in (of_dead_daemon, of_worker, manual, old_manual)}
        assert runs[of_dead_daemon].status == "failed"
        assert runs[of_dead_daemon].error.startswith("abandoned: its daemon daemon:elsewhere:4242:abcdef")
        assert runs[of_worker].status == "running" and runs[manual].status == "running"
        assert runs[old_manual].status == "failed" and runs[old_manual].error.startswith("abandoned")
    assert daemon.terminate()[0] == 0


def test_standby_takes_over_a_killed_leader_within_a_minute_and_each_alert_goes_out_once(
        simulator, tmp_path, fresh_postgres_url, daemons):
    db_url = fresh_postgres_url

    def slow(_id, _seen):
        time.sleep(0.15)  # keeps deliveries in flight when the kill comes
        return 200

    with WebhookReceiver(SECRET, responder=slow) as receiver:
        sites = write_registry(tmp_path / "sites.yaml", simulator_sites(simulator, ["caugiay"], INTERVAL))
        env = alert_env(receiver)  # the default lock poll: the takeover measured is the real one
        first = daemons(db_url, sites, env)
        assert first.wait_for_log("daemon started", timeout=60, role="leader")
        second = daemons(db_url, sites, env)
        assert second.wait_for_log("daemon started", timeout=60, role="standby")
        assert first.wait_for_log("crawl finished", count=2, timeout=120, site="caugiay")
        assert _said(second, "crawl starting") == 0
        assert _run_owners(db_url) == {_instance(first)}

        change_url = simulator.publish("caugiay", **CHANGE)
        assert receiver.wait_for(lambda r: about(change_url)(r), timeout=60)
        store = Store.open(db_url)
        try:
            ids = [store_event(store, settings_for(receiver)) for _ in range(30)]
        finally:
            store.engine.dispose()
        assert receiver.wait_for(lambda r: len(set(ids) & set(r.accepted)) >= 3, timeout=30)
        killed = time.monotonic()
        first.kill()
        halfway = len(set(ids) & set(receiver.accepted))
        assert halfway < len(ids), "everything went out before the kill; the test proves nothing"

        assert second.wait_for_log("leadership gained", timeout=60)
        takeover = time.monotonic() - killed
        print(f"takeover after SIGKILL of the leader: {takeover:.1f} s")
        signing_url = simulator.publish("caugiay", **SIGNING)
        assert receiver.wait_for(lambda r: about(signing_url)(r), timeout=60)
        assert receiver.wait_for(lambda r: set(ids) <= set(r.accepted), timeout=60)
        assert second.wait_for_log("crawl finished", count=2, timeout=60, site="caugiay")
        time.sleep(INTERVAL + 1)  # one more crawl and delivery round: still once

        assert _instance(second) in _run_owners(db_url) <= {_instance(first), _instance(second)}
        for url in (change_url, signing_url):
            [arrival] = about(url)(receiver)
            assert receiver.times_received(arrival.delivery_id) == 1
        # Once per id for a receiver that deduplicates; on the wire, at most the one
        # request in flight at the kill came twice (same delivery id both times).
        sends = sum(receiver.times_received(i) for i in ids)
        assert len(ids) <= sends <= len(ids) + 1
        assert second.terminate()[0] == 0


def test_a_leader_whose_lock_connection_dies_steps_down_and_leads_again(simulator, tmp_path, fresh_postgres_url,
                                                                        daemons):
    db_url = fresh_postgres_url
    sites = write_registry(tmp_path / "sites.yaml", simulator_sites(simulator, ["caugiay"], 2))
    daemon = daemons(db_url, sites, {"PORTALWATCH_LEADER_POLL_SECONDS": "1"})
    assert daemon.wait_for_log("crawl finished", timeout=120, site="caugiay")
    engine = create_engine(sqlalchemy_url(db_url))
    with engine.connect() as connection:
        cut = connection.execute(text("SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
                                      " WHERE application_name = :name"),
                                 {"name": f"pw-leader {_instance(daemon)}"[:63]}).scalars().all()
    engine.dispose()
    assert cut == [True]
    assert daemon.wait_for_log("leadership lost", timeout=30)
    assert daemon.wait_for_log("leadership gained", count=2, timeout=30)
    finished = _said(daemon, "crawl finished")
    assert daemon.wait_for_log("crawl finished", count=finished + 1, timeout=60, site="caugiay")
    assert daemon.terminate()[0] == 0


def test_crawl_owner_that_does_not_fit_is_a_usage_error(tmp_path):
    sites = write_registry(tmp_path / "sites.yaml", [{"name": "tanlam", "url": "http://127.0.0.1:9/",
                                                      "district": "Tân Lâm"}])
    done = run_cli("--sites", str(sites), "crawl", "tanlam", "--owner", "x" * 129,
                   db_url=f"sqlite:///{tmp_path / 'pw.db'}")
    assert done.returncode == 2 and "--owner" in done.stderr and "Traceback" not in done.stderr
