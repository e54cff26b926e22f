"""Receiving ends for alerts, for `demo`, benchmarks and tests: a webhook
receiver that checks signatures and deduplicates on the delivery id as SPEC
asks receivers to, and a mail catcher on aiosmtpd."""

from __future__ import annotations

import email
import email.policy
import hashlib
import hmac
import json
import socket
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from email.message import EmailMessage
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

# (delivery id, how many times it came before) -> HTTP status to answer
Responder = Callable[[str, int], int]


def free_port(host: str = "127.0.0.1") -> int:
    with socket.socket() as probe:
        probe.bind((host, 0))
        return probe.getsockname()[1]


@dataclass
class Arrival:
    delivery_id: str
    event_type: str
    document: dict[str, Any]
    status: int
    received_at: float  # time.time()


class WebhookReceiver:
    def __init__(self, secret: str, responder: Responder | None = None, host: str = "127.0.0.1",
                 port: int = 0, max_skew_seconds: float = 300.0) -> None:
        self.secret = secret.encode("utf-8")
        self.responder = responder or (lambda _id, _seen: 200)
        self.max_skew = max_skew_seconds
        self.requests: list[Arrival] = []  # every well-signed request, whatever we answered
        self.accepted: dict[str, Arrival] = {}  # first 2xx answer per delivery id
        self.bad_signatures = 0
        self._lock = threading.Condition()
        self._server = ThreadingHTTPServer((host, port), self._handler_class())
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, name="webhook-receiver", daemon=True)

    @property
    def url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}/hook"

    def start(self) -> WebhookReceiver:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()

    def __enter__(self) -> WebhookReceiver:
        return self.start()

    def __exit__(self, *_exc: object) -> None:
        self.stop()

    def times_received(self, delivery_id: str) -> int:
        with self._lock:
            return sum(1 for a in self.requests if a.delivery_id == delivery_id)

    def wait_for(self, predicate: Callable[[WebhookReceiver], bool], timeout: float) -> bool:
        deadline = time.monotonic() + timeout
        with self._lock:
            while not predicate(self):
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    return False
                self._lock.wait(min(remaining, 0.2))
            return True

    def _verified(self, headers: Any, body: bytes) -> bool:
        timestamp = headers.get("X-Portalwatch-Timestamp", "")
        given = headers.get("X-Portalwatch-Signature", "")
        if not timestamp.isdigit() or abs(time.time() - int(timestamp)) > self.max_skew:
            return False
        expected = "sha256=" + hmac.new(self.secret, f"{timestamp}.".encode() + body, hashlib.sha256).hexdigest()
        return hmac.compare_digest(expected, given)

    def _handle(self, headers: Any, body: bytes) -> int:
        if not self._verified(headers, body):
            with self._lock:
                self.bad_signatures += 1
                self._lock.notify_all()
            return 401
        delivery_id = headers.get("X-Portalwatch-Delivery", "")
        with self._lock:
            seen = sum(1 for a in self.requests if a.delivery_id == delivery_id)
        status = self.responder(delivery_id, seen)
        arrival = Arrival(delivery_id, headers.get("X-Portalwatch-Event", ""), json.loads(body), status,
                          time.time())
        with self._lock:
            self.requests.append(arrival)
            if 200 <= status < 300:
                self.accepted.setdefault(delivery_id, arrival)
            self._lock.notify_all()
        return status

    def _handler_class(self) -> type[BaseHTTPRequestHandler]:
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:  # noqa: N802
                body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                status = receiver._handle(self.headers, body)
                self.send_response(status)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *_args: Any) -> None:
                pass

        return Handler


class MailCatcher:
    """An SMTP server (aiosmtpd) that keeps every message it is given."""

    def __init__(self, host: str = "127.0.0.1", port: int = 0, **smtp_options: Any) -> None:
        """``smtp_options`` go to aiosmtpd's SMTP (tls_context, require_starttls, authenticator…)."""
        try:
            from aiosmtpd.controller import Controller
        except ImportError:
            raise RuntimeError("the mail catcher needs aiosmtpd (pip install 'portalwatch[test]')") from None
        self.messages: list[EmailMessage] = []
        self.by_delivery: dict[str, EmailMessage] = {}  # first message per X-Portalwatch-Delivery
        self.received_at: dict[str, float] = {}  # time.time() of that message
        self._lock = threading.Condition()
        catcher = self

        class Handler:
            async def handle_DATA(self, _server, _session, envelope) -> str:  # noqa: N802
                message = email.message_from_bytes(envelope.original_content or envelope.content,
                                                   policy=email.policy.default)
                delivery = message.get("X-Portalwatch-Delivery")
                with catcher._lock:
                    catcher.messages.append(message)
                    if delivery and delivery not in catcher.by_delivery:
                        catcher.by_delivery[delivery] = message
                        catcher.received_at[delivery] = time.time()
                    catcher._lock.notify_all()
                return "250 Message accepted for delivery"

        self.host, self.port = host, port or free_port(host)
        self._controller = Controller(Handler(), hostname=host, port=self.port, **smtp_options)

    @property
    def url(self) -> str:
        return f"smtp://{self.host}:{self.port}"

    def start(self) -> MailCatcher:
        self._controller.start()
        return self

    def stop(self) -> None:
        self._controller.stop()

    def __enter__(self) -> MailCatcher:
        return self.start()

    def __exit__(self, *_exc: object) -> None:
        self.stop()

    def wait_for(self, count: int, timeout: float) -> bool:
        return self._wait(lambda: len(self.messages) >= count, timeout)

    def wait_for_delivery(self, delivery_id: str, timeout: float) -> bool:
        return self._wait(lambda: delivery_id in self.by_delivery, timeout)

    def _wait(self, done: Callable[[], bool], timeout: float) -> bool:
        deadline = time.monotonic() + timeout
        with self._lock:
            while not done():
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    return False
                self._lock.wait(min(remaining, 0.2))
            return True


class DrippingReceiver:
    """A webhook receiver that answers one byte every ``interval`` seconds, for ever:
    the slow receiver a sender's timeout must bound as a whole."""

    def __init__(self, interval: float = 2.0) -> None:
        self.interval = interval
        self.connections = 0
        self._listener = socket.create_server(("127.0.0.1", 0))
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._accept, name="dripping-receiver", daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self._listener.getsockname()[1]}/hook?token=dripping-secret-token"

    def _accept(self) -> None:
        while not self._stop.is_set():
            try:
                conn, _ = self._listener.accept()
            except OSError:
                return
            self.connections += 1
            threading.Thread(target=self._drip, args=(conn,), daemon=True).start()

    def _drip(self, conn: socket.socket) -> None:
        answer = b"HTTP/1.1 200 OK\r\nContent-Length: 1000000\r\n\r\n" + b"." * 1_000_000
        with conn:
            try:
                conn.recv(65536)
                for byte in answer:
                    if self._stop.wait(self.interval):
                        return
                    conn.sendall(bytes([byte]))
            except OSError:
                return  # the sender gave up: what it should do

    def __enter__(self) -> DrippingReceiver:
        self._thread.start()
        return self

    def __exit__(self, *_exc: object) -> None:
        self._stop.set()
        self._listener.close()
