"""What `portalwatch status` and /metrics report: each site's last and next run
and its health, and the alert outbox, as plain dicts."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import select

from crawler.registry import Registry
from monitor.health import PROBLEMS, problem_state
from monitor.leader import current_leader
from monitor.outbox import outbox_summary
from monitor.scheduling import stored_next_runs
from storage.models import CrawlRun, Event, OutboxItem, Site
from storage.redact import mask_secrets
from storage.store import Store

DEAD_SHOWN = 20


def _iso(moment: datetime | None) -> str | None:
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ") if moment else None


def _run_json(run: CrawlRun | None) -> dict[str, Any] | None:
    if run is None:
        return None
    return {"id": run.id, "kind": run.kind, "status": run.status, "started_at": _iso(run.started_at),
            "finished_at": _iso(run.finished_at), "figures": run.figures or {}, "error": run.error}


def _last_run(session, site_id: int) -> CrawlRun | None:
    return session.scalar(select(CrawlRun).where(CrawlRun.site_id == site_id)
                          .order_by(CrawlRun.started_at.desc(), CrawlRun.id.desc()).limit(1))


def collect_status(store: Store, registry: Registry) -> tuple[list[dict[str, Any]], dict[str, Any]]:
    """(one object per site, the outbox object): what status prints. Sites of the
    registry first, then sites with runs that the registry no longer names."""
    listed = {site.name: site for site in registry.sites}
    next_runs = stored_next_runs(store.engine)
    sites: list[dict[str, Any]] = []
    with store.session() as s:
        rows = {row.name: row for row in s.scalars(select(Site))}
        last_runs = {name: _last_run(s, row.id) for name, row in rows.items()}
        names = list(listed) + sorted(n for n in rows if n not in listed and last_runs[n] is not None)
        for name in names:
            health = {p: problem_state(s, name, p) for p in PROBLEMS}
            sites.append({"site": name, "district": listed[name].district if name in listed else rows[name].district,
                          "in_registry": name in listed, "last_run": _run_json(last_runs.get(name)),
                          "next_run": _iso(next_runs.get(name)),
                          "health": {p: state for p, state in health.items() if state}})
        summary = outbox_summary(s)
        dead = s.execute(select(OutboxItem, Event.type).join(Event, OutboxItem.event_id == Event.id)
                         .where(OutboxItem.status == "dead").order_by(OutboxItem.created_at.desc())
                         .limit(DEAD_SHOWN)).all()
    outbox = {"pending": summary.pending, "dead": summary.dead, "delivered": summary.delivered,
              "oldest_pending": _iso(summary.oldest_pending), "channels": summary.by_channel,
              "dead_items": [{"event_id": item.event_id, "type": kind, "channel": item.channel,
                              "attempts": item.attempts, "created_at": _iso(item.created_at),
                              "last_error": mask_secrets(item.last_error or "")} for item, kind in dead],
              "stuck_items": [{"event_id": x.event_id, "channel": x.channel, "attempts": x.attempts,
                               "next_attempt_at": _iso(x.next_attempt_at), "last_error": x.last_error}
                              for x in summary.stuck]}
    return sites, outbox


def daemon_status(store: Store) -> dict[str, Any]:
    """Which daemon instance leads (schedules the crawls) now; None when none runs."""
    return {"leader": current_leader(store.engine)}
