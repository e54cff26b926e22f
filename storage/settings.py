"""The process's settings: the global flags and the PORTALWATCH_* environment,
read once at the entry point (``Settings.from_environment`` in portalwatch.cli)
and passed down; the project's defaults; typed values of those variables.

Every setting can come from the environment; a bad value is a usage error
naming the variable, not a traceback deep inside the daemon. It lives on the
bottom floor because every floor reads settings.
"""

from __future__ import annotations

import math
import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType

from storage.errors import UsageError

PACKAGE_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DB_URL = "sqlite:///var/portalwatch.db"
# The store's URL travels to child processes here, never on a command line (`ps` shows those to all).
DB_URL_ENV = "PORTALWATCH_DB_URL"
DEFAULT_SITES_FILE = PACKAGE_ROOT / "crawler" / "sites.yaml"
PREFIX = "PORTALWATCH_"
LOG_FORMATS = ("human", "json")
# Seconds the detectors may take on one article (monitor.analysis_guard); the most
# a timer takes without overflowing is far above a day, the most that makes sense.
ANALYSIS_TIMEOUT_SECONDS, ANALYSIS_TIMEOUT_MAX = 60.0, 86_400.0


@dataclass(frozen=True)
class Settings:
    """Where the data is, which registry, and every PORTALWATCH_* variable as the
    process found it (``env``: what each floor's own settings are read from, e.g.
    monitor.daemon_settings.DaemonSettings.from_env(settings.env))."""

    db_url: str = DEFAULT_DB_URL
    sites_file: Path = DEFAULT_SITES_FILE
    env: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))
    # Read by every command (logging, analysis), so checked here, before any command runs.
    log_format: str | None = None  # human or json; None: by whether stderr is a terminal
    analysis_timeout_seconds: float = ANALYSIS_TIMEOUT_SECONDS

    @classmethod
    def from_environment(cls, environ: Mapping[str, str] | None = None, *, db_url: str | None = None,
                         sites_file: Path | None = None) -> Settings:
        """The flags given (``db_url``, ``sites_file``) over the environment over the defaults."""
        environ = os.environ if environ is None else environ
        env = MappingProxyType({k: v for k, v in environ.items() if k.startswith(PREFIX)})
        return cls(db_url or env.get(DB_URL_ENV) or DEFAULT_DB_URL,
                   Path(sites_file or env.get("PORTALWATCH_SITES") or DEFAULT_SITES_FILE), env,
                   log_format=env_choice(env, "PORTALWATCH_LOG_FORMAT", LOG_FORMATS),
                   analysis_timeout_seconds=env_float(env, "PORTALWATCH_ANALYSIS_TIMEOUT_SECONDS",
                                                      ANALYSIS_TIMEOUT_SECONDS, 0.0, ANALYSIS_TIMEOUT_MAX))

    def text(self, name: str) -> str | None:
        """The variable's value, stripped; None when unset or empty."""
        return self.env.get(name, "").strip() or None


def db_url_from_env() -> str:
    return os.environ.get(DB_URL_ENV) or DEFAULT_DB_URL


def sites_file_from_env() -> Path:
    value = os.environ.get("PORTALWATCH_SITES")
    return Path(value) if value else DEFAULT_SITES_FILE


def env_float(env: Mapping[str, str], name: str, default: float, minimum: float = 0.0,
              maximum: float = math.inf) -> float:
    raw = env.get(name, "").strip()
    if not raw:
        return default
    try:
        value = float(raw)
    except ValueError:
        value = math.nan
    if math.isnan(value):
        raise UsageError(f"the setting {name}={raw!r} is not a number.")
    if value < minimum:
        raise UsageError(f"the setting {name}={raw!r} is below its minimum of {minimum:g}.")
    if value > maximum:
        raise UsageError(f"the setting {name}={raw!r} is above its maximum of {maximum:g}.")
    return value


def env_int(env: Mapping[str, str], name: str, default: int, minimum: int = 0) -> int:
    value = env_float(env, name, float(default), float(minimum))
    if value != int(value):
        raise UsageError(f"the setting {name}={env.get(name)!r} is not a whole number.")
    return int(value)


def env_choice(env: Mapping[str, str], name: str, choices: tuple[str, ...]) -> str | None:
    """One of ``choices`` (any case); None when the variable is unset or empty."""
    raw = env.get(name, "").strip()
    if not raw:
        return None
    if raw.lower() not in choices:
        raise UsageError(f"the setting {name}={raw!r} is not one of {', '.join(choices)}.")
    return raw.lower()


def env_list(env: Mapping[str, str], name: str) -> tuple[str, ...] | None:
    """A comma-separated list; None when the variable is unset or empty."""
    raw = env.get(name, "").strip()
    if not raw:
        return None
    return tuple(part.strip() for part in raw.split(",") if part.strip())
