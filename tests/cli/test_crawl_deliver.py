"""A manual crawl queues alerts: its summary says how many wait in the outbox,
and `crawl --deliver` sends them before it exits (real simulator, real webhook
receiver, real subprocesses)."""

from __future__ import annotations

import json

import pytest

from monitor.receivers import WebhookReceiver
from portalwatch.simulator.pytest_fixture import simulator  # noqa: F401
from tests.conftest import run_cli

SECRET = "crawl-deliver-bí-mật"
FAST = json.dumps({"DOWNLOAD_DELAY": 0, "AUTOTHROTTLE_START_DELAY": 0.01, "RETRY_TIMES": 0,
                   "ROBOTSTXT_CRAWL_DELAY": False})
SIGNING = {"title": "Ký kết chương trình phối hợp giữa Thường trực HĐND, UBND và Ủy ban MTTQ quận Cầu Giấy",
           "paragraphs": ["Sáng 3/12, Thường trực HĐND, UBND và Ban Thường trực Ủy ban MTTQ Việt Nam quận Cầu Giấy "
                          "tổ chức Hội nghị ký kết Chương trình phối hợp công tác giai đoạn 2026-2031."]}

pytestmark = pytest.mark.slow


def test_crawl_says_what_waits_and_deliver_sends_it(simulator, tmp_path):
    db = f"sqlite:///{tmp_path / 'x.db'}"
    with WebhookReceiver(SECRET) as receiver:
        env = {"PORTALWATCH_SCRAPY_SETTINGS": FAST, "PORTALWATCH_WEBHOOK_URL": receiver.url,
               "PORTALWATCH_WEBHOOK_SECRET": SECRET}
        crawl = ["--sites", str(simulator.registry_path), "crawl", "caugiay"]
        first = run_cli(*crawl, db_url=db, env=env)  # the backfill: stored, not alerted
        assert first.returncode == 0, first.stderr
        assert "alerts:" not in first.stderr

        url = simulator.publish("caugiay", **SIGNING)
        queued = run_cli(*crawl, db_url=db, env=env)
        assert queued.returncode == 0, queued.stderr
        assert ("alerts: 1 pending; a running `portalwatch daemon` sends them, or `crawl --deliver` now."
                in queued.stderr.splitlines())
        assert not receiver.accepted

        delivered = run_cli(*crawl, "--deliver", db_url=db, env=env)
        assert delivered.returncode == 0, delivered.stderr
        assert "alerts: 1 delivered, 0 failed; 0 pending." in delivered.stderr.splitlines()
        [arrival] = receiver.accepted.values()
        assert arrival.event_type == "signing" and url in arrival.document["article_urls"]


def test_deliver_without_a_channel_is_refused_before_crawling(tmp_path):
    result = run_cli("crawl", "caugiay", "--deliver", db_url=f"sqlite:///{tmp_path / 'x.db'}",
                     env={"PORTALWATCH_WEBHOOK_URL": "", "PORTALWATCH_SMTP_URL": "", "PORTALWATCH_ALERT_EMAIL_TO": "",
                          "PORTALWATCH_ALERT_CONFIG": ""})
    assert result.returncode == 2
    assert result.stderr.strip().startswith("portalwatch: --deliver needs an alert channel")
