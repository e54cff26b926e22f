"""Alert channels: e-mail and webhooks, built from the alert settings."""

from __future__ import annotations

from monitor.alert_config import AlertSettings, ChannelConfig, EmailChannelConfig
from monitor.channels.base import Channel, DeliveryError, trial_document


def build_channel(config: ChannelConfig) -> Channel:
    if isinstance(config, EmailChannelConfig):
        from monitor.channels.email import EmailChannel

        return EmailChannel(config)
    from monitor.channels.webhook import WebhookChannel

    return WebhookChannel(config)


def build_channels(settings: AlertSettings) -> dict[str, Channel]:
    return {config.name: build_channel(config) for config in settings.channels}


__all__ = ["Channel", "DeliveryError", "build_channel", "build_channels", "trial_document"]
