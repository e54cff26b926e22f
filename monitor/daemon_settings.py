"""The daemon's own settings (``PORTALWATCH_CRAWL_*``, ``_SHUTDOWN_``, ``_TIMEZONE``, ...),
read from the process's ``storage.settings.Settings`` when the daemon starts; a bad
value is a usage error naming the variable."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from storage.errors import UsageError
from storage.settings import env_float, env_int


@dataclass(frozen=True)
class DaemonSettings:
    crawl_timeout_seconds: float = 1800.0
    crawl_workers: int = 2
    misfire_grace_seconds: int = 3600
    shutdown_seconds: float = 8.0  # the whole of SIGTERM handling; stays under 10 s
    metrics_port: int = 0  # 0: no /metrics
    timezone: str = "Asia/Ho_Chi_Minh"  # what cron schedules of Vietnamese portals mean
    leader_poll_seconds: float = 5.0  # standby: how often to try the lock; leader: to check it
    start_spread_seconds: float = 60.0  # the sites due on start are crawled over this long

    @classmethod
    def from_env(cls, env: Mapping[str, str]) -> DaemonSettings:
        """From the settings' variables (``storage.settings.Settings.env``)."""
        settings = cls(
            crawl_timeout_seconds=env_float(env, "PORTALWATCH_CRAWL_TIMEOUT_SECONDS", 1800.0, 1.0),
            # With workers, a crawl job only waits for its run: many may wait at once.
            crawl_workers=env_int(env, "PORTALWATCH_CRAWL_WORKERS", 32 if env.get("PORTALWATCH_REDIS_URL") else 2, 1),
            misfire_grace_seconds=env_int(env, "PORTALWATCH_MISFIRE_GRACE_SECONDS", 3600, 1),
            shutdown_seconds=env_float(env, "PORTALWATCH_SHUTDOWN_SECONDS", 8.0, 1.0),
            metrics_port=env_int(env, "PORTALWATCH_METRICS_PORT", 0, 0),
            leader_poll_seconds=env_float(env, "PORTALWATCH_LEADER_POLL_SECONDS", 5.0, 0.2),
            start_spread_seconds=env_float(env, "PORTALWATCH_START_SPREAD_SECONDS", 60.0, 0.0),
            timezone=env.get("PORTALWATCH_TIMEZONE", "").strip() or "Asia/Ho_Chi_Minh")
        try:
            ZoneInfo(settings.timezone)
        except (ZoneInfoNotFoundError, ValueError):
            raise UsageError(f"the setting PORTALWATCH_TIMEZONE={settings.timezone!r} is not a time zone.") from None
        return settings
