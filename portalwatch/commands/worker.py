"""`portalwatch worker`: takes crawl runs from Redis (scale-out; see crawler/distributed)."""

from __future__ import annotations

import click

from storage.errors import UsageError


@click.command("worker")
@click.argument("site_names", nargs=-1, metavar="[SITE...]")
@click.option("--redis", "redis_url", envvar="PORTALWATCH_REDIS_URL", metavar="URL",
              help="Redis of the shared queue (default: $PORTALWATCH_REDIS_URL).")
@click.pass_obj
def worker(app, site_names: tuple[str, ...], redis_url: str | None) -> None:
    """Crawl the runs the daemon puts on Redis, with any number of other workers; stops on SIGTERM."""
    from crawler.distributed.keys import Keys
    from crawler.distributed.worker import HEARTBEAT_ENV, run_worker

    if not redis_url:
        raise UsageError("a worker needs Redis: give --redis URL or set PORTALWATCH_REDIS_URL.")
    if not redis_url.startswith(("redis://", "rediss://", "unix://")):
        raise UsageError(f"{redis_url!r} is not a Redis URL (redis://host:port/db).")
    registry = app.registry
    sites = [registry.get(n) for n in site_names] if site_names else list(registry.sites)
    app.store.sync_sites(registry.sites)
    run_worker(app.store, sites, redis_url, Keys.from_env(app.settings.env),
               heartbeat_file=app.settings.text(HEARTBEAT_ENV) or "", env=app.settings.env)
