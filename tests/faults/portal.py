"""A small real portal for fault tests: one category of N article links, on a
threaded HTTP server of its own (the simulator's pages are not what these
faults need: thousands of links, a stray byte, a load-more API on another port).

Every article text here is written for these tests.
"""

from __future__ import annotations

import threading
from collections import Counter
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

DISTRICTS = ("Tây Hồ", "Long Biên", "Hoàng Mai", "Thanh Xuân", "Nam Từ Liêm", "Hà Đông")


def article_html(n: int, *, charset_meta: str = "utf-8") -> str:
    district = DISTRICTS[n % len(DISTRICTS)]
    day, month = 1 + n % 28, 1 + (n // 28) % 12
    body = "".join(
        f"<p>Sáng ngày {day}/{month}/2025, Ủy ban nhân dân quận {district} tổ chức buổi làm việc số {n} "
        f"về công tác chuyển đổi số tại phường thứ {k + 1}, với sự tham dự của lãnh đạo các phòng, ban.</p>"
        for k in range(4))
    return (f'<!DOCTYPE html><html><head><meta charset="{charset_meta}"><title>Tin {n}</title></head><body>'
            f'<div class="article"><h1 class="title">Quận {district} làm việc về chuyển đổi số, buổi {n}</h1>'
            f'<div class="date">Ngày đăng {day:02d}/{month:02d}/2025 | 08:{n % 60:02d}</div>'
            f'<div class="content">{body}<p>Văn phòng HĐND&amp;UBND quận</p></div></div></body></html>')


@dataclass
class FaultPortal:
    """Serves ``/``, ``/tin-tuc`` (every link on one page) and ``/bai/<n>.html``."""

    articles: int = 20
    pages: dict[str, bytes] = field(default_factory=dict)  # path -> raw bytes served instead
    extra_list_html: str = ""  # e.g. a load-more box
    hits: Counter = field(default_factory=Counter)

    def __enter__(self) -> FaultPortal:
        portal = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *_args) -> None:
                pass

            def do_GET(self) -> None:  # noqa: N802
                path = self.path.split("?")[0]
                portal.hits[path] += 1
                body = portal.page(path)
                if body is None:
                    self.send_error(404)
                    return
                self.send_response(200)
                self.send_header("Content-Type", "text/plain" if path == "/robots.txt" else "text/html")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.port = self.server.server_address[1]
        self.url = f"http://127.0.0.1:{self.port}/"
        self._thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self._thread.start()
        return self

    def __exit__(self, *_exc) -> None:
        self.server.shutdown()
        self.server.server_close()

    def article_url(self, n: int) -> str:
        return f"{self.url}bai/{n}.html"

    def page(self, path: str) -> bytes | None:
        if path in self.pages:
            return self.pages[path]
        if path == "/robots.txt":
            return b"User-agent: *\nAllow: /\n"
        if path == "/":
            return ('<html><head><meta charset="utf-8"></head><body><nav class="menu">'
                    '<a href="/tin-tuc">Tin tức</a></nav></body></html>').encode()
        if path == "/tin-tuc":
            items = "".join(f'<li><a href="/bai/{n}.html">Quận {DISTRICTS[n % 6]} làm việc về chuyển đổi số, '
                            f"buổi {n}</a> <span>{1 + n % 28:02d}/{1 + (n // 28) % 12:02d}/2025</span></li>"
                            for n in range(self.articles))
            return (f'<html><head><meta charset="utf-8"></head><body><h1>Tin tức</h1>'
                    f'<ul class="news">{items}</ul>{self.extra_list_html}</body></html>').encode()
        if path.startswith("/bai/") and path.endswith(".html"):
            try:
                n = int(path[5:-5])
            except ValueError:
                return None
            return article_html(n).encode() if 0 <= n < self.articles else None
        return None

    def registry(self, directory: Path, name: str = "faulty") -> Path:
        path = directory / "sites.yaml"
        path.write_text(f"sites:\n  - name: {name}\n    url: {self.url}\n    district: Tây Hồ\n", encoding="utf-8")
        return path


FAST_SETTINGS = ('{"DOWNLOAD_DELAY": 0, "AUTOTHROTTLE_ENABLED": false, "RETRY_TIMES": 0, '
                 '"DOWNLOAD_TIMEOUT": 5, "ROBOTSTXT_CRAWL_DELAY": false, "CONCURRENT_REQUESTS_PER_DOMAIN": 8}')
