"""docker-compose.yml's topology as local processes: PostgreSQL, a private Redis,
the `scheduler` service twice (leader and standby), the `worker` service twice,
a mail catcher in mailpit's place and the simulator as the portals. Alerts go
out from crawls the workers did, once each, across the death of the leader."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
import yaml
from sqlalchemy import create_engine, func, select

from crawler.distributed.processes import LocalRedis, Workers
from monitor_helpers import CHANGE, SIGNING, about, FAST_SCRAPY, alert_env, simulator_sites, write_registry
from storage.db import sqlalchemy_url
from storage.models import ArticleUrl, CrawlRun

pytestmark = pytest.mark.slow

REPO = Path(__file__).resolve().parents[2]
INTERVAL = 4



def _rows(db_url: str, query):
    engine = create_engine(sqlalchemy_url(db_url))
    try:
        with engine.connect() as connection:
            return connection.execute(query).all()
    finally:
        engine.dispose()


def test_compose_topology_as_local_processes(simulator, tmp_path, fresh_postgres_url, daemons, receiver, mailbox):
    services = yaml.safe_load((REPO / "docker-compose.yml").read_text(encoding="utf-8"))["services"]
    assert {"db", "redis", "scheduler", "worker", "mailpit"} <= set(services)
    scheduler, worker = services["scheduler"], services["worker"]
    assert scheduler["command"] == ["daemon"] and worker["command"] == ["worker"]
    assert scheduler["deploy"]["replicas"] == 2
    for service in (scheduler, worker):
        assert {"PORTALWATCH_DB_URL", "PORTALWATCH_REDIS_URL"} <= set(service["environment"])

    db_url = fresh_postgres_url
    sites = write_registry(tmp_path / "sites.yaml",
                           simulator_sites(simulator, ["caugiay", "phuongcaugiay"], INTERVAL))
    with LocalRedis(tmp_path / "redis") as redis_server:
        env = alert_env(receiver, mailbox, PORTALWATCH_REDIS_URL=redis_server.url,
                        PORTALWATCH_LEADER_POLL_SECONDS="1")
        leader = daemons(db_url, sites, env)
        assert leader.wait_for_log("daemon started", timeout=60, role="leader")
        standby = daemons(db_url, sites, env)
        assert standby.wait_for_log("daemon started", timeout=60, role="standby")
        with Workers(db_url, sites, redis_server.url, tmp_path / "workers",
                     env={"PORTALWATCH_SCRAPY_SETTINGS": FAST_SCRAPY}).start(2) as pool:
            assert leader.wait_for_log("crawl finished", timeout=120, site="caugiay", status="ok")
            assert leader.wait_for_log("crawl finished", timeout=60, site="phuongcaugiay", status="ok")
            assert not [x for x in standby.log_lines() if x.get("msg") == "crawl starting"]

            signing_url = simulator.publish("phuongcaugiay", **SIGNING)
            assert receiver.wait_for(about(signing_url), timeout=INTERVAL + 30)
            assert mailbox.wait_for(1, timeout=30)

            leader.kill()
            assert standby.wait_for_log("leadership gained", timeout=60)
            change_url = simulator.publish("caugiay", **CHANGE)
            assert receiver.wait_for(about(change_url), timeout=INTERVAL + 60)
            assert mailbox.wait_for(2, timeout=30)
            time.sleep(INTERVAL)  # a later crawl or a second daemon would send them again

            delivered = [a for a in receiver.accepted.values() if a.event_type != "site_health"]
            assert {a.event_type for a in delivered} == {"signing", "leadership_change"}
            # Once per id for a receiver that deduplicates; on the wire, the one
            # delivery in flight when the leader died may come twice (same id).
            sends = sum(receiver.times_received(a.delivery_id) for a in delivered)
            assert len(delivered) <= sends <= len(delivered) + 1
            mail_ids = [m["X-Portalwatch-Delivery"] for m in mailbox.messages]
            assert set(mail_ids) >= {a.delivery_id for a in delivered}
            assert len(mail_ids) <= len(set(mail_ids)) + 1
            assert "run" in pool.log_text() and "taken" in pool.log_text()

    owners = {owner for (owner,) in _rows(db_url, select(CrawlRun.owner))}
    assert owners and all(owner.startswith("redis:") for owner in owners)  # the workers crawled, not the daemons
    urls = _rows(db_url, select(ArticleUrl.url, func.count()).group_by(ArticleUrl.url))
    assert set(simulator.article_urls("caugiay")) | set(simulator.article_urls("phuongcaugiay")) \
        == {url for url, _ in urls}
    assert max(count for _, count in urls) == 1
