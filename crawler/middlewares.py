"""Downloader middlewares: backoff between retries, and legacy page encodings."""

from __future__ import annotations

import re
from urllib.parse import urljoin, urlsplit
from typing import TYPE_CHECKING, Any

from scrapy.exceptions import IgnoreRequest
from scrapy.http import HtmlResponse, Request, Response, TextResponse
from scrapy.utils.defer import maybe_deferred_to_future
from twisted.internet.task import deferLater

if TYPE_CHECKING:
    from scrapy.crawler import Crawler


class RetryBackoffMiddleware:
    """Waits before a retried request goes out: base, 2×base, 4×base … seconds.

    Scrapy's RetryMiddleware resends at once; a portal that answered 503 or
    dropped the connection is better left alone for a moment. It sits just
    before RetryMiddleware, so only retries (``retry_times`` in meta) wait, and
    the wait happens before the request takes a download slot.
    """

    def __init__(self, base: float, cap: float) -> None:
        self.base = base
        self.cap = cap

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> RetryBackoffMiddleware:
        return cls(crawler.settings.getfloat("RETRY_BACKOFF_BASE", 1.0),
                   crawler.settings.getfloat("RETRY_BACKOFF_MAX", 60.0))

    async def process_request(self, request: Request) -> None:
        attempt = request.meta.get("retry_times", 0)
        if attempt and self.base > 0:
            from twisted.internet import reactor  # the one Scrapy installed, not a default

            delay = min(self.cap, self.base * 2 ** (attempt - 1))
            await maybe_deferred_to_future(deferLater(reactor, delay, lambda: None))
        return None


class CrawlDelayMiddleware:
    """Honours a robots.txt ``Crawl-delay``: requests to a host go out at least that far apart.

    Scrapy reads robots.txt for Allow/Disallow only. Portals that ask for a
    pause get it, on top of DOWNLOAD_DELAY and AutoThrottle, capped at
    ROBOTSTXT_CRAWL_DELAY_MAX seconds; ROBOTSTXT_CRAWL_DELAY = False turns it off.
    It sits after RobotsTxtMiddleware, which has read the host's robots.txt by then.
    """

    def __init__(self, crawler: Crawler) -> None:
        from scrapy.exceptions import NotConfigured

        settings = crawler.settings
        if not (settings.getbool("ROBOTSTXT_OBEY") and settings.getbool("ROBOTSTXT_CRAWL_DELAY", True)):
            raise NotConfigured
        self.cap = settings.getfloat("ROBOTSTXT_CRAWL_DELAY_MAX", 30.0)
        self.user_agent = settings.get("ROBOTSTXT_USER_AGENT") or settings.get("USER_AGENT")
        self.delays: dict[str, float] = {}
        self.next_at: dict[str, float] = {}

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> CrawlDelayMiddleware:
        from scrapy import signals

        middleware = cls(crawler)
        crawler.signals.connect(middleware.robots_parsed, signal=signals.robots_parsed)
        return middleware

    def robots_parsed(self, robotparser: Any, request: Request, **_: Any) -> None:
        delay = robotparser.crawl_delay(self.user_agent)
        if delay:
            self.delays[urlsplit(request.url).netloc] = min(float(delay), self.cap)

    async def process_request(self, request: Request) -> None:
        netloc = urlsplit(request.url).netloc
        delay = self.delays.get(netloc)
        if not delay or request.meta.get("dont_obey_robotstxt"):
            return None
        import time

        now = time.monotonic()
        at = max(now, self.next_at.get(netloc, 0.0))
        self.next_at[netloc] = at + delay  # the slot after this one, whoever takes it
        if at > now:
            from twisted.internet import reactor

            await maybe_deferred_to_future(deferLater(reactor, at - now, lambda: None))
        return None


class _CrawlerBound:
    """A middleware that needs its crawler (and so the spider's ``on_site``)."""

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Any:
        return cls(crawler)


class OffsiteRequestMiddleware(_CrawlerBound):
    """Refuses every request that leaves the site, whatever made it (a link, a
    load-more endpoint, a form), before robots.txt is asked: one off-site rule,
    the spider's ``on_site`` (host and port), for every request.

    Scrapy's own off-site check compares host names only, so a "load more" API
    on another port of the same host was called, robots.txt and all. It sits
    before RobotsTxtMiddleware (100). The refusal reaches the request's errback,
    which counts it (errors: offsite_request).
    """

    def process_request(self, request: Request) -> None:
        on_site = getattr(self.crawler.spider, "on_site", None)
        if on_site is not None and not on_site(request.url):
            parts = urlsplit(request.url)
            raise IgnoreRequest(f"offsite request to {parts.hostname}:{parts.port or parts.scheme} refused")
        return None


class OffsiteRedirectMiddleware(_CrawlerBound):
    """Drops a redirect that leaves the site, and says so.

    Scrapy's OffsiteMiddleware would drop the redirected request silently;
    a portal sending articles to another host is worth a line in the figures
    (errors: offsite_redirect). Sits after RedirectMiddleware (higher order), so
    it sees the 3xx response first.
    """

    REDIRECTS = frozenset({301, 302, 303, 307, 308})

    def process_response(self, request: Request, response: Response) -> Response:
        location = response.headers.get(b"Location")
        if response.status not in self.REDIRECTS or not location:
            return response
        target = urljoin(request.url, location.decode("latin-1"))
        on_site = getattr(self.crawler.spider, "on_site", None)
        if on_site is not None and not on_site(target):
            raise IgnoreRequest(f"offsite redirect to {urlsplit(target).hostname or target}")
        return response


