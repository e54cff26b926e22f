"""The HTTP side: one ThreadingHTTPServer per site, faults, conditional GET, the log.

Everything a crawler sees passes through ``Handler``: control requests under
``/_sim/`` go to ``control.handle`` and are neither faulted nor logged.
"""

from __future__ import annotations

import socket
import struct
import threading
import time
from collections import Counter
from dataclasses import dataclass
from datetime import timezone
from email.utils import format_datetime, parsedate_to_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import TYPE_CHECKING
from urllib.parse import parse_qsl, urlsplit

from portalwatch.simulator.faults import padded, to_cp1258
from portalwatch.simulator.model import HANOI_TZ, SimArticle
from portalwatch.simulator.platforms.base import HTML, Page, Request

if TYPE_CHECKING:
    from portalwatch.simulator.simulator import SiteRuntime

ROBOTS = """User-agent: *
Crawl-delay: {crawl_delay}
Disallow: /admin/
Disallow: /search
Disallow: /_sim/
{extra}Allow: /
"""
_ERROR_PAGE = "<!DOCTYPE html><html><head><title>{code}</title></head><body><h1>{code} {reason}</h1></body></html>"


@dataclass(frozen=True)
class LogEntry:
    site: str
    method: str
    path: str  # with the query string
    status: int  # 0: connection reset
    kind: str  # home | list | article | api | robots | other | error


