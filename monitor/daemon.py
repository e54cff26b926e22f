"""`portalwatch daemon`: crawls every site on its schedule, reads what came in,
checks each site's health and delivers the alerts.

Threads: APScheduler's pool runs one crawl job per site at a time (a child
process each, then analysis and the health check); the delivery loop sends
outbox rows; the main thread only waits for signals. SIGHUP re-reads the
registry; SIGTERM/SIGINT stop taking work, stop the children cleanly, flush
due deliveries and return 0, all within PORTALWATCH_SHUTDOWN_SECONDS.
"""

from __future__ import annotations

import logging
import os
import queue
import signal
import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from sqlalchemy import select

from crawler.registry import Registry, load_registry
from monitor.alert_config import current_alert_settings
from monitor.child import Children, ChildOutcome, crawl_command
from monitor.envconfig import env_float, env_int
from monitor.health import HealthSettings, check_site
from monitor.outbox import DeliveryLoop
from monitor.scheduling import build_scheduler, sync_jobs
from portalwatch.errors import UsageError
from storage.models import CrawlRun, Site
from storage.store import Store, utcnow

log = logging.getLogger("portalwatch.daemon")


@dataclass(frozen=True)
class DaemonSettings:
    crawl_timeout_seconds: float = 1800.0
    crawl_workers: int = 2
    misfire_grace_seconds: int = 3600
    shutdown_seconds: float = 8.0  # the whole of SIGTERM handling; stays under 10 s
    metrics_port: int = 0  # 0: no /metrics
    timezone: str = "Asia/Ho_Chi_Minh"  # what cron schedules of Vietnamese portals mean

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> DaemonSettings:
        env = os.environ if env is None else env
        settings = cls(
            crawl_timeout_seconds=env_float(env, "PORTALWATCH_CRAWL_TIMEOUT_SECONDS", 1800.0, 1.0),
            crawl_workers=env_int(env, "PORTALWATCH_CRAWL_WORKERS", 2, 1),
            misfire_grace_seconds=env_int(env, "PORTALWATCH_MISFIRE_GRACE_SECONDS", 3600, 1),
            shutdown_seconds=env_float(env, "PORTALWATCH_SHUTDOWN_SECONDS", 8.0, 1.0),
            metrics_port=env_int(env, "PORTALWATCH_METRICS_PORT", 0, 0),
            timezone=env.get("PORTALWATCH_TIMEZONE", "").strip() or "Asia/Ho_Chi_Minh")
        try:
            ZoneInfo(settings.timezone)
        except (ZoneInfoNotFoundError, ValueError):
            raise UsageError(f"the setting PORTALWATCH_TIMEZONE={settings.timezone!r} is not a time zone.") from None
        return settings


def _analyser() -> Callable[[Store], list[str]] | None:
    try:
        from monitor.events import analyse_pending
    except ImportError:
        return None
    return analyse_pending


_current: Daemon | None = None


def run_scheduled_crawl(site_name: str) -> None:
    """The job APScheduler stores (by reference): runs on the daemon of this process."""
    daemon = _current
    if daemon is None or daemon.stopping.is_set():
        return
    daemon.crawl_site(site_name)


