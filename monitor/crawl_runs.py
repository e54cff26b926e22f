"""The daemon's bookkeeping of crawl runs: every crawl it started ends as a
finished run that says how it ended, whatever happened to its child."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import select

from storage.models import CrawlRun, Site
from storage.clock import utcnow
from storage.store import Store


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


def last_figures(store: Store, site_name: str, since: datetime) -> dict[str, Any]:
    """The figures of the site's newest run started since then ({} when none)."""
    with store.session() as s:
        figures = s.scalar(select(CrawlRun.figures).join(Site, CrawlRun.site_id == Site.id)
                           .where(Site.name == site_name, CrawlRun.started_at >= since)
                           .order_by(CrawlRun.id.desc()).limit(1))
    return dict(figures or {})
