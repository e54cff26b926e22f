"""`portalwatch daemon`: crawls every site on its schedule, reads what came in,
checks each site's health and delivers the alerts.

Any number of daemons may run against one database; one leads (monitor/leader.py)
and only the leader runs the scheduler, the crawls and the delivery loop. The
others stand by, trying the leader lock every PORTALWATCH_LEADER_POLL_SECONDS.
A leader that loses its lock steps down (scheduler and children stopped) and
stands by again.

Threads: APScheduler's pool runs one crawl job per site at a time (a child
process each, then analysis and the health check); the delivery loop sends
outbox rows; the main thread waits for signals and, between them, tries or
checks the leader lock. SIGHUP re-reads the registry; SIGTERM/SIGINT stop
taking work, stop the children cleanly, flush due deliveries and return 0, all
within PORTALWATCH_SHUTDOWN_SECONDS.
"""

from __future__ import annotations

import logging
import os
import queue
import signal
import threading
import time
from collections import Counter
from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from apscheduler.schedulers import SchedulerNotRunningError
from apscheduler.schedulers.background import BackgroundScheduler
from sqlalchemy import inspect

from crawler.distributed.dispatch import WorkerDispatch
from crawler.distributed.keys import URL_ENV as REDIS_URL_ENV, Keys
from crawler.registry import Registry, load_registry
from monitor.alert_config import AlertSettings, load_alert_settings
from monitor.child import CUT_SHORT_PROBLEM, Children, ChildOutcome, child_env, crawl_command
from monitor.daemon_settings import DaemonSettings
from monitor.health import HealthSettings, check_site
from monitor.leader import current_leader, leadership_for, new_instance_id
from monitor.outbox import DeliveryLoop
from monitor.scheduling import build_scheduler, due_sites, first_runs, sync_jobs
from monitor.startup_report import FirstRound, channel_lines, unreachable_reason
from storage.errors import UsageError
from storage import db
from storage.models import Site
from storage.clock import utcnow
from storage.runs import WORKERS_OWNER_PREFIX, close_abandoned_runs, last_figures, settle_runs
from storage.settings import Settings
from storage.store import Store

log = logging.getLogger("portalwatch.daemon")


def _analyser(alerts: AlertSettings, timeout_seconds: float) -> Callable[[Store], list[str]] | None:
    try:
        from monitor.events import AnalysisSettings, analyse_pending
    except ImportError:
        return None
    settings = AnalysisSettings(alerts, timeout_seconds)
    return lambda store: analyse_pending(store, settings=settings)


_current: Daemon | None = None


def run_scheduled_crawl(site_name: str) -> None:
    """The job APScheduler stores (by reference): runs on the daemon of this process."""
    daemon = _current
    if daemon is None or daemon.stopping.is_set():
        return
    daemon.crawl_site(site_name)


