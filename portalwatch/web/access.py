"""Who may read: anyone on loopback, only bearers of the token elsewhere.

The token comes from ``PORTALWATCH_WEB_TOKEN``. Bound to any address but
loopback the server refuses to start without one; when a token is set it is
asked of every request, on loopback too.
"""

from __future__ import annotations

import hmac
import ipaddress
import json

from starlette.types import ASGIApp, Receive, Scope, Send

from storage.errors import UsageError

TOKEN_ENV = "PORTALWATCH_WEB_TOKEN"


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False  # a host name other than localhost may resolve anywhere


def check_bind(host: str, token: str | None) -> None:
    """Raises UsageError when the server would be open to the network without a token."""
    if not token and not is_loopback(host):
        raise UsageError(f"the web view on {host} is reachable from other machines: "
                         f"set {TOKEN_ENV} to a secret token first.")


class BearerTokenMiddleware:
    """401 for any request without ``Authorization: Bearer <token>``."""

    def __init__(self, app: ASGIApp, token: str) -> None:
        self.app, self._expected = app, token.encode()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        scheme, _, given = dict(scope["headers"]).get(b"authorization", b"").partition(b" ")
        # The scheme's case does not matter (RFC 9110); the token's does.
        if scheme.lower() == b"bearer" and hmac.compare_digest(given.strip(), self._expected):
            await self.app(scope, receive, send)
            return
        body = json.dumps({"error": "Cần mã truy cập (Authorization: Bearer …)."}, ensure_ascii=False).encode()
        await send({"type": "http.response.start", "status": 401, "headers": [
            (b"content-type", b"application/json; charset=utf-8"), (b"www-authenticate", b'Bearer realm="portalwatch"'),
            (b"content-length", str(len(body)).encode())]})
        await send({"type": "http.response.body", "body": body})
