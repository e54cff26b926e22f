"""`portalwatch crawl` (new articles only) and `portalwatch recrawl` (known ones again)."""

from __future__ import annotations

import json
import time

import click

from portalwatch.commands.dates import parse_date
from storage.errors import OperationError, UsageError

OWNER_MAX = 128  # crawl_runs.owner
DELIVER_SECONDS = 60.0  # how long `crawl --deliver` may spend sending alerts


def _report(results, as_json: bool) -> None:
    for result in results:
        if as_json:
            click.echo(json.dumps(result.as_dict(), ensure_ascii=False, sort_keys=True))
            continue
        f = result.figures
        errors = ", ".join(f"{k} {v}" for k, v in f["errors"].items()) or "none"
        click.echo(f"{result.site}: {result.status}; {f['requests']} requests, {f['pages']} pages; "
                   f"articles {f['articles_new']} new, {f['articles_changed']} changed, "
                   f"{f['articles_unchanged']} unchanged, {f['articles_duplicate']} duplicate, "
                   f"{f['not_modified']} not modified; errors: {errors}")
    failed = [r.site for r in results if r.status == "failed"]
    if failed:
        raise OperationError(f"the crawl of {', '.join(failed)} failed (see the log above).")


def _run(app, sites, **kwargs) -> list:
    from crawler.run import run_sites

    store = app.store
    store.sync_sites(app.registry.sites)
    results = run_sites(store, sites, env=app.settings.env, **kwargs)
    if kwargs.get("owner") is not None:
        # A daemon's child: its daemon analyses after each crawl, one analysis per crawl, not two.
        return results
    # Events are made when articles are stored, whatever stored them.
    created = app.analyse_pending()
    if created:
        click.echo(f"{len(created)} new events", err=True)
    return results


def _alerts(store, deliver: bool, env) -> None:
    """Sends the due alerts when asked; says in any case what waits in the outbox,
    since without --deliver only a running daemon sends it."""
    from monitor.alert_config import load_alert_settings
    from monitor.channels import build_channels
    from monitor.outbox import deliver_due, outbox_summary

    settings = load_alert_settings(env)
    sent = ""
    if deliver:
        outcome = deliver_due(store, build_channels(settings), settings.delivery,
                              deadline=time.monotonic() + DELIVER_SECONDS)
        sent = f"{outcome['delivered']} delivered, {outcome['pending'] + outcome['dead']} failed; "
    with store.session() as s:
        pending = outbox_summary(s).pending
    if not sent and not pending:
        return
    later = ("" if not pending else
             "; a running `portalwatch daemon` sends them" + ("" if deliver else ", or `crawl --deliver` now"))
    click.echo(f"alerts: {sent}{pending} pending{later}.", err=True)


@click.command("crawl")
@click.argument("site_names", nargs=-1, metavar="SITE...")
@click.option("--all", "all_sites", is_flag=True, help="Crawl every site of the registry.")
@click.option("--since", metavar="YYYY-MM-DD", help="Only articles published on or after this day.")
@click.option("--max-articles", type=click.IntRange(min=1), metavar="N", help="At most N new articles per site.")
@click.option("--json", "as_json", is_flag=True, help="One JSON object per site with its figures.")
@click.option("--deliver", is_flag=True,
              help="Send the alerts this crawl queued before exiting (otherwise a running daemon sends them).")
# The daemon names itself here, so a daemon that takes over knows whose runs died.
@click.option("--owner", hidden=True, help="Who runs this crawl (recorded with its runs).")
@click.pass_obj
def crawl(app, site_names: tuple[str, ...], all_sites: bool, since: str | None,
          max_articles: int | None, as_json: bool, deliver: bool, owner: str | None) -> None:
    """Incremental crawl: fetch the articles the store does not know yet."""
    if all_sites == bool(site_names):
        raise UsageError("name the sites to crawl, or give --all (not both).")
    if owner is not None and not 0 < len(owner) <= OWNER_MAX:
        raise UsageError(f"the --owner of a crawl is 1 to {OWNER_MAX} characters long.")
    first_day = parse_date(since, "--since")
    if deliver:
        from monitor.alert_config import load_alert_settings

        if not load_alert_settings(app.settings.env).channels:
            raise UsageError("--deliver needs an alert channel: set PORTALWATCH_WEBHOOK_URL and "
                             "PORTALWATCH_WEBHOOK_SECRET, or PORTALWATCH_SMTP_URL and PORTALWATCH_ALERT_EMAIL_TO.")
    sites = list(app.registry.sites) if all_sites else [app.registry.get(n) for n in site_names]
    if not sites:
        raise UsageError(f"the registry {app.sites_file} has no enabled site to crawl.")
    results = _run(app, sites, kind="crawl", since=first_day, max_articles=max_articles, owner=owner)
    if owner is None:  # a daemon's child leaves the alerts to its daemon
        _alerts(app.store, deliver, app.settings.env)
    _report(results, as_json)


@click.command("recrawl")
@click.argument("site_names", nargs=-1, metavar="SITE...")
@click.option("--since", metavar="YYYY-MM-DD", help="Only known articles published on or after this day.")
@click.option("--url", "urls", multiple=True, metavar="URL", help="Only this article URL (repeatable).")
@click.option("--json", "as_json", is_flag=True, help="One JSON object per site with its figures.")
@click.pass_obj
def recrawl(app, site_names: tuple[str, ...], since: str | None, urls: tuple[str, ...],
            as_json: bool) -> None:
    """Fetch known articles again (conditional requests); store edits as new versions."""
    from crawler.spiders.base import site_owns

    registry = app.registry
    if site_names:
        sites = [registry.get(n) for n in site_names]
    elif urls:  # the sites the URLs belong to
        sites = [s for s in registry.sites if any(site_owns(s, u) for u in urls)]
    else:
        raise UsageError("name the sites to recrawl, or give --url.")
    first_day = parse_date(since, "--since")
    stray = [u for u in urls if not any(site_owns(s, u) for s in sites)]
    if stray:
        among = (f"none of the sites {', '.join(s.name for s in sites)}" if site_names
                 else f"no site of the registry {app.sites_file}")
        raise UsageError(f"the URL {stray[0]} belongs to {among}.")
    _report(_run(app, sites, kind="recrawl", since=first_day, urls=urls), as_json)