class RequestLog:
    """Every request a crawler made, so tests can count what was fetched."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._entries: list[LogEntry] = []

    def add(self, entry: LogEntry) -> None:
        with self._lock:
            self._entries.append(entry)

    def entries(self, site: str | None = None) -> list[LogEntry]:
        with self._lock:
            return [e for e in self._entries if site in (None, e.site)]

    def count(self, site: str | None = None, path: str | None = None, method: str | None = None,
              kind: str | None = None, status: int | None = None) -> int:
        return sum(1 for e in self.entries(site)
                   if path in (None, e.path, e.path.split("?", 1)[0]) and method in (None, e.method)
                   and kind in (None, e.kind) and status in (None, e.status))

    def by_path(self, site: str | None = None) -> Counter:
        return Counter(e.path for e in self.entries(site))

    def by_method(self, site: str | None = None) -> Counter:
        return Counter(e.method for e in self.entries(site))

    def by_kind(self, site: str | None = None) -> Counter:
        return Counter(e.kind for e in self.entries(site))

    def summary(self) -> dict:
        sites = sorted({e.site for e in self.entries()})
        return {s: {"total": len(self.entries(s)), "by_method": dict(self.by_method(s)),
                    "by_kind": dict(self.by_kind(s)), "by_path": dict(self.by_path(s))} for s in sites}

    def reset(self) -> None:
        with self._lock:
            self._entries.clear()


def http_date(moment) -> str:
    return format_datetime(moment.replace(tzinfo=HANOI_TZ).astimezone(timezone.utc), usegmt=True)


def article_etag(runtime: SiteRuntime, article: SimArticle, variant: str) -> str:
    # From the article's version, as a CMS does, so a new article elsewhere on
    # the site (sidebar, related list) does not invalidate every page.
    return f'"{runtime.spec.name}-{article.article_id}-v{article.version}{variant}"'


def not_modified(headers, etag: str | None, last_modified) -> bool:
    inm = headers.get("If-None-Match")
    if inm is not None:
        return etag is not None and (inm.strip() == "*" or etag in [t.strip() for t in inm.split(",")])
    ims = headers.get("If-Modified-Since")
    if ims and last_modified is not None:
        try:
            since = parsedate_to_datetime(ims)
        except (TypeError, ValueError):
            return False
        if since.tzinfo is None:
            since = since.replace(tzinfo=timezone.utc)
        return last_modified.replace(tzinfo=HANOI_TZ).replace(microsecond=0) <= since
    return False


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive: benchmarks measure pages, not handshakes
    # Headers and body go out in separate writes; with Nagle on, keep-alive
    # clients wait for a delayed ACK (~40 ms) on every page.
    disable_nagle_algorithm = True
    runtime: SiteRuntime  # set on the per-site subclass

    def log_message(self, format, *args):  # noqa: A002 - the request log replaces stderr noise
        pass

    def do_GET(self):
        self._serve("GET")

    def do_HEAD(self):
        self._serve("HEAD")

    def do_POST(self):
        self._serve("POST")

    def do_DELETE(self):
        self._serve("DELETE")

    def version_string(self) -> str:
        return self.runtime.server_header

    # --- dispatch -------------------------------------------------------------------

    def _serve(self, method: str) -> None:
        parts = urlsplit(self.path)
        length = int(self.headers.get("Content-Length") or 0)
        raw_body = self.rfile.read(length) if length else b""
        if parts.path.startswith("/_sim/"):
            from portalwatch.simulator import control

            self._logged_method = None  # control traffic is not the crawler's
            status, content_type, body = control.handle(self.runtime, method, parts.path, parts.query, raw_body)
            self._send(status, body, content_type, method=method)
            return
        request = Request(method=method if method != "HEAD" else "GET", path=parts.path,
                          query=dict(parse_qsl(parts.query, keep_blank_values=True)),
                          form=dict(parse_qsl(raw_body.decode("utf-8", "replace"), keep_blank_values=True))
                          if method == "POST" else {},
                          headers={k.lower(): v for k, v in self.headers.items()})
        self._logged_method = method
        self._respond(method, request)

    def _respond(self, method: str, request: Request) -> None:
        runtime = self.runtime
        self._kind = "error"
        if runtime.delay:
            time.sleep(runtime.delay)
        faults = {f.kind: f for f in runtime.faults.take(request.path)}
        if "delay" in faults:
            time.sleep(float(faults["delay"].params["seconds"]))
        if "reset" in faults:
            self._reset()
            return
        if "status" in faults:
            code = int(faults["status"].params["code"])
            self._send(code, _ERROR_PAGE.format(code=code, reason=self.responses.get(code, ("",))[0]),
                       HTML, method=method)
            return
        if "redirect_loop" in faults:
            # Two URLs sending the crawler to each other for ever.
            target = request.path if "_loop" in request.query else f"{request.path}?_loop=1"
            self._redirect(int(faults["redirect_loop"].params["code"]), target, method)
            return
        if "offsite_redirect" in faults:
            params = faults["offsite_redirect"].params
            self._redirect(int(params["code"]), params["location"], method)
            return

        page = self._page(request)
        self._kind = page.kind
        if page.status == 200 and page.article is not None and "layout" in faults:
            page.body = runtime.platform.changed_layout(page.body)
        body = page.body if isinstance(page.body, bytes) else None
        content_type = page.content_type
        if "cp1258" in faults and page.content_type.startswith("text/html"):
            body = to_cp1258(page.body, bool(faults["cp1258"].params["meta"]))
            content_type = "text/html"
        elif body is None:
            body = page.body.encode("utf-8")

        headers = list(page.headers)
        etag = last_modified = None
        if page.status == 200 and page.article is not None:
            variant = "".join(f"-{k}" for k in ("layout", "cp1258") if k in faults)
            etag, last_modified = article_etag(runtime, page.article, variant), page.article.last_modified
            headers += [("ETag", etag), ("Last-Modified", http_date(last_modified)),
                        ("Cache-Control", "private, max-age=0, must-revalidate")]
        if etag and not_modified(self.headers, etag, last_modified):
            self._send(304, b"", None, headers, method=method)
            return
        if "large" in faults:
            self._send_chunks(page.status, padded(body, float(faults["large"].params["size_mb"])),
                              content_type, headers, method)
            return
        self._send(page.status, body, content_type, headers, method=method)

    def _page(self, request: Request) -> Page:
        runtime = self.runtime
        if request.path == "/robots.txt" and request.method == "GET":
            return Page(200, ROBOTS.format(crawl_delay=runtime.crawl_delay, extra="".join(
                f"Disallow: {p}\n" for p in runtime.platform_disallow)) + runtime.platform.robots_lines(),
                "text/plain; charset=utf-8", "robots")
        if request.method == "GET":
            article = runtime.state.at_path(request.path)
            if article is not None:
                return Page(200, runtime.platform.article_page(article), kind="article", article=article)
            if runtime.state.was_deleted(request.path):
                code = runtime.deleted_status.get(request.path, 410)
                return Page(code, _ERROR_PAGE.format(code=code, reason=self.responses[code][0]), kind="article")
        page = runtime.platform.route(request)
        if page is not None:
            return page
        if request.method == "POST":
            return Page(405, _ERROR_PAGE.format(code=405, reason="Method Not Allowed"), kind="error",
                        headers=(("Allow", "GET, HEAD"),))
        return Page(404, _ERROR_PAGE.format(code=404, reason="Not Found"), kind="error")

    # --- writing --------------------------------------------------------------------

    def _record(self, status: int) -> None:
        """Logs the request before the answer goes out, so a client that has its
        answer always finds the request in the log."""
        if getattr(self, "_logged_method", None):
            kind = getattr(self, "_kind", "other")
            self.runtime.log.add(LogEntry(self.runtime.spec.name, self._logged_method, self.path, status, kind))
            self._logged_method = None

    def _redirect(self, code: int, location: str, method: str) -> None:
        self._send(code, b"", "text/html; charset=utf-8", [("Location", location)], method=method)

    def _send(self, status: int, body: bytes | str, content_type: str | None,
              headers: list[tuple[str, str]] = (), method: str = "GET") -> None:
        if isinstance(body, str):
            body = body.encode("utf-8")
        self._record(status)
        self.send_response(status)
        if content_type and status != 304:
            self.send_header("Content-Type", content_type)
        for name, value in headers:
            self.send_header(name, value)
        self.send_header("Content-Length", "0" if status == 304 else str(len(body)))
        self.end_headers()
        if method != "HEAD" and status != 304:
            self.wfile.write(body)

    def _send_chunks(self, status: int, chunks: list[bytes], content_type: str,
                     headers: list[tuple[str, str]], method: str) -> None:
        self._record(status)
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        for name, value in headers:
            self.send_header(name, value)
        self.send_header("Content-Length", str(sum(len(c) for c in chunks)))
        self.end_headers()
        if method != "HEAD":
            try:
                for chunk in chunks:
                    self.wfile.write(chunk)
            except (BrokenPipeError, ConnectionResetError):
                self.close_connection = True  # a crawler with a size limit hung up: expected

    def _reset(self) -> None:
        """Closes the socket with RST: what a crashed upstream looks like."""
        self._record(0)
        self.close_connection = True
        try:
            self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            self.connection.close()
        except OSError:
            pass


class SiteServer(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True
    request_queue_size = 128

    def handle_error(self, request, client_address):  # a client that hangs up is not an error here
        pass


def serve_site(runtime: SiteRuntime, host: str, port: int) -> tuple[SiteServer, threading.Thread]:
    handler = type(f"Handler_{runtime.spec.name}", (Handler,), {"runtime": runtime})
    server = SiteServer((host, port), handler)
    # A short poll interval: shutdown() waits up to one interval, per site.
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05},
                              name=f"sim-{runtime.spec.name}", daemon=True)
    thread.start()
    return server, thread
