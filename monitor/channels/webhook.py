"""Signed JSON webhooks (SPEC "Alerts").

The delivery id is the event id, the same on every retry, so a receiver that
deduplicates on it sees each event once even when a crash makes us send twice.
"""

from __future__ import annotations

import hashlib
import hmac
import http.client
import json
import time
from typing import Any
from urllib.parse import urlsplit

from monitor.alert_config import WebhookChannelConfig
from monitor.channels.base import DeliveryError
from monitor.channels.deadline import deadline
from storage.redact import mask_secrets, mask_url

USER_AGENT = "portalwatch-webhook/1"


def signature(secret: str, timestamp: str, body: bytes) -> str:
    digest = hmac.new(secret.encode("utf-8"), timestamp.encode("ascii") + b"." + body, hashlib.sha256)
    return "sha256=" + digest.hexdigest()


def encode_body(document: dict[str, Any]) -> bytes:
    return json.dumps(document, ensure_ascii=False, separators=(",", ":"), sort_keys=True).encode("utf-8")


def _retry_after(value: str | None) -> float | None:
    try:
        return max(0.0, float(value)) if value else None
    except ValueError:
        return None  # an HTTP date: our own backoff is good enough


class WebhookChannel:
    kind = "webhook"

    def __init__(self, config: WebhookChannelConfig) -> None:
        self.name = config.name
        self.config = config

    def send(self, document: dict[str, Any], *, timeout: float | None = None) -> str:
        body = encode_body(document)
        timestamp = str(int(time.time()))
        headers = {
            "Content-Type": "application/json; charset=utf-8",
            "User-Agent": USER_AGENT,
            "X-Portalwatch-Event": str(document.get("type", "")),
            "X-Portalwatch-Delivery": str(document["id"]),
            "X-Portalwatch-Timestamp": timestamp,
            "X-Portalwatch-Signature": signature(self.config.secret, timestamp, body),
        }
        limit = max(self.config.timeout if timeout is None else min(timeout, self.config.timeout), 0.1)
        shown = mask_url(self.config.url)
        connection = _connection(self.config.url, limit)
        with deadline(limit, lambda: connection.sock) as clock:
            try:
                connection.request("POST", _target(self.config.url), body=body, headers=headers)
                response = connection.getresponse()
                response.read(65536)
                status, retry_after = response.status, response.getheader("Retry-After")
            except (http.client.HTTPException, OSError) as exc:
                if clock.expired:
                    raise DeliveryError(f"{shown} did not answer within {limit:g} s", retryable=True) from None
                raise DeliveryError(f"cannot reach {shown}: {mask_secrets(str(exc))}", retryable=True) from None
            finally:
                connection.close()
        if 200 <= status < 300:
            return f"HTTP {status}"
        reason = f"HTTP {status} from {shown}"
        if status == 429 or status >= 500:
            raise DeliveryError(reason, retryable=True, retry_after=_retry_after(retry_after))
        # A redirect would turn the POST into a GET or send the signed body
        # elsewhere: the receiver's misconfiguration, reported as such.
        raise DeliveryError(reason, retryable=False)


def _connection(url: str, timeout: float) -> http.client.HTTPConnection:
    parts = urlsplit(url)
    if parts.scheme == "https":
        return http.client.HTTPSConnection(parts.hostname, parts.port, timeout=timeout)
    return http.client.HTTPConnection(parts.hostname, parts.port, timeout=timeout)


def _target(url: str) -> str:
    parts = urlsplit(url)
    return (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
