"""Scrapy settings for portalwatch: polite by default.

Government portals are small servers run by small teams. Everything here errs
on the side of asking less of them: robots.txt is obeyed, AutoThrottle adapts
the pace to the server's latency, one site gets at most two requests at a time,
and transient failures are retried with a growing pause instead of at once.
A site's ``download_delay`` in the registry overrides DOWNLOAD_DELAY for its
crawl (see crawler.run).
"""

from __future__ import annotations

import os

from importlib import metadata
from pathlib import Path


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

PROJECT_URL = os.environ.get("PORTALWATCH_CONTACT_URL", "https://github.com/portalwatch/portalwatch")
# Honest: who we are and where to read about us; no browser disguise.
USER_AGENT = f"portalwatch/{_version()} (+{PROJECT_URL})"
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
LOG_LEVEL = "WARNING"

DOWNLOADER_MIDDLEWARES = {
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
