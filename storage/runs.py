"""Crawl-run bookkeeping beyond opening and finishing one (Store.start_crawl_run,
Store.finish_crawl_run): a distributed run's end recorded once, the runs a dead
child or daemon left behind, and the few reads the crawl and the daemon need.

Every write of ``crawl_runs`` is here or in the Store, whoever the caller is:
the daemon, a worker, the dispatcher.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select, update

from storage.clock import utcnow
from storage.models import ArticleUrl, CrawlRun, Site
from storage.store import Store

# crawl_runs.owner: "daemon:<host>:<pid>:<token>" for a daemon's child,
# "redis:<daemon>" for a run the workers carry out, NULL for a manual crawl.
DAEMON_OWNER_PREFIX = "daemon:"
WORKERS_OWNER_PREFIX = "redis:"


def known_urls_before(store: Store, site_name: str, when: datetime) -> set[str]:
    """URLs of the site stored before the run began. Articles the run itself
    stores (on any worker) must not count as known, or a worker joining late
    would stop paging a list that the run has only just made "known"."""
    with store.session() as s:
        return set(s.scalars(select(ArticleUrl.url).join(Site, ArticleUrl.site_id == Site.id)
                             .where(Site.name == site_name, ArticleUrl.first_seen < when)))


def started_at(store: Store, run_id: int) -> datetime:
    with store.session() as s:
        return s.scalar(select(CrawlRun.started_at).where(CrawlRun.id == run_id))


def run_status(store: Store, run_id: int) -> str | None:
    with store.session() as s:
        return s.scalar(select(CrawlRun.status).where(CrawlRun.id == run_id))


def finish_if_running(store: Store, run_id: int, status: str, figures: dict, error: str | None = None) -> bool:
    """Records the run's end unless it has one already (a run the daemon already
    gave up stays given up); True when this call did."""
    with store.session() as s:
        result = s.execute(update(CrawlRun).where(CrawlRun.id == run_id, CrawlRun.status == "running")
                           .values(status=status, figures=dict(figures), error=error, finished_at=utcnow()))
        return bool(result.rowcount)


def settle_runs(store: Store, site_name: str, owner: str, since: datetime, problem: str, cut_short: bool) -> None:
    """Every crawl that did not end by itself leaves a finished run: one the child
    left running is closed as failed, a child that died before opening one gets a
    failed run of its own, and a run a stop cut short says so even when the child
    finished it (Scrapy closes a spider it was told to stop as if it were done)."""
    with store.session() as s:
        runs = list(s.scalars(select(CrawlRun).join(Site, CrawlRun.site_id == Site.id)
                              .where(Site.name == site_name, CrawlRun.started_at >= since,
                                     CrawlRun.owner == owner)))
        for run in runs:
            if run.status == "running":
                run.status, run.finished_at = "failed", utcnow()
                run.error = problem
            elif cut_short:
                run.error = problem  # its status and figures stay: what it stored is real
    if not runs:
        run_id = store.start_crawl_run(site_name, "crawl", owner=owner)
        store.finish_crawl_run(run_id, "failed", {"pages": 0}, problem)


@dataclass(frozen=True)
class ClosedRun:
    run_id: int
    owner: str | None
    error: str


def close_abandoned_runs(store: Store, instance_id: str, limit: datetime) -> list[ClosedRun]:
    """Runs left 'running' by a daemon that died. Those of another daemon instance
    are closed at once: only the leader crawls, its children died with it
    (PR_SET_PDEATHSIG), and this daemon leads now. Manual crawls (no owner) and
    the workers' runs are closed when started before ``limit`` (older than any
    crawl may take): a workers' run then lost its dispatcher, whom the caller
    tells Redis for."""
    closed: list[ClosedRun] = []
    with store.session() as s:
        for run in s.scalars(select(CrawlRun).where(CrawlRun.status == "running")):
            owner = run.owner
            if owner and owner.startswith(DAEMON_OWNER_PREFIX) and owner != instance_id:
                run.error = f"abandoned: its daemon {owner} stopped during it"
            elif owner is None and run.started_at < limit:
                run.error = "abandoned: the daemon stopped during it"
            elif owner and owner.startswith(WORKERS_OWNER_PREFIX) and run.started_at < limit:
                run.error = "abandoned: the workers did not finish it within the crawl time limit"
            else:
                continue
            run.status, run.finished_at = "failed", utcnow()
            closed.append(ClosedRun(run.id, owner, run.error))
    return closed


def last_figures(store: Store, site_name: str, since: datetime) -> dict[str, Any]:
    """The figures of the site's newest run started since then ({} when none)."""
    with store.session() as s:
        figures = s.scalar(select(CrawlRun.figures).join(Site, CrawlRun.site_id == Site.id)
                           .where(Site.name == site_name, CrawlRun.started_at >= since)
                           .order_by(CrawlRun.id.desc()).limit(1))
    return dict(figures or {})
