"""`portalwatch status`: each site's last and next run, its health, the alert outbox."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

import click
from sqlalchemy import select

DEAD_SHOWN = 20


def _iso(moment: datetime | None) -> str | None:
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ") if moment else None


def _run_json(run) -> dict[str, Any] | None:
    if run is None:
        return None
    return {"id": run.id, "kind": run.kind, "status": run.status, "started_at": _iso(run.started_at),
            "finished_at": _iso(run.finished_at), "figures": run.figures or {}, "error": run.error}


def collect(app) -> tuple[list[dict[str, Any]], dict[str, Any]]:
    """(one object per site, the outbox object): what status prints."""
    from monitor.health import PROBLEMS, problem_state
    from monitor.outbox import outbox_summary
    from monitor.scheduling import stored_next_runs
    from storage.models import CrawlRun, Event, OutboxItem, Site

    store = app.store
    registry = {site.name: site for site in app.registry.sites}
    next_runs = stored_next_runs(store.engine)
    sites: list[dict[str, Any]] = []
    with store.session() as s:
        rows = {row.name: row for row in s.scalars(select(Site))}
        names = list(registry) + sorted(n for n in rows if n not in registry and
                                        s.scalar(select(CrawlRun.id).where(CrawlRun.site_id == rows[n].id).limit(1)))
        for name in names:
            row = rows.get(name)
            last = None if row is None else s.scalar(
                select(CrawlRun).where(CrawlRun.site_id == row.id)
                .order_by(CrawlRun.started_at.desc(), CrawlRun.id.desc()).limit(1))
            health = {p: problem_state(s, name, p) for p in PROBLEMS}
            sites.append({"site": name, "district": registry[name].district if name in registry else row.district,
                          "in_registry": name in registry, "last_run": _run_json(last),
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
                              "last_error": item.last_error} for item, kind in dead]}
    return sites, outbox


def _figures_line(figures: dict[str, Any]) -> str:
    errors = ", ".join(f"{k} {v}" for k, v in (figures.get("errors") or {}).items()) or "none"
    missing = ", ".join(f"{k} {v}" for k, v in (figures.get("missing") or {}).items() if v)
    return (f"{figures.get('requests', 0)} requests, {figures.get('pages', 0)} pages, "
            f"{figures.get('articles_new', 0)} new, {figures.get('articles_changed', 0)} changed; errors: {errors}"
            + (f"; missing: {missing}" if missing else ""))


def _print_text(sites: list[dict[str, Any]], outbox: dict[str, Any]) -> None:
    click.echo("Sites:")
    for site in sites:
        run = site["last_run"]
        click.echo(f"  {site['site']} ({site['district']})" + ("" if site["in_registry"] else " [not in registry]"))
        if run is None:
            click.echo("    last run: never")
        else:
            click.echo(f"    last run: {run['started_at']} {run['kind']} {run['status']}; {_figures_line(run['figures'])}")
            if run["error"]:
                click.echo(f"    error: {run['error']}")
        click.echo(f"    next run: {site['next_run'] or 'not scheduled (the daemon has not run)'}")
        for problem, state in site["health"].items():
            if state == "raised":
                click.echo(f"    health: {problem} raised")
    oldest = f" (oldest since {outbox['oldest_pending']})" if outbox["oldest_pending"] else ""
    click.echo(f"Alert outbox: {outbox['pending']} pending{oldest}, {outbox['dead']} dead, "
               f"{outbox['delivered']} delivered")
    for channel, counts in sorted(outbox["channels"].items()):
        click.echo(f"  {channel}: " + ", ".join(f"{k} {v}" for k, v in sorted(counts.items())))
    for item in outbox["dead_items"]:
        click.echo(f"  dead: {item['type']} {item['event_id']} via {item['channel']} after {item['attempts']} "
                   f"attempt(s): {item['last_error']}")


@click.command("status")
@click.option("--json", "as_json", is_flag=True, help="One JSON object per site, then one for the outbox.")
@click.pass_obj
def status(app, as_json: bool) -> None:
    """Each site's last run (when, figures, errors) and next run; the alert outbox."""
    sites, outbox = collect(app)
    if not as_json:
        _print_text(sites, outbox)
        return
    for site in sites:
        click.echo(json.dumps({"kind": "site", **site}, ensure_ascii=False, sort_keys=True))
    click.echo(json.dumps({"kind": "outbox", **outbox}, ensure_ascii=False, sort_keys=True))
