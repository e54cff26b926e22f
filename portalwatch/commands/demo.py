"""`portalwatch demo`: simulator + daemon + detectors + alerts, offline, ending by itself."""

from __future__ import annotations

import click
from sqlalchemy import select

from storage.errors import OperationError


def _show(echo, delivered) -> None:
    hook = delivered.webhook
    document = hook.document
    echo(f"  webhook  after {delivered.webhook_seconds:5.1f} s: {hook.event_type} {hook.delivery_id} "
         f"(signature checked), district {document.get('district')}")
    if delivered.mail is not None:
        echo(f"  e-mail   after {delivered.mail_seconds:5.1f} s: {delivered.mail['Subject']}")
    else:
        echo("  e-mail   did not arrive")


@click.command("demo")
@click.option("--interval", type=click.IntRange(2, 60), default=5, show_default=True,
              help="Seconds between two crawls of the simulated portal.")
@click.option("--timeout", type=click.IntRange(10, 600), default=90, show_default=True,
              help="Give up when an alert has not arrived after this many seconds.")
@click.pass_obj
def demo(app, interval: int, timeout: int) -> None:
    """Simulated portal, daemon, detectors and alerts to a webhook and a mailbox of its own."""
    from portalwatch.demo import DemoRig, change_article, signing_article
    from portalwatch.simulator.content import content_root
    from storage.models import OutboxItem

    echo = click.echo
    root = content_root(app.settings.env)
    try:
        rig = DemoRig(interval=interval, echo=echo, content_root=root).__enter__()
    except (OSError, RuntimeError) as exc:
        raise OperationError(f"the demo could not start its servers ({exc}).") from exc
    try:
        echo(f"Simulated portal: {rig.site} at {rig.sim.urls[rig.site]}/")
        echo(f"Webhook receiver: {rig.receiver.url} (checks X-Portalwatch-Signature)")
        echo(f"SMTP server:      {rig.mail.host}:{rig.mail.port}")
        echo(f"Daemon:           pid {rig.daemon.pid}, a crawl every {interval} s, database {rig.db_url}")
        echo("Waiting for the first crawl (the backfill: its articles do not alert)...")
        if not rig.wait_for_crawls(1, timeout):
            raise OperationError(f"the first crawl did not finish within {timeout} seconds.")
        echo(f"First crawl done; alerts so far: {len(rig.receiver.accepted)}.")
        for what, article in (("a signing", signing_article()), ("a leadership change", change_article())):
            echo(f"Publishing {what}: {article['title']}")
            delivered = rig.publish_and_wait(article, timeout)
            if delivered is None:
                raise OperationError(f"no alert for {what} arrived within {timeout} seconds.")
            _show(echo, delivered)
        status = rig.stop_daemon()
        echo(f"Daemon stopped with exit status {status}.")
        with rig.store.session() as s:
            rows = list(s.scalars(select(OutboxItem.status)))
        echo(f"Outbox: {rows.count('delivered')} delivered, {rows.count('pending')} pending, "
             f"{rows.count('dead')} dead; webhook requests {len(rig.receiver.requests)}, "
             f"e-mails {len(rig.mail.messages)}.")
    except RuntimeError as exc:
        raise OperationError(f"the demo failed: {exc}") from exc
    finally:
        rig.__exit__(None, None, None)
