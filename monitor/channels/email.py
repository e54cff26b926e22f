"""Alerts by e-mail: a plain and an HTML part, in Vietnamese, over SMTP with
STARTTLS or TLS.

Everything from an article is escaped in the HTML part, and the subject goes
through render.one_line, so a title cannot add headers to the message.
"""

from __future__ import annotations

import html
import smtplib
import socket
import ssl
from email.header import Header
from email.mime.multipart import MIMEMultipart
from email.mime.text import MIMEText
from email.utils import formatdate
from typing import Any

from monitor.alert_config import EmailChannelConfig, SmtpServer
from monitor.channels.base import DeliveryError
from monitor.channels.deadline import deadline
from storage.redact import mask_secrets
from monitor.channels.render import AlertText, alert_text


def plain_body(text: AlertText) -> str:
    lines = [text.heading, ""]
    lines += [f"{label}: {value}" for label, value in text.rows]
    if text.urls:
        lines += ["", "Bài viết:"] + [f"  {url}" for url in text.urls]
    lines += ["", f"-- portalwatch (mã cảnh báo {text.delivery_id})", ""]
    return "\n".join(lines)


def _link(url: str) -> str:
    escaped = html.escape(url, quote=True)
    # Only web links are clickable: a javascript: URL from a page stays text.
    if url.startswith(("http://", "https://")):
        return f'<a href="{escaped}">{escaped}</a>'
    return escaped


def html_body(text: AlertText) -> str:
    rows = "".join(f"<tr><th align=\"left\" valign=\"top\">{html.escape(label)}</th>"
                   f"<td>{html.escape(value)}</td></tr>" for label, value in text.rows)
    links = "".join(f"<li>{_link(url)}</li>" for url in text.urls)
    return ("<!DOCTYPE html><html lang=\"vi\"><head><meta charset=\"utf-8\"></head><body>"
            f"<h2>{html.escape(text.heading)}</h2><table cellpadding=\"4\">{rows}</table>"
            + (f"<p>Bài viết:</p><ul>{links}</ul>" if links else "")
            + f"<p><small>portalwatch – mã cảnh báo {html.escape(text.delivery_id)}</small></p>"
            "</body></html>")


def build_message(config: EmailChannelConfig, document: dict[str, Any]) -> MIMEMultipart:
    # The compat32 classes with an explicit Header: Python 3.11's default policy folds
    # a long Vietnamese subject with a space outside its encoded words, and readers
    # then drop it ("TrầnQuốc").
    text = alert_text(document)
    message = MIMEMultipart("alternative")
    message["Subject"] = Header(text.subject, "utf-8")
    message["From"] = config.sender
    message["To"] = ", ".join(config.recipients)
    message["Date"] = formatdate(localtime=False, usegmt=True)
    # The event id makes retries of one alert recognisable as the same message.
    message["Message-ID"] = f"<{text.delivery_id}@portalwatch>"
    message["X-Portalwatch-Event"] = str(document.get("type", ""))
    message["X-Portalwatch-Delivery"] = text.delivery_id
    message.attach(MIMEText(plain_body(text), "plain", "utf-8"))
    message.attach(MIMEText(html_body(text), "html", "utf-8"))
    return message


def _tls_context(server: SmtpServer) -> ssl.SSLContext:
    context = ssl.create_default_context(cafile=server.cafile)
    if not server.verify:
        context.check_hostname = False
        context.verify_mode = ssl.CERT_NONE
    return context


def _client(server: SmtpServer, timeout: float) -> smtplib.SMTP:
    """Not connected yet: the connection is made under the send's deadline."""
    if server.security == "tls":
        return smtplib.SMTP_SSL(timeout=timeout, context=_tls_context(server))
    return smtplib.SMTP(timeout=timeout)


def _connect(client: smtplib.SMTP, server: SmtpServer) -> None:
    client._host = server.host  # what TLS checks the certificate against; set only by __init__(host)
    client.connect(server.host, server.port)
    if server.security == "starttls":
        client.ehlo()
        client.starttls(context=_tls_context(server))
        client.ehlo()


def _permanent(exc: Exception) -> bool:
    """5xx for the sender, a recipient or the message will not change on a retry;
    login and connection troubles may (a password fixed, a server back)."""
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        return all(code >= 500 for code, _ in exc.recipients.values())
    if isinstance(exc, (smtplib.SMTPSenderRefused, smtplib.SMTPDataError)):
        return exc.smtp_code >= 500
    return False


class EmailChannel:
    kind = "email"

    def __init__(self, config: EmailChannelConfig) -> None:
        self.name = config.name
        self.config = config

    def send(self, document: dict[str, Any], *, timeout: float | None = None) -> str:
        server = self.config.smtp
        limit = server.timeout if timeout is None else min(timeout, server.timeout)
        message = build_message(self.config, document)
        limit = max(limit, 0.1)
        client = _client(server, limit)
        with deadline(limit, lambda: getattr(client, "sock", None)) as clock:
            try:
                with client:
                    _connect(client, server)
                    if server.username:
                        client.login(server.username, server.password or "")
                    refused = client.send_message(message, from_addr=self.config.sender,
                                                  to_addrs=list(self.config.recipients))
            except (smtplib.SMTPException, ssl.SSLError, socket.timeout, OSError) as exc:
                if clock.expired:
                    raise DeliveryError(f"SMTP {server.host}:{server.port} did not answer within {limit:g} s",
                                        retryable=True) from None
                raise DeliveryError(mask_secrets(f"SMTP {server.host}:{server.port}: {exc}".strip()),
                                    retryable=not _permanent(exc)) from None
        accepted = len(self.config.recipients) - len(refused)
        return f"accepted by {server.host}:{server.port} for {accepted} recipient(s)"
