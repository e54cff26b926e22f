"""The channels on their own: what a webhook receiver and a mail server get."""

from __future__ import annotations

import email
import email.policy
import ssl
import subprocess
from pathlib import Path

import pytest

from monitor.alert_config import load_alert_settings
from monitor.channels import DeliveryError, build_channels, trial_document
from monitor.channels.email import build_message
from monitor.receivers import MailCatcher, WebhookReceiver
from monitor_helpers import SECRET, alert_env
from storage.errors import UsageError

HOSTILE = {"id": "0b1d6a1e-0000-4000-8000-000000000001", "type": "signing", "district": "Cầu Giấy",
           "detected_at": "2026-11-23T07:00:00Z", "article_urls": ["http://127.0.0.1/a?x=1&y=<2>",
                                                                    "javascript:alert(1)"],
           "title": "Ký kết\r\nBcc: victim@example.com\r\n<script>alert('x')</script>",
           "kind": "hdnd_ubnd_mttq", "parties": ["hdnd", "ubnd", "mttq"],
           "evidence": "HĐND & UBND <b>ký</b> kết"}


def _channel(env: dict, name: str):
    return build_channels(load_alert_settings(env))[name]


def test_webhook_is_signed_and_carries_the_spec_headers(receiver):
    document = trial_document()
    receipt = _channel(alert_env(receiver), "webhook").send(document)
    assert receipt == "HTTP 200"
    arrival = receiver.accepted[document["id"]]
    assert arrival.event_type == "test" and arrival.document == document
    assert receiver.bad_signatures == 0


def test_a_wrong_secret_is_refused_by_the_receiver(receiver):
    env = alert_env(receiver, PORTALWATCH_WEBHOOK_SECRET="not-the-secret")
    with pytest.raises(DeliveryError) as failure:
        _channel(env, "webhook").send(trial_document())
    assert not failure.value.retryable and receiver.bad_signatures == 1


@pytest.mark.parametrize("status,retryable", [(500, True), (503, True), (429, True), (400, False),
                                              (404, False), (410, False), (301, False)])
def test_webhook_status_decides_retry(status, retryable):
    with WebhookReceiver(SECRET, responder=lambda _i, _n: status) as receiver:
        with pytest.raises(DeliveryError) as failure:
            _channel(alert_env(receiver), "webhook").send(trial_document())
    assert failure.value.retryable is retryable


def test_email_has_plain_and_html_parts_and_no_injected_headers(mailbox):
    receipt = _channel(alert_env(mailbox=mailbox), "email").send(HOSTILE)
    assert "1 recipient" in receipt
    assert mailbox.wait_for(1, timeout=5)
    message = mailbox.messages[0]
    assert message["Bcc"] is None and "\n" not in message["Subject"]
    assert message["Subject"].startswith("[portalwatch] Ký kết chương trình phối hợp – Cầu Giấy: Ký kết Bcc:")
    assert message["X-Portalwatch-Delivery"] == HOSTILE["id"]
    plain = message.get_body(("plain",)).get_content()
    html = message.get_body(("html",)).get_content()
    assert "Các bên: HĐND, UBND, Ủy ban MTTQ" in plain
    assert "<script>" not in html and "&lt;script&gt;" in html and "&lt;b&gt;ký&lt;/b&gt;" in html
    assert 'href="http://127.0.0.1/a?x=1&amp;y=&lt;2&gt;"' in html and 'href="javascript' not in html


def test_email_headers_survive_a_long_vietnamese_title():
    env = alert_env(PORTALWATCH_SMTP_URL="smtp://127.0.0.1:1", PORTALWATCH_ALERT_EMAIL_TO="a@example.vn")
    settings = load_alert_settings(env)
    title = "Hội nghị Trần Quốc Bảo " * 20
    raw = build_message(settings.channels[0], {**HOSTILE, "title": title}).as_bytes()
    assert raw.isascii()  # headers encoded, body base64
    subject = email.message_from_bytes(raw, policy=email.policy.default)["Subject"]
    assert len(subject) <= 180 and subject.endswith("…")
    assert "Trần Quốc Bảo Hội nghị Trần Quốc Bảo" in subject  # no space lost in the folding


