"""What the daemon tells its operator on start and after its first round of crawls:
which alert channels are set and which are missing, which sites could not be
reached, and how many could.

A newcomer's first `make run` often has no network and no channel: without
these lines the daemon crawls, fails and stores events nobody is told about,
and nothing says so.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

from monitor.alert_config import AlertSettings, EmailChannelConfig

OFFLINE_HINT = "see `make demo` or `portalwatch simulate` to see the product offline"
# Error kinds (crawler.middlewares.error_kind) that mean the portal never answered.
UNREACHABLE_KINDS = {"dns": "its host name does not resolve (no network, or a wrong host)",
                     "connection_refused": "it refused the connection",
                     "timeout": "it did not answer in time"}


def channel_lines(settings: AlertSettings) -> tuple[list[str], list[str]]:
    """(the channels set, in words; what is missing, in words)."""
    configured: list[str] = []
    for channel in settings.channels:
        if isinstance(channel, EmailChannelConfig):
            configured.append(f"{channel.name}: e-mail via {channel.smtp.host} to "
                              f"{len(channel.recipients)} recipient(s)")
        else:  # the host only: a webhook URL may carry a token
            configured.append(f"{channel.name}: webhook to {urlsplit(channel.url).hostname}")
    kinds = {channel.kind for channel in settings.channels}
    missing: list[str] = []
    if "email" not in kinds:
        missing.append("no e-mail channel (set PORTALWATCH_SMTP_URL and PORTALWATCH_ALERT_EMAIL_TO)")
    if "webhook" not in kinds:
        missing.append("no webhook channel (set PORTALWATCH_WEBHOOK_URL and PORTALWATCH_WEBHOOK_SECRET)")
    return configured, missing


def unreachable_reason(figures: Mapping[str, Any]) -> str | None:
    """Why a crawl never got an answer from its portal; None when it got any."""
    if figures.get("pages") or figures.get("not_modified"):
        return None
    errors = figures.get("errors") or {}
    for kind, words in UNREACHABLE_KINDS.items():
        if errors.get(kind):
            return words
    return None


@dataclass
class FirstRound:
    """The crawls of the sites due on start: reports once every one of them ended."""

    expected: set[str]
    reachable: set[str] = field(default_factory=set)
    unreachable: set[str] = field(default_factory=set)
    reported: bool = False
    _lock: threading.Lock = field(default_factory=threading.Lock)

    @classmethod
    def of(cls, sites: Iterable[str]) -> FirstRound:
        return cls(expected=set(sites))

    def record(self, site: str, reached: bool) -> str | None:
        """Notes a crawl's end; returns the summary sentence when it completes the round."""
        with self._lock:
            if site not in self.expected or self.reported:
                return None
            (self.reachable if reached else self.unreachable).add(site)
            if self.reachable | self.unreachable != self.expected:
                return None
            self.reported = True
            summary = f"{len(self.reachable)} of {len(self.expected)} sites reachable"
            return f"{summary}; {OFFLINE_HINT}" if not self.reachable else summary
