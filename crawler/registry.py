"""The site registry: which portals to watch, on which platform, how often.

A YAML file with a top-level ``sites:`` list (SPEC "Site registry"). Three
keys (name, url, district) are enough; everything else has a default.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import yaml

from storage.errors import UsageError

PLATFORMS = ("generic", "liferay", "caugiay", "hanoi_gov")
DEFAULT_INTERVAL_SECONDS = 6 * 3600
_NAME = re.compile(r"^[a-z0-9][a-z0-9_-]*$")
_KNOWN_KEYS = {"name", "url", "district", "platform", "schedule", "allowed_domains",
               "selectors", "download_delay", "alert_backfill", "start_urls", "enabled"}


@dataclass(frozen=True)
class Schedule:
    interval_seconds: int | None = DEFAULT_INTERVAL_SECONDS
    cron: str | None = None
    jitter_seconds: int = 60


@dataclass(frozen=True)
class Site:
    name: str
    url: str
    district: str
    platform: str = "generic"
    schedule: Schedule = field(default_factory=Schedule)
    allowed_domains: tuple[str, ...] = ()
    selectors: dict[str, Any] = field(default_factory=dict)
    download_delay: float | None = None
    # Articles found by a site's first crawl alert only when this is set.
    alert_backfill: bool = False
    # Extra list pages to start from (category pages); the url is always one.
    start_urls: tuple[str, ...] = ()
    # false: kept in the file (with why in a comment) but never crawled or scheduled.
    enabled: bool = True

    @property
    def host(self) -> str:
        return urlsplit(self.url).hostname or ""


@dataclass(frozen=True)
class Registry:
    sites: tuple[Site, ...]  # the enabled ones: what is crawled and scheduled
    path: Path | None = None
    disabled: tuple[Site, ...] = ()

    def get(self, name: str) -> Site:
        for site in self.sites:
            if site.name == name:
                return site
        if any(site.name == name for site in self.disabled):
            raise UsageError(f"the site {name!r} is disabled in the registry {self.path or ''} (enabled: false).")
        raise UsageError(f"there is no site named {name!r} in the registry {self.path or ''}".rstrip() + ".")

    def names(self) -> list[str]:
        return [site.name for site in self.sites]


def _fail(path: Path | None, where: str, problem: str) -> UsageError:
    return UsageError(f"the site registry {path or '(inline)'} is invalid: {where} {problem}.")


def _schedule(raw: Any, path: Path | None, where: str) -> Schedule:
    if raw is None:
        return Schedule()
    if not isinstance(raw, dict):
        raise _fail(path, where, "has a schedule that is not a mapping")
    interval, cron = raw.get("interval_seconds"), raw.get("cron")
    if interval is not None and cron is not None:
        raise _fail(path, where, "sets both interval_seconds and cron")
    if interval is not None and (not isinstance(interval, int) or interval <= 0):
        raise _fail(path, where, "has an interval_seconds that is not a positive whole number")
    if cron is not None and (not isinstance(cron, str) or len(cron.split()) != 5):
        raise _fail(path, where, "has a cron that is not five fields ('m h dom mon dow')")
    jitter = raw.get("jitter_seconds", 60)
    if not isinstance(jitter, int) or jitter < 0:
        raise _fail(path, where, "has a jitter_seconds that is not a whole number >= 0")
    return Schedule(interval_seconds=interval if cron is None else None, cron=cron,
                    jitter_seconds=jitter)


def parse_site(raw: Any, path: Path | None = None, index: int = 0) -> Site:
    where = f"site #{index + 1}"
    if not isinstance(raw, dict):
        raise _fail(path, where, "is not a mapping")
    if isinstance(raw.get("name"), str):
        where = f"site {raw['name']!r}"
    for key in ("name", "url", "district"):
        if not isinstance(raw.get(key), str) or not raw[key].strip():
            raise _fail(path, where, f"has no {key}")
    unknown = set(raw) - _KNOWN_KEYS
    if unknown:
        raise _fail(path, where, f"has unknown keys {', '.join(sorted(unknown))}")
    if not _NAME.match(raw["name"]):
        raise _fail(path, where, "has a name that is not lower-case letters, digits, '-' or '_'")
    parts = urlsplit(raw["url"])
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise _fail(path, where, "has a url that is not http(s)://host/…")
    platform = raw.get("platform") or "generic"
    if platform not in PLATFORMS:
        raise _fail(path, where, f"has platform {platform!r}, not one of {', '.join(PLATFORMS)}")
    delay = raw.get("download_delay")
    if delay is not None and (not isinstance(delay, (int, float)) or delay < 0):
        raise _fail(path, where, "has a download_delay that is not a number of seconds >= 0")
    domains = raw.get("allowed_domains") or [parts.hostname]
    if not isinstance(domains, list) or not all(isinstance(d, str) for d in domains):
        raise _fail(path, where, "has allowed_domains that are not a list of host names")
    selectors = raw.get("selectors") or {}
    if not isinstance(selectors, dict):
        raise _fail(path, where, "has selectors that are not a mapping")
    start_urls = raw.get("start_urls") or []
    if not isinstance(start_urls, list):
        raise _fail(path, where, "has start_urls that are not a list")
    enabled = raw.get("enabled", True)
    if not isinstance(enabled, bool):
        raise _fail(path, where, "has an enabled that is neither true nor false")
    return Site(name=raw["name"], url=raw["url"], district=raw["district"].strip(),
                platform=platform, schedule=_schedule(raw.get("schedule"), path, where),
                allowed_domains=tuple(domains), selectors=selectors,
                download_delay=float(delay) if delay is not None else None,
                alert_backfill=bool(raw.get("alert_backfill", False)),
                start_urls=tuple(start_urls), enabled=enabled)


def parse_registry(text: str, path: Path | None = None) -> Registry:
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        at = f" at line {mark.line + 1}" if mark else ""
        raise UsageError(f"the site registry {path} is not valid YAML{at}.") from exc
    if not isinstance(data, dict) or not isinstance(data.get("sites"), list):
        raise UsageError(f"the site registry {path} has no top-level 'sites:' list.")
    sites = tuple(parse_site(raw, path, i) for i, raw in enumerate(data["sites"]))
    seen: set[str] = set()
    for site in sites:
        if site.name in seen:
            raise _fail(path, f"site {site.name!r}", "appears twice")
        seen.add(site.name)
    return Registry(sites=tuple(s for s in sites if s.enabled), path=path,
                    disabled=tuple(s for s in sites if not s.enabled))


def load_registry(path: str | Path) -> Registry:
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise UsageError(f"the site registry {path} does not exist.") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise UsageError(f"the site registry {path} cannot be read ({exc.__class__.__name__}).") from exc
    return parse_registry(text, path)
