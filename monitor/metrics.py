"""A Prometheus /metrics endpoint on localhost (PORTALWATCH_METRICS_PORT), from
the same figures as `portalwatch status`."""

from __future__ import annotations

import logging
import threading
from datetime import datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from monitor.status_report import collect_status
from storage.clock import utcnow

log = logging.getLogger("portalwatch.metrics")


def _label(value: str) -> str:
    return value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ")


def _timestamp(iso: str | None) -> float | None:
    if not iso:
        return None
    return (datetime.strptime(iso, "%Y-%m-%dT%H:%M:%SZ") - datetime(1970, 1, 1)).total_seconds()


def render_metrics(daemon: Any) -> str:
    """The exposition text: outbox rows, each site's last run and health, running crawls."""
    sites, outbox = collect_status(daemon.store, daemon.registry)
    lines = ["# TYPE portalwatch_outbox_rows gauge"]
    for channel, counts in sorted(outbox["channels"].items()):
        for status in ("pending", "delivered", "dead"):
            lines.append(f'portalwatch_outbox_rows{{channel="{_label(channel)}",status="{status}"}} '
                         f"{counts.get(status, 0)}")
    oldest = _timestamp(outbox["oldest_pending"])
    age = (utcnow() - datetime(1970, 1, 1)).total_seconds() - oldest if oldest is not None else 0
    lines += ["# TYPE portalwatch_outbox_oldest_pending_age_seconds gauge",
              f"portalwatch_outbox_oldest_pending_age_seconds {age:.0f}",
              "# TYPE portalwatch_site_last_run_timestamp_seconds gauge",
              "# TYPE portalwatch_site_last_run_ok gauge",
              "# TYPE portalwatch_site_health_problem gauge"]
    for site in sites:
        name = _label(site["site"])
        run = site["last_run"]
        if run is not None:
            lines.append(f'portalwatch_site_last_run_timestamp_seconds{{site="{name}"}} '
                         f"{_timestamp(run['started_at']):.0f}")
            lines.append(f'portalwatch_site_last_run_ok{{site="{name}"}} {int(run["status"] in ("ok", "partial"))}')
        for problem, state in site["health"].items():
            lines.append(f'portalwatch_site_health_problem{{site="{name}",problem="{problem}"}} '
                         f"{int(state == 'raised')}")
    lines += ["# TYPE portalwatch_crawls_running gauge", f"portalwatch_crawls_running {daemon.children.count}",
              "# TYPE portalwatch_deliveries_total counter",
              f'portalwatch_deliveries_total{{outcome="delivered"}} {daemon.delivery.delivered}',
              f'portalwatch_deliveries_total{{outcome="failed"}} {daemon.delivery.failed}']
    return "\n".join(lines) + "\n"


class MetricsServer:
    def __init__(self, daemon: Any, port: int, host: str = "127.0.0.1") -> None:
        self.daemon = daemon
        self._server = ThreadingHTTPServer((host, port), self._handler())
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, name="metrics", daemon=True)

    def start(self) -> MetricsServer:
        self._thread.start()
        log.info("metrics served", extra={"fields": {"url": f"http://{self._server.server_address[0]}:"
                                                            f"{self._server.server_address[1]}/metrics"}})
        return self

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        server = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:  # noqa: N802
                if self.path.split("?")[0] != "/metrics":
                    self.send_error(404)
                    return
                try:
                    body = render_metrics(server.daemon).encode("utf-8")
                except Exception:
                    log.exception("metrics failed")
                    self.send_error(500)
                    return
                self.send_response(200)
                self.send_header("Content-Type", "text/plain; version=0.0.4; charset=utf-8")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *_args: Any) -> None:
                pass

        return Handler
