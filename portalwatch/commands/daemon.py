"""`portalwatch daemon`: the long-running monitor (see monitor/daemon.py)."""

from __future__ import annotations

import logging
import os
import sys
import threading
import time

import click


def _busy_threads(grace: float = 1.0) -> list[threading.Thread]:
    """Non-daemon threads still running after ``grace`` seconds (idle pool workers
    leave within it)."""
    deadline = time.monotonic() + grace
    others = [t for t in threading.enumerate() if t is not threading.main_thread() and not t.daemon]
    for thread in others:
        thread.join(max(deadline - time.monotonic(), 0.0))
    return [t for t in others if t.is_alive()]


def _start_web(app):
    """The read-only web view beside the daemon when PORTALWATCH_WEB_ADDR is set (off by default)."""
    addr = app.settings.text("PORTALWATCH_WEB_ADDR")
    if not addr:
        return None
    from portalwatch.web.access import TOKEN_ENV
    from portalwatch.web.server import serve_in_thread

    web = serve_in_thread(app.store, addr, registry=app.registry, token=app.settings.text(TOKEN_ENV),
                          env=app.settings.env)
    logging.getLogger("portalwatch.daemon").info(
        "web view listening", extra={"fields": {"url": web.url}})
    return web


@click.command("daemon")
@click.pass_obj
def daemon(app) -> None:
    """Crawl every site on its schedule, detect events, deliver alerts; stops on SIGTERM."""
    from monitor.daemon import Daemon

    app.registry  # a bad registry is a usage error before anything starts
    web = _start_web(app)
    try:
        status = Daemon(app.db_url, app.sites_file, app.settings).serve()
    finally:
        if web is not None:
            web.stop()
    busy = _busy_threads()
    if busy:
        # A crawl job still analysing: its transaction rolls back and the next start
        # redoes it, so the exit need not wait (SIGTERM must end us within 10 s).
        logging.getLogger("portalwatch.daemon").warning(
            "exiting with work unfinished", extra={"fields": {"threads": [t.name for t in busy]}})
        logging.shutdown()
        sys.stderr.flush()
        os._exit(status)
    if status:
        raise click.exceptions.Exit(status)
