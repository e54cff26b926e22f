"""Scrapy settings for portalwatch: polite by default.

Government portals are small servers run by small teams. Everything here errs
on the side of asking less of them: robots.txt is obeyed, AutoThrottle adapts
the pace to the server's latency, one site gets at most two requests at a time,
and transient failures are retried with a growing pause instead of at once.
A site's ``download_delay`` in the registry overrides DOWNLOAD_DELAY for its
crawl (see crawler.run).
"""

from __future__ import annotations

import json
import os
from collections.abc import Mapping
from importlib import metadata
from pathlib import Path
from typing import Any


def _version() -> str:
    try:
        return metadata.version("portalwatch")
    except metadata.PackageNotFoundError:  # running from a checkout
        import tomllib

        pyproject = Path(__file__).resolve().parent.parent / "pyproject.toml"
        return tomllib.loads(pyproject.read_text(encoding="utf-8"))["project"]["version"]

BOT_NAME = "portalwatch"
SPIDER_MODULES = ["crawler.spiders"]
NEWSPIDER_MODULE = "crawler.spiders"

PROJECT_URL = "https://github.com/portalwatch/portalwatch"


def user_agent(contact_url: str | None = None) -> str:
    """Honest: who we are and where to read about us; no browser disguise."""
    return f"portalwatch/{_version()} (+{contact_url or PROJECT_URL})"


USER_AGENT = user_agent()
DEFAULT_REQUEST_HEADERS = {
    "Accept": "text/html,application/xhtml+xml;q=0.9,*/*;q=0.8",
    "Accept-Language": "vi,en;q=0.5",
}

ROBOTSTXT_OBEY = True
# Scrapy reads Allow/Disallow only; crawler.middlewares.CrawlDelayMiddleware adds Crawl-delay.
ROBOTSTXT_CRAWL_DELAY = True
ROBOTSTXT_CRAWL_DELAY_MAX = 30.0

CONCURRENT_REQUESTS = 16
CONCURRENT_REQUESTS_PER_DOMAIN = 2
# Scrapy starts this many asyncio tasks for the output of every response, however few
# things it yields (2.13+: one article page yields one item, a list page a few dozen
# requests). The default, 100, spent ~15% of a zero-latency crawl's CPU creating and
# scheduling idle tasks (docs/profile.md); 8 keeps pages' items in flight in parallel.
CONCURRENT_ITEMS = 8
DOWNLOAD_DELAY = 1.0
AUTOTHROTTLE_ENABLED = True
AUTOTHROTTLE_START_DELAY = 1.0
AUTOTHROTTLE_MAX_DELAY = 30.0
AUTOTHROTTLE_TARGET_CONCURRENCY = 1.0

DOWNLOAD_TIMEOUT = 30
# A news page is tens of kilobytes; megabytes mean a broken or hostile page.
DOWNLOAD_MAXSIZE = 8 * 1024 * 1024
DOWNLOAD_WARNSIZE = 2 * 1024 * 1024

RETRY_ENABLED = True
# Scrapy's list without CannotResolveHostError: a name that does not resolve will
# not resolve a second later either (a typo, or no network), and retrying it made a
# first run without network take half a minute per site.
RETRY_EXCEPTIONS = [
    "scrapy.exceptions.DownloadConnectionRefusedError",
    "scrapy.exceptions.DownloadFailedError",
    "scrapy.exceptions.DownloadTimeoutError",
    "scrapy.exceptions.ResponseDataLossError",
    "twisted.internet.error.ConnectionDone",
    "twisted.internet.error.ConnectError",
    "twisted.internet.error.ConnectionLost",
    "twisted.internet.error.TimeoutError",
    "twisted.internet.error.TCPTimedOutError",
    "twisted.web._newclient.ResponseFailed",
    "twisted.web._newclient.ResponseNeverReceived",
    "scrapy.core.downloader.handlers.http11.TunnelError",
]
RETRY_TIMES = 3
RETRY_HTTP_CODES = [500, 502, 503, 504, 522, 524, 408, 429]
# Seconds before the first retry; doubled for each further one (crawler.middlewares).
RETRY_BACKOFF_BASE = 1.0
RETRY_BACKOFF_MAX = 60.0

