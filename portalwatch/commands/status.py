"""`portalwatch status`: each site's last and next run, its health, the alert outbox."""

from __future__ import annotations

import json
from typing import Any

import click


def _figures_line(figures: dict[str, Any]) -> str:
    errors = ", ".join(f"{k} {v}" for k, v in (figures.get("errors") or {}).items()) or "none"
    missing = ", ".join(f"{k} {v}" for k, v in (figures.get("missing") or {}).items() if v)
    return (f"{figures.get('requests', 0)} requests, {figures.get('pages', 0)} pages, "
            f"{figures.get('articles_new', 0)} new, {figures.get('articles_changed', 0)} changed; errors: {errors}"
            + (f"; missing: {missing}" if missing else ""))


def _print_text(sites: list[dict[str, Any]], outbox: dict[str, Any], daemon: dict[str, Any]) -> None:
    leader = daemon["leader"]
    click.echo(f"Daemon: {leader} leads" if leader else "Daemon: none leads (no daemon runs on this database)")
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
    for item in outbox["stuck_items"]:
        click.echo(f"  stuck: {item['event_id']} via {item['channel']} after {item['attempts']} attempt(s), "
                   f"next at {item['next_attempt_at']}: {item['last_error']}")
    for item in outbox["dead_items"]:
        click.echo(f"  dead: {item['type']} {item['event_id']} via {item['channel']} after {item['attempts']} "
                   f"attempt(s): {item['last_error']}")


@click.command("status")
@click.option("--json", "as_json", is_flag=True,
              help="One JSON object per site, then one for the outbox and one for the daemon.")
@click.pass_obj
def status(app, as_json: bool) -> None:
    """Each site's last run (when, figures, errors) and next run; the alert outbox; the leading daemon."""
    from monitor.status_report import collect_status, daemon_status

    sites, outbox = collect_status(app.existing_store, app.registry)
    daemon = daemon_status(app.existing_store)
    workers = _workers(app)
    if not as_json:
        _print_text(sites, outbox, daemon)
        if workers is not None:
            _print_workers(workers)
        return
    for site in sites:
        click.echo(json.dumps({"kind": "site", **site}, ensure_ascii=False, sort_keys=True))
    click.echo(json.dumps({"kind": "outbox", **outbox}, ensure_ascii=False, sort_keys=True))
    click.echo(json.dumps({"kind": "daemon", **daemon}, ensure_ascii=False, sort_keys=True))
    if workers is not None:
        click.echo(json.dumps({"kind": "workers", **workers}, ensure_ascii=False, sort_keys=True))


def _workers(app) -> dict[str, Any] | None:
    """The scale-out side, when crawls go to workers (PORTALWATCH_REDIS_URL)."""
    from crawler.distributed.keys import URL_ENV, Keys

    redis_url = app.settings.text(URL_ENV)
    if not redis_url:
        return None
    from crawler.distributed.status import workers_status

    return workers_status(redis_url, app.registry.names(), Keys.from_env(app.settings.env))


def _print_workers(workers: dict[str, Any]) -> None:
    if not workers["reachable"]:
        click.echo(f"Workers: Redis at {workers['redis']} unreachable ({workers['error']})")
        return
    click.echo(f"Workers: {len(workers['alive'])} alive (Redis at {workers['redis']})")
    for site, queue in sorted(workers["queues"].items()):
        click.echo(f"  {site}: {queue['runs_waiting']} runs waiting, {queue['requests_queued']} requests queued, "
                   f"{queue['held']} held by workers")
