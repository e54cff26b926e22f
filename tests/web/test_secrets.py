"""No secret (webhook secret, SMTP or database password, the token) in any page or answer."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from datetime import datetime

import httpx
import pytest

from portalwatch.web.redact import redact
from portalwatch.web.server import serve_in_thread
from storage.models import Event, OutboxItem
from storage.store import Store

SECRETS = {"PORTALWATCH_WEBHOOK_SECRET": "whsec-5150-abcdef", "PORTALWATCH_SMTP_PASSWORD": "mailpass-771",
           "PORTALWATCH_WEBHOOK_URL": "https://hooks.example.vn/in?key=hookkey-4242"}


def test_redact_masks_url_passwords_and_configured_secrets():
    env = dict(SECRETS)
    text = ("smtp://alert:mailpass-771@mail.example.vn refused; POST https://hooks.example.vn/in?key=hookkey-4242 "
            "signed with whsec-5150-abcdef; postgresql://pw:dbpass-99@db/x")
    cleaned = redact(text, env)
    for secret in ("mailpass-771", "hookkey-4242", "whsec-5150-abcdef", "dbpass-99"):
        assert secret not in cleaned
    assert "smtp://alert:***@mail.example.vn" in cleaned and "postgresql://pw:***@db/x" in cleaned



def test_redact_masks_urls_as_storage_does_even_unconfigured_ones():
    from storage.redact import mask_secrets

    text = "POST https://other.example.vn/hook?token=abc123xyz failed; smtp://u:pw-1234@mail.example.vn/ refused"
    assert redact(text, {}) == mask_secrets(text)
    assert "abc123xyz" not in redact(text, {}) and "pw-1234" not in redact(text, {})
    assert redact("signed with whsec-5150-abcdef", SECRETS) == "signed with ***"

@pytest.fixture
def leaky_store(tmp_path):
    store = Store.open(f"sqlite:///{tmp_path / 'leaky.db'}")
    run_id = store.start_crawl_run("thanhtri", "crawl")
    store.finish_crawl_run(run_id, "failed", {"errors": {"http_500": 3}},
                           error="proxy http://crawler:dbpass-99@proxy.example.vn:3128 refused")
    now = datetime(2026, 1, 2, 3, 4, 5)
    with store.session() as s:
        s.add(Event(id="00000000-0000-4000-8000-000000000001", type="site_health", district="Thanh Trì",
                    detected_at=now, dedup_key="k1", article_urls=[], alert=True,
                    payload={"site": "thanhtri", "problem": "failures", "state": "raised", "detail": "3 lần"}))
        s.add(Event(id="00000000-0000-4000-8000-000000000002", type="signing", district="Thanh Trì",
                    detected_at=now, dedup_key="k2", article_urls=["http://portal.example.vn/tin/1.html"], alert=True,
                    payload={"signing": {"kind": "hdnd_ubnd_mttq", "parties": ["hdnd", "ubnd", "mttq"],
                                         "programme": None, "period": "2026", "event_date": "2026-01-02",
                                         "district": "Thanh Trì", "evidence": "Hai bên ký kết chương trình phối hợp."},
                             "confidence": 0.87, "evidence": ["Câu thứ hai về việc ký kết."]}))
        s.flush()
        s.add(OutboxItem(event_id="00000000-0000-4000-8000-000000000002", channel="email", status="delivered",
                         attempts=1, created_at=now, next_attempt_at=now, delivered_at=now))
        s.add(OutboxItem(event_id="00000000-0000-4000-8000-000000000001", channel="webhook", status="dead",
                         attempts=8, created_at=now, next_attempt_at=now,
                         last_error="POST https://hooks.example.vn/in?key=hookkey-4242 signed whsec-5150-abcdef: 500"))
        s.add(OutboxItem(event_id="00000000-0000-4000-8000-000000000001", channel="email", status="pending",
                         attempts=2, created_at=now, next_attempt_at=now,
                         last_error="smtp://alert:mailpass-771@mail.example.vn: 535 auth failed"))
    yield store
    store.engine.dispose()


def test_no_page_or_answer_shows_a_secret(leaky_store):
    server = serve_in_thread(leaky_store, "127.0.0.1:0", token="", env=SECRETS)
    try:
        pages = ["/events", "/sites", "/api/events", "/api/sites", "/feeds/events.atom", "/roster"]
        bodies = {path: httpx.get(server.url.rstrip("/") + path).text for path in pages}
    finally:
        server.stop()
    assert "webhook" in bodies["/events"] and "3 lần" in bodies["/events"]  # the deliveries are shown ...
    assert "http_500" in bodies["/sites"]
    for path, body in bodies.items():
        for secret in ("whsec-5150-abcdef", "mailpass-771", "hookkey-4242", "dbpass-99"):
            assert secret not in body, (path, secret)  # ... without their secrets


def test_events_page_shows_confidence_every_evidence_sentence_and_deliveries(leaky_store):
    server = serve_in_thread(leaky_store, "127.0.0.1:0", token="", env=SECRETS)
    try:
        page = httpx.get(server.url + "events", params={"type": "signing"}).text
    finally:
        server.stop()
    assert "tin cậy 87%" in page
    assert "Hai bên <mark>ký kết</mark> <mark>chương trình phối hợp</mark>." in page
    assert "Câu thứ hai về việc <mark>ký kết</mark>." in page
    assert "email: đã gửi 02/01/2026 03:04" in page


def test_the_web_command_hides_the_secrets_its_settings_configure(leaky_store):
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    db_url = leaky_store.engine.url.render_as_string(hide_password=False)
    process = subprocess.Popen([sys.executable, "-m", "portalwatch.cli", "--db", db_url, "web", "--port", str(port)],
                               env={**os.environ, **SECRETS}, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                bodies = [httpx.get(f"http://127.0.0.1:{port}{path}").text for path in ("/events", "/sites")]
                break
            except httpx.TransportError:
                assert process.poll() is None and time.monotonic() < deadline, "portalwatch web did not start"
                time.sleep(0.2)
    finally:
        process.terminate()
        process.wait(10)
    assert "webhook" in bodies[0] and "http_500" in bodies[1]
    for body in bodies:
        for secret in ("whsec-5150-abcdef", "mailpass-771", "hookkey-4242", "dbpass-99"):
            assert secret not in body, secret
