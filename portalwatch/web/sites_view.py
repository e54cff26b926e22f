"""Each site's health for the sites page and /api/sites: what ``status --json``
reports (``monitor.status_report.collect_status``), plus the site's last runs."""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import aliased

from crawler.registry import Registry
# status's own shape of a run, so that the page, the API and `status --json` agree.
from monitor.status_report import _run_json as run_json
from monitor.status_report import collect_status
from portalwatch.web.redact import redact
from storage.models import CrawlRun, Site
from storage.store import Store

RUNS_SHOWN = 5


def _clean_run(run: dict[str, Any] | None) -> dict[str, Any] | None:
    return None if run is None else {**run, "error": redact(run.get("error"))}


def site_status(store: Store, registry: Registry) -> tuple[list[dict[str, Any]], dict[str, Any]]:
    """(one object per site, the outbox), errors cleared of secrets."""
    sites, outbox = collect_status(store, registry)
    for site in sites:
        site["last_run"] = _clean_run(site["last_run"])
    outbox = {**outbox, "dead_items": [{**item, "last_error": redact(item["last_error"])}
                                       for item in outbox["dead_items"]]}
    return sites, outbox


def recent_runs(store: Store, names: list[str]) -> dict[str, list[dict[str, Any]]]:
    """{site: its last runs, newest first}, each as status's ``last_run`` object; one query for all sites."""
    newest_first = (CrawlRun.started_at.desc(), CrawlRun.id.desc())
    ranked = (select(CrawlRun, Site.name.label("site_name"),
                     func.row_number().over(partition_by=CrawlRun.site_id, order_by=newest_first).label("rank"))
              .join(Site, Site.id == CrawlRun.site_id).where(Site.name.in_(names)).subquery())
    run = aliased(CrawlRun, ranked)
    out: dict[str, list[dict[str, Any]]] = {name: [] for name in names}
    with store.session() as s:
        for row, site_name in s.execute(select(run, ranked.c.site_name).where(ranked.c.rank <= RUNS_SHOWN)
                                        .order_by(ranked.c.site_name, ranked.c.rank)):
            out[site_name].append(_clean_run(run_json(row)))
    return out
