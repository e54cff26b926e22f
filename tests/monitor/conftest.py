"""Fixtures of the monitor tests: a signature-checking webhook receiver and an aiosmtpd mail catcher."""

from __future__ import annotations

import pytest

from monitor.receivers import MailCatcher, WebhookReceiver
from monitor_helpers import SECRET
from portalwatch.simulator.pytest_fixture import simulator  # noqa: F401


@pytest.fixture
def receiver():
    with WebhookReceiver(SECRET) as r:
        yield r


@pytest.fixture
def mailbox():
    with MailCatcher() as m:
        yield m


@pytest.fixture
def daemons(tmp_path):
    """Starts daemons with daemons(db_url, sites_file, env); kills whatever is left at the end."""
    from monitor_helpers import DaemonProcess

    started: list[DaemonProcess] = []

    def start(db_url, sites_file, env):
        # A log of its own per daemon: tests of several daemons tell them apart by it.
        log = tmp_path / ("daemon.log" if not started else f"daemon-{len(started) + 1}.log")
        process = DaemonProcess(db_url, sites_file, env, log).start()
        started.append(process)
        return process

    yield start
    for process in started:
        process.close()
