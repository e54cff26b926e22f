"""Serving the web view: in the foreground (``portalwatch web``) or in a thread
beside the daemon's work (``serve_in_thread``)."""

from __future__ import annotations

import threading
import time
from collections.abc import Mapping

import uvicorn

from crawler.registry import Registry
from storage.errors import OperationError, UsageError
from portalwatch.web.access import check_bind
from portalwatch.web.app import create_app
from storage.store import Store

DEFAULT_HOST, DEFAULT_PORT = "127.0.0.1", 8090


def parse_addr(addr: str) -> tuple[str, int]:
    """"host:port", ":port" or "host" (PORTALWATCH_WEB_ADDR); 127.0.0.1:8090 fills what is left out."""
    host, sep, port = addr.strip().rpartition(":")
    if not sep:
        host, port = port, str(DEFAULT_PORT)
    if not port.isdigit() or not 0 <= int(port) <= 65535:
        raise UsageError(f"the web address {addr!r} is not host:port.")
    return host.strip("[]") or DEFAULT_HOST, int(port)


def _server(store: Store, host: str, port: int, registry: Registry | None, token: str | None,
            env: Mapping[str, str] | None) -> uvicorn.Server:
    check_bind(host, token)
    config = uvicorn.Config(create_app(store, registry, token, env), host=host, port=port, log_level="warning",
                            access_log=False, lifespan="off", server_header=False)
    return uvicorn.Server(config)


def serve(store: Store, host: str, port: int, registry: Registry | None = None, token: str | None = None,
          env: Mapping[str, str] | None = None) -> None:
    """Serves until interrupted (Ctrl-C or SIGTERM). ``token``: PORTALWATCH_WEB_TOKEN, None for
    none; ``env``: the settings' variables, whose secrets the pages hide (see create_app)."""
    _server(store, host, port, registry, token, env).run()


class WebThread:
    """A running server in a daemon thread; ``stop`` ends it."""

    def __init__(self, server: uvicorn.Server, thread: threading.Thread) -> None:
        self.server, self.thread = server, thread

    @property
    def url(self) -> str:
        host, port = self.server.servers[0].sockets[0].getsockname()[:2]
        return f"http://{host if ':' not in host else f'[{host}]'}:{port}/"

    def stop(self, timeout: float = 10.0) -> None:
        self.server.should_exit = True
        self.thread.join(timeout)


def serve_in_thread(store: Store, addr: str, registry: Registry | None = None, token: str | None = None,
                    env: Mapping[str, str] | None = None, ready_timeout: float = 10.0) -> WebThread:
    """Starts serving at ``addr`` (port 0: any free one) and returns once it listens;
    ``token`` and ``env`` as for ``serve``.

    Refuses (UsageError) off loopback without a token; OperationError if it
    could not listen."""
    host, port = parse_addr(addr)
    server = _server(store, host, port, registry, token, env)
    def run() -> None:
        try:
            server.run()  # uvicorn leaves signals alone outside the main thread: they stay the caller's
        except SystemExit:
            pass  # uvicorn exits when it cannot listen; the wait below reports it

    thread = threading.Thread(target=run, name="portalwatch-web", daemon=True)
    thread.start()
    deadline = time.monotonic() + ready_timeout
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            server.should_exit = True
            raise OperationError(f"the web view could not listen on {host}:{port}.")
        time.sleep(0.02)
    return WebThread(server, thread)