class Daemon:
    def __init__(self, db_url: str, sites_file: Path, settings: DaemonSettings | None = None) -> None:
        self.db_url = db_url
        self.sites_file = Path(sites_file)
        self.settings = settings or DaemonSettings.from_env()
        self.health_settings = HealthSettings.from_env()
        self.alert_settings = current_alert_settings()
        self.registry: Registry = load_registry(self.sites_file)
        self.store = Store.open(db_url)
        self.children = Children()
        self.delivery = DeliveryLoop(self.store, self.alert_settings)
        self.scheduler = build_scheduler(self.store.engine, self.settings.crawl_workers,
                                         self.settings.misfire_grace_seconds, ZoneInfo(self.settings.timezone))
        self.stopping = threading.Event()
        self._analysis_lock = threading.Lock()  # two analyses at once would race for the same events
        self._signals: queue.SimpleQueue[int] = queue.SimpleQueue()
        self._metrics: Any = None
        self._analyse = _analyser()
        if self._analyse is None:
            log.warning("monitor.events is not installed: crawls are not analysed for events")

    # --- one crawl -------------------------------------------------------------

    def crawl_site(self, site_name: str) -> None:
        if site_name not in self.registry.names():
            return  # removed by a reload after this run was queued
        started = utcnow() - timedelta(seconds=1)
        command = crawl_command(self.db_url, self.sites_file, site_name)
        log.info("crawl starting", extra={"fields": {"site": site_name}})
        outcome = self.children.run(command, self.settings.crawl_timeout_seconds)
        self._settle_runs(site_name, started, outcome)
        log.info("crawl finished", extra={"fields": {"site": site_name, "returncode": outcome.returncode,
                                                     "seconds": round(outcome.seconds, 2),
                                                     "problem": outcome.problem}})
        if self.stopping.is_set():
            return  # analysis and health wait for the next start: shutdown has a deadline
        self.analyse()
        try:
            raised = check_site(self.store, site_name, self.health_settings, self.alert_settings)
        except Exception:
            log.exception("health check of %s failed", site_name)
            raised = []
        if raised:
            log.warning("site health changed", extra={"fields": {"site": site_name, "events": raised}})
        self.delivery.wake()

    def _settle_runs(self, site_name: str, since: datetime, outcome: ChildOutcome) -> None:
        """Every crawl leaves a finished run: one the child left running is closed as
        failed, and a child that died before opening one gets a failed run of its own."""
        problem = outcome.problem
        if problem is None:
            return  # the child ended by itself: its run is finished, and a manual one is not ours
        with self.store.session() as s:
            runs = list(s.scalars(select(CrawlRun).join(Site, CrawlRun.site_id == Site.id)
                                  .where(Site.name == site_name, CrawlRun.started_at >= since)))
            for run in runs:
                if run.status == "running":
                    run.status, run.finished_at = "failed", utcnow()
                    run.error = problem or "crawl process ended without finishing its run"
        if not runs:
            run_id = self.store.start_crawl_run(site_name, "crawl")
            self.store.finish_crawl_run(run_id, "failed", {"pages": 0}, problem)

    def analyse(self) -> None:
        if self._analyse is None:
            return
        with self._analysis_lock:
            try:
                created = self._analyse(self.store)
            except Exception:
                log.exception("analysis of new articles failed")
                return
        if created:
            log.info("events stored", extra={"fields": {"events": len(created)}})
            self.delivery.wake()

    # --- life cycle ------------------------------------------------------------

    def _close_abandoned_runs(self) -> None:
        """Runs left 'running' by a daemon that died: older than any crawl may take."""
        limit = utcnow() - timedelta(seconds=self.settings.crawl_timeout_seconds + 60)
        with self.store.session() as s:
            for run in s.scalars(select(CrawlRun).where(CrawlRun.status == "running", CrawlRun.started_at < limit)):
                run.status, run.finished_at, run.error = "failed", utcnow(), "abandoned: the daemon stopped during it"

    def start(self) -> None:
        global _current
        _current = self
        self.store.sync_sites(self.registry.sites)
        self._close_abandoned_runs()
        self.delivery.start()
        self.scheduler.start(paused=True)
        changes = sync_jobs(self.scheduler, self.registry)
        self.scheduler.resume()
        log.info("daemon started", extra={"fields": {
            "sites": len(self.registry.sites), "jobs": changes, "pid": os.getpid(),
            "channels": [c.name for c in self.alert_settings.channels]}})
        # Articles stored while the daemon was away (or by a crawl it was killed in).
        threading.Thread(target=self.analyse, name="catch-up", daemon=True).start()
        if self.settings.metrics_port:
            from monitor.metrics import MetricsServer

            self._metrics = MetricsServer(self, self.settings.metrics_port).start()

    def reload(self) -> None:
        try:
            registry = load_registry(self.sites_file)
        except UsageError as exc:
            log.error("registry not reloaded: %s", exc)
            return
        self.registry = registry
        self.store.sync_sites(registry.sites)
        changes = sync_jobs(self.scheduler, registry)
        log.info("registry reloaded", extra={"fields": {"jobs": changes}})

    def shutdown(self) -> None:
        deadline = time.monotonic() + self.settings.shutdown_seconds
        self.stopping.set()
        log.info("daemon stopping", extra={"fields": {"crawls_running": self.children.count}})
        self.scheduler.shutdown(wait=False)
        # Half the budget for the children to finish their runs, the rest for deliveries.
        self.children.stop_all(grace=self.settings.shutdown_seconds / 2)
        flushed = self.delivery.stop(flush_seconds=max(deadline - time.monotonic() - 0.5, 0.1))
        if self._metrics is not None:
            self._metrics.stop()
        log.info("daemon stopped", extra={"fields": {"flushed": dict(flushed)}})

    def serve(self) -> int:
        """Runs until SIGTERM or SIGINT; returns the exit status."""
        for signum in (signal.SIGTERM, signal.SIGINT, signal.SIGHUP):
            # SimpleQueue.put is safe in a signal handler; the work happens below.
            signal.signal(signum, lambda n, _frame: self._signals.put(n))
        self.start()
        while True:
            try:
                signum = self._signals.get(timeout=0.5)  # a timeout keeps the wait interruptible
            except queue.Empty:
                continue
            if signum == signal.SIGHUP:
                self.reload()
            else:
                break
        self.shutdown()
        self.store.engine.dispose()
        return 0
