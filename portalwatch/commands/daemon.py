"""`portalwatch daemon`: the long-running monitor (see monitor/daemon.py)."""

from __future__ import annotations

import click


@click.command("daemon")
@click.pass_obj
def daemon(app) -> None:
    """Crawl every site on its schedule, detect events, deliver alerts; stops on SIGTERM."""
    from monitor.daemon import Daemon

    app.registry  # a bad registry is a usage error before anything starts
    status = Daemon(app.db_url, app.sites_file).serve()
    if status:
        raise click.exceptions.Exit(status)