REDIRECT_MAX_TIMES = 5
COOKIES_ENABLED = False
TELNETCONSOLE_ENABLED = False
# The extensions a crawl uses, in place of Scrapy's list: Scrapy imports every entry of
# EXTENSIONS_BASE, even one that EXTENSIONS sets to None or that is not configured (the
# remote control imports aiohttp's web server, the telnet console twisted.conch), ~0.15
# CPU-s of every crawl process's start. Left out: telnet, remote control, memory
# debugger, feed export (no FEEDS), spider state (no JOBDIR).
EXTENSIONS_BASE = {
    "scrapy.extensions.corestats.CoreStats": 0,
    "scrapy.extensions.logcount.LogCount": 0,
    "scrapy.extensions.memusage.MemoryUsage": 0,
    "scrapy.extensions.closespider.CloseSpider": 0,
    "scrapy.extensions.logstats.LogStats": 0,
    "scrapy.extensions.throttle.AutoThrottle": 0,
}
LOG_LEVEL = "WARNING"

DOWNLOADER_MIDDLEWARES = {
    "crawler.middlewares.OffsiteRequestMiddleware": 50,
    "crawler.middlewares.CrawlDelayMiddleware": 120,
    "crawler.middlewares.RetryBackoffMiddleware": 540,
    "crawler.middlewares.LegacyCharsetMiddleware": 585,
    "crawler.middlewares.OffsiteRedirectMiddleware": 610,
}
SPIDER_MIDDLEWARES: dict[str, int] = {}
ITEM_PIPELINES = {
    "crawler.pipelines.ValidatePipeline": 100,
    "crawler.pipelines.NormalisePipeline": 200,
    "crawler.pipelines.StorePipeline": 300,
}

FEED_EXPORT_ENCODING = "utf-8"
# Scrapy's check for a generator callback that returns a value parses the
# callback's source on every response whose bound method fell out of its cache:
# about a millisecond per article page, as much as reading the article. The
# spiders' callbacks return nothing (tests/crawler cover them).
WARN_ON_GENERATOR_RETURN_VALUE = False


# portalwatch's own Scrapy settings, put there by the entry point (crawler.run.crawl_settings)
# and read by the spiders in from_crawler: the store's URL and the registry file.
# (Lower-case names: Settings.setmodule takes only upper-case ones as settings.)
db_url_setting = "PORTALWATCH_DB_URL"
sites_setting = "PORTALWATCH_SITES"
# True once the entry point filled the settings in; a plain `scrapy crawl` has not.
entry_setting = "PORTALWATCH_ENTRY"
scrapy_settings_variable = "PORTALWATCH_SCRAPY_SETTINGS"  # a JSON object of Scrapy settings


def entry_settings(env: Mapping[str, str]) -> dict[str, Any]:
    """The Scrapy settings a crawl takes from the process's PORTALWATCH_* settings
    (storage.settings.Settings.env): store URL, registry, contact URL (in USER_AGENT)
    and the user's own Scrapy settings, which come last and so win."""
    out: dict[str, Any] = {entry_setting: True}
    for setting in (db_url_setting, sites_setting):
        if env.get(setting, "").strip():
            out[setting] = env[setting].strip()
    contact = env.get("PORTALWATCH_CONTACT_URL", "").strip()
    if contact:
        out["USER_AGENT"] = user_agent(contact)
    raw = env.get(scrapy_settings_variable)
    if raw:
        out.update(json.loads(raw))
    return out


def process_environment() -> Mapping[str, str]:
    """The one read of os.environ in crawler/. Why it is kept: a plain `scrapy crawl`
    (scrapy.cfg) and the callers with no portalwatch entry point (a distributed worker's
    own settings, `python -m crawler.extract`, bench/) have no Settings to pass, and
    must find the store, registry and contact URL where `portalwatch` would."""
    return {k: v for k, v in os.environ.items() if k.startswith("PORTALWATCH_")}
