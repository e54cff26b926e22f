"""`portalwatch alerts test`: one test alert to every configured channel."""

from __future__ import annotations

import click

from storage.errors import OperationError, UsageError
from storage.redact import mask_url


def _target(config) -> str:
    if config.kind == "webhook":
        return mask_url(config.url)
    return f"{', '.join(config.recipients)} via {config.smtp.host}:{config.smtp.port} ({config.smtp.security})"


@click.group("alerts")
def alerts() -> None:
    """Alert channels."""


@alerts.command("test")
@click.pass_obj
def test(app) -> None:
    """Send one test alert to each channel (not through the outbox) and say what happened."""
    from monitor.alert_config import load_alert_settings
    from monitor.channels import DeliveryError, build_channel, trial_document

    settings = load_alert_settings(app.settings.env)
    if not settings.channels:
        raise UsageError("no alert channel is configured: set PORTALWATCH_WEBHOOK_URL and "
                         "PORTALWATCH_WEBHOOK_SECRET, or PORTALWATCH_SMTP_URL and PORTALWATCH_ALERT_EMAIL_TO, "
                         "or PORTALWATCH_ALERT_CONFIG.")
    failed = []
    for config in settings.channels:
        document = trial_document()
        try:
            receipt = build_channel(config).send(document)
        except DeliveryError as exc:
            later = "would be retried" if exc.retryable else "would not be retried"
            click.echo(f"{config.name} ({config.kind} to {_target(config)}): FAILED, {exc} ({later})")
            failed.append(config.name)
            continue
        click.echo(f"{config.name} ({config.kind} to {_target(config)}): sent test alert {document['id']}, {receipt}")
    if failed:
        raise OperationError(f"the test alert did not reach {', '.join(failed)}.")
