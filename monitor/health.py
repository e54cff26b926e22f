"""Health of every site: ``site_health`` events from the crawl runs' figures.

Three problems, each raised once and recovered once:

- ``crawl_failures``: the last N finished runs all failed (PORTALWATCH_HEALTH_FAILED_RUNS, 3);
  recovered by a run that did not fail.
- ``layout``: in the latest run that read articles, at least a share of them
  (PORTALWATCH_HEALTH_BAD_ARTICLE_RATIO, 0.5) came out without title, date or
  body, or only through the generic reader because the site's selectors missed;
  recovered by a run that read articles with a smaller share.
- ``no_articles``: the crawl's list pages named no article where an earlier
  crawl's named some (figure ``articles_listed``: entries of the home and list
  pages, known or new; recrawls visit no list and are left out); recovered when
  they name some again.

The state of a problem is the newest of its events, so nothing but the events
table is needed, and running the check twice for one run adds nothing: the
run id is part of each event's dedup key.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from monitor.alert_config import AlertSettings
from monitor.outbox import enqueue
from storage.models import CrawlRun, Event, Site
from storage.clock import utcnow
from storage.findings import add_events
from storage.settings import env_float, env_int
from storage.store import Store

PROBLEMS = ("crawl_failures", "layout", "no_articles")
STORED_OUTCOMES = ("articles_new", "articles_changed", "articles_unchanged", "articles_duplicate")


@dataclass(frozen=True)
class HealthSettings:
    failed_runs: int = 3
    bad_article_ratio: float = 0.5

    @classmethod
    def from_env(cls, env: Mapping[str, str]) -> HealthSettings:
        """From the settings' variables (``storage.settings.Settings.env``)."""
        return cls(failed_runs=env_int(env, "PORTALWATCH_HEALTH_FAILED_RUNS", 3, 1),
                   bad_article_ratio=env_float(env, "PORTALWATCH_HEALTH_BAD_ARTICLE_RATIO", 0.5, 0.0))


@dataclass(frozen=True)
class Verdict:
    """What one problem looks like after the latest run: True raised, False fine,
    None no evidence either way (a run that read no article says nothing of the layout)."""

    problem: str
    troubled: bool | None
    detail: str
    run: CrawlRun | None


def articles_read(figures: Mapping[str, Any]) -> tuple[int, int]:
    """(articles the run read, how many of those were bad) from a run's figures."""
    missing = figures.get("missing") or {}
    unreadable = max((int(v) for v in missing.values()), default=0)
    fell_back = int((figures.get("errors") or {}).get("layout_changed", 0))
    read = sum(int(figures.get(key, 0) or 0) for key in STORED_OUTCOMES) + unreadable
    return read, min(read, unreadable + fell_back)


def _failures(runs: list[CrawlRun], settings: HealthSettings) -> Verdict:
    if not runs:
        return Verdict("crawl_failures", None, "", None)
    window = runs[:settings.failed_runs]
    if len(window) == settings.failed_runs and all(r.status == "failed" for r in window):
        reason = window[0].error or "no page could be fetched"
        return Verdict("crawl_failures", True, f"{len(window)} lần thu thập liên tiếp thất bại; lần cuối: {reason}",
                       window[0])
    if runs[0].status != "failed":
        return Verdict("crawl_failures", False, "lần thu thập gần nhất thành công", runs[0])
    return Verdict("crawl_failures", None, "", runs[0])


def _layout(runs: list[CrawlRun], settings: HealthSettings) -> Verdict:
    # A failed run that read articles says as much of the layout as any (a crawl
    # that lost most of what it listed is failed, and its unreadable pages are why).
    for run in runs:
        read, bad = articles_read(run.figures or {})
        if read == 0:
            continue
        detail = f"{bad}/{read} bài đọc được thiếu tiêu đề, ngày hoặc nội dung, hoặc sai bố cục"
        return Verdict("layout", bad / read >= settings.bad_article_ratio and bad > 0, detail, run)
    return Verdict("layout", None, "", None)


def _no_articles(runs: list[CrawlRun]) -> Verdict:
    # A recrawl visits no list page: its zero says nothing about the lists.
    listed = [(run, (run.figures or {}).get("articles_listed")) for run in runs
              if run.status != "failed" and run.kind == "crawl"]
    listed = [(run, n) for run, n in listed if isinstance(n, int)]
    if len(listed) < 1:
        return Verdict("no_articles", None, "", None)
    run, count = listed[0]
    if count > 0:
        return Verdict("no_articles", False, f"trang liệt kê {count} bài", run)
    earlier_positive = any(n > 0 for _, n in listed[1:])
    return Verdict("no_articles", True if earlier_positive else None,
                   "trang không còn liệt kê bài viết nào (trước đây có)", run)


def problem_states(session: Session, only_site: str | None = None) -> dict[tuple[str, str], str]:
    """{(site, problem): 'raised' or 'recovered'} from each problem's newest site_health
    event: for every site in one query (the status page), or for one site."""
    site, problem = Event.payload["site"].as_string(), Event.payload["problem"].as_string()
    ranked = (select(site.label("site"), problem.label("problem"), Event.payload["state"].as_string().label("state"),
                     func.row_number().over(partition_by=(site, problem),
                                            order_by=Event.detected_at.desc()).label("rank"))
              .where(Event.type == "site_health",
                     *([Event.dedup_key.startswith(f"site_health:{only_site}:", autoescape=True)] if only_site else []))
              .subquery())
    return {(row.site, row.problem): row.state
            for row in session.execute(select(ranked).where(ranked.c.rank == 1)) if row.state}


def problem_state(session: Session, site: str, problem: str) -> str | None:
    """'raised' or 'recovered' from the newest event of this problem, None if it never arose."""
    return problem_states(session, site).get((site, problem))


def check_site(store: Store, site_name: str, settings: HealthSettings | None = None,
               alert_settings: AlertSettings | None = None) -> list[str]:
    """Stores the site_health events the site's latest runs call for; returns their ids."""
    settings = settings or HealthSettings()
    created: list[dict[str, Any]] = []
    with store.session() as s:  # reads only: storage.findings writes what they call for
        site = s.scalar(select(Site).where(Site.name == site_name))
        if site is None:
            return []
        runs = list(s.scalars(select(CrawlRun).where(CrawlRun.site_id == site.id, CrawlRun.status != "running")
                              .order_by(CrawlRun.started_at.desc(), CrawlRun.id.desc()).limit(50)))
        for verdict in (_failures(runs, settings), _layout(runs, settings), _no_articles(runs)):
            if verdict.troubled is None or verdict.run is None:
                continue
            state = problem_state(s, site.name, verdict.problem)
            if verdict.troubled and state != "raised":
                new_state = "raised"
            elif not verdict.troubled and state == "raised":
                new_state = "recovered"
            else:
                continue
            created.append(dict(
                id=str(uuid.uuid4()), type="site_health", district=site.district, detected_at=utcnow(),
                dedup_key=f"site_health:{site.name}:{verdict.problem}:{new_state}:{verdict.run.id}",
                article_urls=[], alert=True,
                payload={"site": site.name, "url": site.url, "problem": verdict.problem,
                         "state": new_state, "detail": verdict.detail, "run_id": verdict.run.id,
                         "run_status": verdict.run.status, "figures": verdict.run.figures or {}}))
    add_events(store, created, lambda session, event: enqueue(session, event, alert_settings))
    return [event["id"] for event in created]