_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([-\w]+)""", re.IGNORECASE)
_UTF8_NAMES = frozenset({"utf-8", "utf8"})


def declared_header_charset(response: Response) -> str | None:
    content_type = (response.headers.get(b"Content-Type") or b"").decode("latin-1")
    match = re.search(r"charset\s*=\s*[\"']?([-\w]+)", content_type, re.IGNORECASE)
    return match.group(1).lower() if match else None


def mostly_utf8(body: bytes) -> bool:
    """Whether a body that is not valid UTF-8 is still UTF-8 with a few stray bytes.

    A UTF-8 page with one bad byte has many well-formed multi-byte characters and
    one replacement; a Windows-1258 page read as UTF-8 has nearly every accented
    letter replaced and almost no multi-byte character.
    """
    text = body.decode("utf-8", "replace")
    replaced = text.count("\ufffd")
    multibyte = sum(1 for ch in text if ord(ch) > 0x7F) - replaced
    return multibyte >= 10 * replaced


class LegacyCharsetMiddleware:
    """Reads pages sent without a charset header and not in UTF-8 as Windows-1258.

    Older Vietnamese portals (and their copy-pasted templates) serve
    Windows-1258 with no charset header, sometimes under a ``<meta charset=utf-8>``
    that the editor copied from elsewhere. Browsers cope through the user's
    settings; Scrapy would guess cp1252 and turn every tone mark into mojibake.
    Runs after HttpCompressionMiddleware (590) has unpacked the body.
    A charset in the HTTP header is trusted; a body that decodes as UTF-8 is
    UTF-8; so is a body declaring UTF-8 that is UTF-8 but for a few stray bytes
    (they become U+FFFD: one bad byte must not turn the page into mojibake);
    anything else that does not name a legacy charset itself is cp1258.
    Windows-1258 writes tones as combining marks: the text reader's
    ``clean_line`` brings them to NFC.
    """

    def process_response(self, request: Request, response: Response) -> Response:
        response = self._decoded(request, response)
        if "article_url" in request.meta and isinstance(response, TextResponse):
            _refuse_mojibake(response)
        return response

    def _decoded(self, request: Request, response: Response) -> Response:
        if not isinstance(response, TextResponse) or declared_header_charset(response):
            return response
        body = response.body
        if body.startswith((b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")):
            return response
        try:
            body.decode("utf-8")
            return response
        except UnicodeDecodeError:
            pass
        meta = _META_CHARSET.search(body[:4096])
        declared = meta.group(1).decode("ascii", "replace").lower() if meta else None
        if declared and declared not in _UTF8_NAMES:
            return response  # the page names its own legacy charset: w3lib honours it
        cls = HtmlResponse if isinstance(response, HtmlResponse) else TextResponse
        if declared in _UTF8_NAMES and mostly_utf8(body):
            request.meta["stray_bytes"] = True
            return response.replace(cls=cls, encoding="utf-8")  # w3lib replaces the bad bytes
        request.meta["legacy_charset"] = "cp1258"
        return response.replace(cls=cls, encoding="cp1258")


def _refuse_mojibake(response: TextResponse) -> None:
    """An article page whose text, decoded, is mojibake ("Há»™i" for "Hội": UTF-8
    once read as Windows-125x and saved so) is refused, never stored as clean text;
    the errback counts it (errors: bad_encoding)."""
    from storage.text_checks import MOJIBAKE_MIN, mojibake_count

    if mojibake_count(response.text) >= MOJIBAKE_MIN:
        raise IgnoreRequest(f"bad encoding: {response.url} is mojibake")


def error_kind(failure: Any) -> str:
    """A short name for why a request failed, for the crawl run's figures."""
    from scrapy.exceptions import (DownloadCancelledError, DownloadConnectionRefusedError,
                                   DownloadTimeoutError, IgnoreRequest, ResponseDataLossError)
    from scrapy.spidermiddlewares.httperror import HttpError
    from twisted.internet import error as tx
    from twisted.web._newclient import ResponseFailed, ResponseNeverReceived

    exc = failure.value if hasattr(failure, "value") else failure
    # Scrapy wraps the download handler's Twisted errors; the cause says more.
    while exc.__cause__ is not None and type(exc).__name__ == "DownloadFailedError":
        exc = exc.__cause__
    if isinstance(exc, HttpError):
        return f"http_{exc.response.status}"
    if isinstance(exc, IgnoreRequest):
        message = str(exc).lower()
        if "robots.txt" in message:
            return "robots_forbidden"
        if message.startswith("bad encoding"):
            return "bad_encoding"
        if "offsite request" in message:
            return "offsite_request"
        if "offsite" in message:
            return "offsite_redirect"
        if "redirect" in message:
            return "redirect_loop"
        return "ignored"
    if isinstance(exc, DownloadCancelledError):
        return "too_large"
    if isinstance(exc, (DownloadTimeoutError, tx.TimeoutError, tx.TCPTimedOutError)):
        return "timeout"
    if isinstance(exc, (DownloadConnectionRefusedError, tx.ConnectionRefusedError)):
        return "connection_refused"
    if isinstance(exc, tx.DNSLookupError) or "resolve" in type(exc).__name__.lower():
        return "dns"
    if isinstance(exc, (tx.ConnectionLost, tx.ConnectionDone, ResponseDataLossError, ResponseFailed,
                        ResponseNeverReceived, ConnectionError)):
        return "connection_reset"
    return type(exc).__name__.lower()
