"""The store's side of a distributed run: what the run knew when it began, and
its end recorded once (a run the daemon already gave up stays given up)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import select, update

from storage.models import ArticleUrl, CrawlRun, Site
from storage.clock import utcnow


def known_urls_before(store: Any, site_name: str, when: datetime) -> set[str]:
    """URLs of the site stored before the run began. Articles the run itself
    stores (on any worker) must not count as known, or a worker joining late
    would stop paging a list that the run has only just made "known"."""
    with store.session() as s:
        return set(s.scalars(select(ArticleUrl.url).join(Site, ArticleUrl.site_id == Site.id)
                             .where(Site.name == site_name, ArticleUrl.first_seen < when)))


def finish_if_running(store: Any, run_id: int, status: str, figures: dict, error: str | None = None) -> bool:
    """Records the run's end unless it has one already; True when this call did."""
    with store.session() as s:
        result = s.execute(update(CrawlRun).where(CrawlRun.id == run_id, CrawlRun.status == "running")
                           .values(status=status, figures=dict(figures), error=error, finished_at=utcnow()))
        return bool(result.rowcount)


def run_status(store: Any, run_id: int) -> str | None:
    with store.session() as s:
        return s.scalar(select(CrawlRun.status).where(CrawlRun.id == run_id))
