"""`portalwatch web`: the read-only web view, Atom feeds and JSON API."""

from __future__ import annotations

import click

from storage.errors import UsageError


@click.command("web")
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on; anything but loopback needs PORTALWATCH_WEB_TOKEN.")
@click.option("--port", default=8090, show_default=True, type=int, help="Port to listen on.")
@click.pass_obj
def web(app, host: str, port: int) -> None:
    """Serve the events, roster, sites pages, feeds and API (read-only) until interrupted."""
    from portalwatch.web.access import TOKEN_ENV, check_bind
    from portalwatch.web.server import serve

    if not 0 <= port <= 65535:
        raise UsageError(f"--port takes a port number (0–65535), not {port}.")
    token = app.settings.env.get(TOKEN_ENV) or None
    check_bind(host, token)  # before opening the database: a refusal must come at once
    click.echo(f"portalwatch web: http://{host}:{port}/ (Ctrl-C to stop)", err=True)
    serve(app.store, host, port, registry=app.registry, token=token, env=app.settings.env)
