"""SMTP on :1025 (every message accepted, headers kept), JSON list on :8025/messages."""

from __future__ import annotations

import email
import email.policy
import json
import signal
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from aiosmtpd.controller import Controller

_MESSAGES: list[dict[str, object]] = []
_LOCK = threading.Lock()


class _Keep:
    async def handle_DATA(self, server, session, envelope) -> str:  # noqa: N802 (aiosmtpd's name)
        message = email.message_from_bytes(envelope.content, policy=email.policy.default)
        with _LOCK:
            _MESSAGES.append({"from": envelope.mail_from, "to": list(envelope.rcpt_tos),
                              "subject": str(message.get("Subject", "")),
                              "event": str(message.get("X-Portalwatch-Event", ""))})
        return "250 OK"


class _List(BaseHTTPRequestHandler):
    def do_GET(self) -> None:  # noqa: N802 (http.server's name)
        if self.path != "/messages":
            self.send_error(404)
            return
        with _LOCK:
            body = json.dumps(_MESSAGES, ensure_ascii=False).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 (http.server's name)
        pass


if __name__ == "__main__":
    controller = Controller(_Keep(), hostname="0.0.0.0", port=1025)
    controller.start()
    # PID 1 of its container: without a handler SIGTERM would be ignored until SIGKILL.
    signal.signal(signal.SIGTERM, lambda signum, frame: sys.exit(0))
    print("smtp catcher: SMTP on :1025, messages on :8025/messages", flush=True)
    ThreadingHTTPServer(("0.0.0.0", 8025), _List).serve_forever()
