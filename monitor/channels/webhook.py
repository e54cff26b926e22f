"""Signed JSON webhooks (SPEC "Alerts").

The delivery id is the event id, the same on every retry, so a receiver that
deduplicates on it sees each event once even when a crash makes us send twice.
"""

from __future__ import annotations

import hashlib
import hmac
import http.client
import json
import socket
import time
import urllib.error
import urllib.request
from typing import Any

from monitor.alert_config import WebhookChannelConfig
from monitor.channels.base import DeliveryError

USER_AGENT = "portalwatch-webhook/1"


def signature(secret: str, timestamp: str, body: bytes) -> str:
    digest = hmac.new(secret.encode("utf-8"), timestamp.encode("ascii") + b"." + body, hashlib.sha256)
    return "sha256=" + digest.hexdigest()


def encode_body(document: dict[str, Any]) -> bytes:
    return json.dumps(document, ensure_ascii=False, separators=(",", ":"), sort_keys=True).encode("utf-8")


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    # A redirect would turn the POST into a GET or send the signed body elsewhere:
    # it is the receiver's misconfiguration, reported as such.
    def redirect_request(self, req, fp, code, msg, headers, newurl):  # noqa: D102
        return None


_opener = urllib.request.build_opener(_NoRedirect)


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
        request = urllib.request.Request(self.config.url, data=body, method="POST", headers={
            "Content-Type": "application/json; charset=utf-8",
            "User-Agent": USER_AGENT,
            "X-Portalwatch-Event": str(document.get("type", "")),
            "X-Portalwatch-Delivery": str(document["id"]),
            "X-Portalwatch-Timestamp": timestamp,
            "X-Portalwatch-Signature": signature(self.config.secret, timestamp, body),
        })
        limit = self.config.timeout if timeout is None else min(timeout, self.config.timeout)
        try:
            with _opener.open(request, timeout=max(limit, 0.1)) as response:
                response.read(65536)
                return f"HTTP {response.status}"
        except urllib.error.HTTPError as exc:
            status = exc.code
            reason = f"HTTP {status} from {self.config.url}"
            if 200 <= status < 300:  # urllib only raises for non-2xx, but stay explicit
                return f"HTTP {status}"
            if status == 429 or status >= 500:
                raise DeliveryError(reason, retryable=True,
                                    retry_after=_retry_after(exc.headers.get("Retry-After"))) from None
            raise DeliveryError(reason, retryable=False) from None
        except (urllib.error.URLError, http.client.HTTPException, socket.timeout, OSError) as exc:
            cause = getattr(exc, "reason", exc)
            raise DeliveryError(f"cannot reach {self.config.url}: {cause}", retryable=True) from None
