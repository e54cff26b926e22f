"""Each site's health for the sites page and /api/sites: what ``status --json``
reports (``monitor.status_report.collect_status``), plus the site's last runs."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sqlalchemy import select

from crawler.registry import Registry
# status's own shape of a run, so that the page, the API and `status --json` agree.
from monitor.status_report import collect_status, last_runs, run_json
from storage.models import Site
from storage.store import Store

RUNS_SHOWN = 5
Redact = Callable[[str | None], str | None]  # the app's portalwatch.web.redact.Redactor


def _clean_run(run: dict[str, Any] | None, redact: Redact) -> dict[str, Any] | None:
    return None if run is None else {**run, "error": redact(run.get("error"))}


def site_status(store: Store, registry: Registry, redact: Redact) -> tuple[list[dict[str, Any]], dict[str, Any]]:
    """(one object per site, the outbox), errors cleared of secrets."""
    sites, outbox = collect_status(store, registry)
    for site in sites:
        site["last_run"] = _clean_run(site["last_run"], redact)
    outbox = {**outbox, "dead_items": [{**item, "last_error": redact(item["last_error"])}
                                       for item in outbox["dead_items"]]}
    return sites, outbox


def recent_runs(store: Store, names: list[str], redact: Redact) -> dict[str, list[dict[str, Any]]]:
    """{site: its last runs, newest first}, each as status's ``last_run`` object; one query for all sites."""
    with store.session() as s:
        ids = {name: site_id for name, site_id in s.execute(select(Site.name, Site.id).where(Site.name.in_(names)))}
        runs = last_runs(s, list(ids.values()), RUNS_SHOWN)
        return {name: [_clean_run(run_json(run), redact) for run in runs.get(ids.get(name, -1), [])] for name in names}