class Daemon:
    def __init__(self, db_url: str, sites_file: Path, config: Settings, settings: DaemonSettings | None = None) -> None:
        """``config``: the process's settings, built at the entry point."""
        self.db_url = db_url
        self.sites_file = Path(sites_file)
        self.config = config
        self.settings = settings or DaemonSettings.from_env(self.config.env)
        self.health_settings = HealthSettings.from_env(self.config.env)
        self.alert_settings = load_alert_settings(self.config.env)
        self.registry: Registry = load_registry(self.sites_file)
        self.store = Store.open(db_url)
        self.instance_id = new_instance_id()
        self.leadership = leadership_for(self.store.engine, self.instance_id)
        self.children = Children()
        # With Redis, crawls are the workers' (`portalwatch worker`); the daemon hands them over.
        redis_url = self.config.text(REDIS_URL_ENV)
        self.dispatch = WorkerDispatch(redis_url, self.store, owner=f"{WORKERS_OWNER_PREFIX}{self.instance_id}",
                                       keys=Keys.from_env(self.config.env)) if redis_url else None
        # The scheduler and the delivery loop of the current term as leader (new ones each term).
        self.delivery = DeliveryLoop(self.store, self.alert_settings)
        self.scheduler: BackgroundScheduler | None = None
        self.leading = threading.Event()
        self.stopping = threading.Event()
        self._analysis_lock = threading.Lock()  # two analyses at once would race for the same events
        # {site: when its child started}: what a stop cuts short, marked so by the stop itself
        # (the crawl job's thread may not get to it before the process exits).
        self._in_flight: dict[str, datetime] = {}
        self._in_flight_lock = threading.Lock()
        self._signals: queue.SimpleQueue[int] = queue.SimpleQueue()
        self._metrics: Any = None
        self._analyse = _analyser(self.alert_settings, self.config.analysis_timeout_seconds)
        self.first_round = FirstRound.of(())
        if self._analyse is None:
            log.warning("monitor.events is not installed: crawls are not analysed for events")

    # --- one crawl -------------------------------------------------------------

    def crawl_site(self, site_name: str) -> None:
        if site_name not in self.registry.names():
            return  # removed by a reload after this run was queued
        # The lock is checked here too, not only every few seconds: a lost lock may
        # already be another daemon's, and two crawls of one site would race.
        if not self.leading.is_set() or not self.leadership.still_held():
            return
        log.info("crawl starting", extra={"fields": {"site": site_name,
                                                     "on": "workers" if self.dispatch else "child"}})
        began = utcnow() - timedelta(seconds=1)
        if self.dispatch is not None:
            run = self.dispatch.crawl(site_name, self.settings.crawl_timeout_seconds, self.stopping)
            fields: dict[str, Any] = {"run": run.run_id, "status": run.status, "problem": run.problem,
                                      "seconds": round(run.seconds, 2)}
        else:
            with self._in_flight_lock:
                self._in_flight[site_name] = began
            try:
                outcome = self._run_crawl(site_name)
                # A run the daemon stopped is settled by the stop (_stop_term), which waits for it.
                if outcome.problem is not None and not outcome.stopped:
                    settle_runs(self.store, site_name, self.instance_id, began, outcome.problem, cut_short=False)
            finally:
                with self._in_flight_lock:
                    self._in_flight.pop(site_name, None)
            fields = {"returncode": outcome.returncode, "seconds": round(outcome.seconds, 2),
                      "problem": outcome.problem}
        log.info("crawl finished", extra={"fields": {"site": site_name, **fields}})
        if self.stopping.is_set() or not self.leading.is_set():
            return  # analysis and health wait for the next start: shutdown has a deadline
        try:
            self._report_reach(site_name, began)
        except Exception:  # only a report: the crawl's own work is done
            log.exception("the reach of %s could not be read", site_name)
        if not self.analyse():
            return  # the database failed the analysis (dropped, away): the health check would too
        try:
            raised = check_site(self.store, site_name, self.health_settings, self.alert_settings)
        except Exception:
            log.exception("health check of %s failed", site_name)
            raised = []
        if raised:
            log.warning("site health changed", extra={"fields": {"site": site_name, "events": raised}})
        self.delivery.wake()

    def _run_crawl(self, site_name: str) -> ChildOutcome:
        command = crawl_command(self.sites_file, site_name, owner=self.instance_id)
        return self.children.run(command, self.settings.crawl_timeout_seconds, env=child_env(self.db_url))

    def _report_reach(self, site_name: str, since: datetime) -> None:
        """One line for a portal that never answered; the first round's summary once it is done."""
        why = unreachable_reason(last_figures(self.store, site_name, since))
        if why:
            log.warning("site unreachable", extra={"fields": {
                "site": site_name, "host": self.registry.get(site_name).host, "why": why}})
        summary = self.first_round.record(site_name, reached=why is None)
        if summary:
            (log.warning if not self.first_round.reachable else log.info)(summary)

    def analyse(self) -> bool:
        """Analyses what is queued; False when the database itself failed it."""
        from sqlalchemy.exc import DBAPIError

        if self._analyse is None:
            return True
        with self._analysis_lock:
            try:
                created = self._analyse(self.store)
            except Exception as exc:
                log.exception("analysis of new articles failed")
                return not isinstance(exc, DBAPIError)
        if created:
            log.info("events stored", extra={"fields": {"events": len(created)}})
            self.delivery.wake()
        return True

    # --- life cycle ------------------------------------------------------------

    def _close_abandoned_runs(self) -> None:
        """Runs left 'running' by a daemon that died (storage.runs.close_abandoned_runs
        says which); a workers' run lost its dispatcher, so the workers are told too."""
        limit = utcnow() - timedelta(seconds=self.settings.crawl_timeout_seconds + 60)
        closed = close_abandoned_runs(self.store, self.instance_id, limit)
        for run in closed:
            if self.dispatch is not None and run.owner and run.owner.startswith(WORKERS_OWNER_PREFIX):
                self.dispatch.close(run.run_id, run.error)
        if closed:
            log.warning("abandoned crawl runs closed", extra={"fields": {"runs": [r.run_id for r in closed]}})

    def start(self) -> None:
        global _current
        _current = self
        self.store.sync_sites(self.registry.sites)
        if self.settings.metrics_port:
            from monitor.metrics import MetricsServer

            self._metrics = MetricsServer(self, self.settings.metrics_port).start()
        self._try_to_lead()
        if not self.leading.is_set():
            log.info("standing by", extra={"fields": {"instance": self.instance_id,
                                                      "leader": self._leader_now()}})
        log.info("daemon started", extra={"fields": {
            "sites": len(self.registry.sites), "pid": os.getpid(), "instance": self.instance_id,
            "role": "leader" if self.leading.is_set() else "standby",
            "channels": [c.name for c in self.alert_settings.channels]}})
        configured, missing = channel_lines(self.alert_settings)
        if configured:
            log.info("alert channels: " + "; ".join(configured))
        else:
            log.warning("no alert channel is set: events are stored, and nobody is told of them")
        for line in missing:
            log.info("alert channels: " + line)

    def _try_to_lead(self) -> None:
        if not self.leadership.try_acquire():
            return
        try:
            self._lead()
        except Exception:
            log.exception("taking the lead failed; standing by")
            self._step_down("taking the lead failed")

    def _lead(self) -> None:
        self.leading.set()
        log.warning("leadership gained", extra={"fields": {"instance": self.instance_id}})
        # As on start: a database recreated empty under a running daemon is set up again
        # (a no-op at the newest schema).
        db.upgrade(self.store.engine)
        self.store.sync_sites(self.registry.sites)
        self._close_abandoned_runs()
        self.children.resume()
        self.delivery = DeliveryLoop(self.store, self.alert_settings)
        self.delivery.start()
        self.scheduler = build_scheduler(self.store.engine, self.settings.crawl_workers,
                                         self.settings.misfire_grace_seconds, ZoneInfo(self.settings.timezone))
        self.scheduler.start(paused=True)
        due = due_sites(self.store, self.registry, self.scheduler.timezone)
        self.first_round = FirstRound.of(due)
        changes = sync_jobs(self.scheduler, self.registry, first_runs(due, self.settings.start_spread_seconds))
        self.scheduler.resume()
        log.info("scheduler started", extra={"fields": {
            "jobs": changes, "due": len(due), "spread_seconds": self.settings.start_spread_seconds}})
        # Articles stored while no daemon led (or by a crawl its leader was killed in).
        threading.Thread(target=self.analyse, name="catch-up", daemon=True).start()

    def _step_down(self, why: str) -> None:
        """Stops the scheduler, the children and the deliveries of this term, frees the lock."""
        self.leading.clear()
        log.error("leadership lost", extra={"fields": {"instance": self.instance_id, "why": why}})
        # No flush: the database may be what went away, and the next leader delivers.
        self._stop_term(self.settings.shutdown_seconds / 2, flush=False)
        self.leadership.release()
        log.info("standing by", extra={"fields": {"instance": self.instance_id}})

    def _stop_term(self, budget: float, flush: bool = True) -> Counter[str]:
        deadline = time.monotonic() + budget
        if self.scheduler is not None:
            try:
                self.scheduler.shutdown(wait=False)
            except SchedulerNotRunningError:
                pass
            self.scheduler = None
        # Half the budget for the children to finish their runs, the rest for deliveries.
        with self._in_flight_lock:
            cut = dict(self._in_flight)
        self.children.stop_all(grace=budget / 2 if flush else budget)
        for site_name, started in cut.items():
            try:
                settle_runs(self.store, site_name, self.instance_id, started, CUT_SHORT_PROBLEM, cut_short=True)
            except Exception:  # the database may be what went away; the next start closes it
                log.exception("the cut-short crawl of %s could not be recorded", site_name)
        return self.delivery.stop(flush_seconds=max(deadline - time.monotonic() - 0.5, 0.1) if flush else 0.0)

    def _leader_now(self) -> str | None:
        try:
            return current_leader(self.store.engine)
        except Exception:  # only for the log line
            return None

    def _check_leadership(self) -> None:
        if self.leading.is_set():
            if not self.leadership.still_held():
                self._step_down("the leader lock was lost")
            elif not inspect(self.store.engine).has_table(Site.__tablename__):
                # Crawls, deliveries and jobs would fail on every round for ever; leading
                # again migrates the database first.
                self._step_down("the database lost its tables (dropped or recreated under the daemon)")
                self._try_to_lead()
        else:
            self._try_to_lead()

    def reload(self) -> None:
        try:
            registry = load_registry(self.sites_file)
        except UsageError as exc:
            log.error("registry not reloaded: %s", exc)
            return
        self.registry = registry
        self.store.sync_sites(registry.sites)
        changes: dict[str, str] = {}
        if self.scheduler is not None:
            due = due_sites(self.store, registry, self.scheduler.timezone)
            changes = sync_jobs(self.scheduler, registry, first_runs(due, self.settings.start_spread_seconds),
                                overrule_kept=False)
        log.info("registry reloaded", extra={"fields": {"jobs": changes}})

    def shutdown(self) -> None:
        self.stopping.set()
        log.info("daemon stopping", extra={"fields": {"crawls_running": self.children.count,
                                                      "role": "leader" if self.leading.is_set() else "standby"}})
        flushed: Counter[str] = Counter()
        if self.leading.is_set():
            flushed = self._stop_term(self.settings.shutdown_seconds)
            self.leading.clear()
        self.leadership.close()
        if self._metrics is not None:
            self._metrics.stop()
        log.info("daemon stopped", extra={"fields": {"flushed": dict(flushed)}})

    def serve(self) -> int:
        """Runs until SIGTERM or SIGINT; returns the exit status."""
        for signum in (signal.SIGTERM, signal.SIGINT, signal.SIGHUP):
            # SimpleQueue.put is safe in a signal handler; the work happens below.
            signal.signal(signum, lambda n, _frame: self._signals.put(n))
        self.start()
        next_check = time.monotonic() + self.settings.leader_poll_seconds
        while True:
            if time.monotonic() >= next_check:
                try:
                    self._check_leadership()
                except Exception:  # a standby that cannot try the lock now tries again later
                    log.exception("the leader lock could not be tried or checked")
                next_check = time.monotonic() + self.settings.leader_poll_seconds
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
