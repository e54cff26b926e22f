"""Fixtures of the monitor tests: a signature-checking webhook receiver and an aiosmtpd mail catcher."""

from __future__ import annotations

import pytest

from monitor.receivers import MailCatcher, WebhookReceiver
from monitor_helpers import SECRET


@pytest.fixture
def receiver():
    with WebhookReceiver(SECRET) as r:
        yield r


@pytest.fixture
def mailbox():
    with MailCatcher() as m:
        yield m