def _self_signed(tmp_path: Path) -> tuple[Path, Path]:
    cert, key = tmp_path / "cert.pem", tmp_path / "key.pem"
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj",
                    "/CN=localhost", "-addext", "subjectAltName=IP:127.0.0.1,DNS:localhost",
                    "-keyout", str(key), "-out", str(cert)], check=True, capture_output=True)
    return cert, key


def test_email_over_starttls_with_login(tmp_path):
    from aiosmtpd.smtp import AuthResult, LoginPassword

    cert, key = _self_signed(tmp_path)
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(cert, key)
    logins = []

    def authenticator(_server, _session, _envelope, _mechanism, data):
        ok = isinstance(data, LoginPassword) and (data.login, data.password) == (b"canbo", b"m@t khau")
        logins.append(ok)
        return AuthResult(success=ok, handled=False)  # handled=False: aiosmtpd answers 535 itself

    with MailCatcher(tls_context=context, require_starttls=True, authenticator=authenticator) as mailbox:
        env = alert_env(mailbox=mailbox, PORTALWATCH_SMTP_URL=(
            f"smtp://canbo:m%40t%20khau@127.0.0.1:{mailbox.port}?starttls=true&cafile={cert}"))
        _channel(env, "email").send(trial_document())
        assert mailbox.wait_for(1, timeout=5) and logins == [True]
        bad = alert_env(mailbox=mailbox, PORTALWATCH_SMTP_URL=(
            f"smtp://canbo:sai@127.0.0.1:{mailbox.port}?starttls=true&cafile={cert}"))
        with pytest.raises(DeliveryError) as failure:
            _channel(bad, "email").send(trial_document())
        assert failure.value.retryable  # a password can be fixed; the row waits for it


@pytest.mark.parametrize("env,phrase", [
    ({"PORTALWATCH_WEBHOOK_URL": "http://127.0.0.1/h"}, "no secret"),
    ({"PORTALWATCH_WEBHOOK_URL": "ftp://x", "PORTALWATCH_WEBHOOK_SECRET": "s"}, "not http"),
    ({"PORTALWATCH_SMTP_URL": "smtp://127.0.0.1"}, "no recipients"),
    ({"PORTALWATCH_ALERT_EMAIL_TO": "a@b"}, "no SMTP server"),
    ({"PORTALWATCH_WEBHOOK_URL": "http://h/", "PORTALWATCH_WEBHOOK_SECRET": "s",
      "PORTALWATCH_WEBHOOK_TYPES": "signing,bogus"}, "bogus"),
    ({"PORTALWATCH_ALERT_MAX_ATTEMPTS": "zero"}, "PORTALWATCH_ALERT_MAX_ATTEMPTS"),
])
def test_bad_settings_are_one_sentence(env, phrase):
    with pytest.raises(UsageError, match=phrase):
        load_alert_settings(env)


def test_config_file_channels_and_filters(tmp_path, receiver):
    config = tmp_path / "alerts.yaml"
    config.write_text(f"""
delivery: {{max_attempts: 4, backoff_seconds: 1}}
channels:
  - {{name: ops, type: webhook, url: "{receiver.url}", secret: s1, filters: {{types: [site_health]}}}}
  - {{name: press, type: webhook, url: "{receiver.url}", secret: s2, filters: {{districts: [Quận Cầu Giấy]}}}}
""", encoding="utf-8")
    settings = load_alert_settings({"PORTALWATCH_ALERT_CONFIG": str(config), "PORTALWATCH_ALERT_MAX_ATTEMPTS": "6"})
    assert [c.name for c in settings.channels] == ["ops", "press"]
    assert settings.delivery.max_attempts == 6 and settings.delivery.backoff_seconds == 1
    ops, press = settings.channels
    assert ops.filters.accepts("site_health", None) and not ops.filters.accepts("signing", "Cầu Giấy")
    assert press.filters.accepts("signing", "cầu giấy") and not press.filters.accepts("signing", "Thanh Trì")
