"""What every portal spider does, whatever the platform.

A crawl starts at the site's home page, finds its category lists, walks each
list newest-first and follows the links to articles it does not know yet; it
stops paging a category at the first list page that holds nothing new (or only
articles older than ``--since``). A recrawl fetches known articles again with
If-None-Match / If-Modified-Since. Platforms differ only in how a page names
its categories, list entries and next page: subclasses answer those three
questions (``category_requests``, ``list_entries``, ``next_list_requests``).

Spiders never write to the store: they yield items (crawler.items) for the
pipelines, and count what happened in the crawler's stats under
``portalwatch/`` (crawler.run turns those into the crawl run's figures).
"""

from __future__ import annotations

import re
from collections.abc import AsyncIterator, Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any, ClassVar
from urllib.parse import urljoin, urlsplit

import scrapy
from scrapy import signals
from scrapy.http import Request, Response, TextResponse
from twisted.python.failure import Failure

from crawler.extract import PageHints, PageReader
from crawler.extract.dates import first_printed_date
from crawler.items import ArticleItem, NotModifiedItem
from crawler.middlewares import error_kind
from crawler.registry import Site, load_registry
from crawler.settings import (db_url_setting, entry_setting, entry_settings, process_environment,
                              sites_setting)
from storage.settings import DEFAULT_DB_URL, DEFAULT_SITES_FILE

if TYPE_CHECKING:
    from storage.store import Store

STATS = "portalwatch"
_DATE = re.compile(r"(\d{1,2})[/-](\d{1,2})[/-](\d{4})")


def stat(name: str) -> str:
    return f"{STATS}/{name}"


@dataclass(frozen=True)
class ListEntry:
    """One article as a list page shows it."""

    url: str
    published: date | None = None
    # What the list said of it, passed to the reader as hints: the link's text and
    # the date as printed beside it (or a feed's or sitemap's title and timestamp).
    title: str | None = None
    printed_date: str | None = None

    @property
    def hints(self) -> dict[str, str]:
        return {k: v for k, v in (("title", self.title), ("date", self.printed_date)) if v}


def site_owns(site: Site, url: str) -> bool:
    """Whether a URL is the site's: on one of its allowed domains, and on the
    site's own port when its url names one (several portals may share a host)."""
    parts = urlsplit(url)
    host = parts.hostname or ""
    domains = site.allowed_domains or (site.host,)
    if parts.scheme not in ("http", "https") or not any(host == d or host.endswith("." + d) for d in domains):
        return False
    site_port = urlsplit(site.url).port
    if host == site.host and site_port is not None:
        return (parts.port or {"http": 80, "https": 443}[parts.scheme]) == site_port
    return True


def first_date(text: str) -> date | None:
    """The first DD/MM/YYYY (or DD-MM-YYYY) in a text, as list pages print them."""
    m = _DATE.search(text or "")
    if not m:
        return None
    try:
        return date(int(m[3]), int(m[2]), int(m[1]))
    except ValueError:
        return None


class PortalSpider(scrapy.Spider):
    name = ""  # abstract: `scrapy list` shows only the platform spiders
    platform: ClassVar[str] = "generic"

    def __init__(self, site: Site | str | None = None, *, store: Store | None = None, writer: Any = None,
                 mode: str = "crawl",
                 since: date | str | None = None, max_articles: int | str | None = None,
                 known_urls: Iterable[str] = (), recrawl_states: Iterable[Any] = (),
                 recrawl_urls: Iterable[str] = (), sites_file: str | None = None, **kwargs: Any) -> None:
        if site is None:
            raise ValueError(f"spider {self.name} needs a site (scrapy crawl {self.name} -a site=NAME)")
        if isinstance(site, str):  # `scrapy crawl liferay -a site=thanhtri`
            site = load_registry(sites_file or DEFAULT_SITES_FILE).get(site)
        super().__init__(name=self.name, **kwargs)
        self.site = site
        self._store = store
        self.db_url: str | None = None  # from the crawler's settings (from_crawler)
        self.writer = writer  # a crawler.pipelines.writer.StoreWriter under crawler.run
        self.allowed_domains = list(site.allowed_domains) or [site.host]
        self.mode = mode
        self.since = date.fromisoformat(since) if isinstance(since, str) else since
        self.max_articles = int(max_articles) if max_articles not in (None, "") else None
        self.known: set[str] = set(known_urls)
        self.recrawl_states = list(recrawl_states)
        self.recrawl_urls = list(recrawl_urls)
        self.reader = PageReader(self.platform, site.selectors)
        self.profile = self.reader.profile
        self.scheduled: set[str] = set()

    @property
    def store(self) -> Any:
        """The store the pipelines write to (crawler.run passes the open one; under a
        plain `scrapy crawl` it is opened from the crawler's settings)."""
        if self._store is None:
            from storage.store import Store

            self._store = Store.open(self.db_url or DEFAULT_DB_URL)
        return self._store

    @classmethod
    def update_settings(cls, settings: Any) -> None:
        super().update_settings(settings)
        if not settings.getbool(entry_setting):
            # A plain `scrapy crawl` (scrapy.cfg): no portalwatch entry point filled them in.
            settings.setdict(entry_settings(process_environment()), priority="project")

    @classmethod
    def from_crawler(cls, crawler, *args: Any, **kwargs: Any) -> PortalSpider:
        if not kwargs.get("sites_file") and crawler.settings.get(sites_setting):
            kwargs["sites_file"] = crawler.settings.get(sites_setting)
        spider = super().from_crawler(crawler, *args, **kwargs)
        spider.db_url = crawler.settings.get(db_url_setting)
        crawler.signals.connect(spider.on_request_dropped, signal=signals.request_dropped)
        return spider

    # --- figures -----------------------------------------------------------------

    def count(self, name: str, n: int = 1) -> None:
        self.crawler.stats.inc_value(stat(name), n)

    def on_error(self, failure: Failure) -> None:
        request = getattr(failure, "request", None)
        kind = error_kind(failure)
        discovery = request is not None and request.meta.get("discovery")
        if discovery and kind in ("http_404", "http_410"):
            # A menu entry that is not a list (a dead "Liên hệ" link): the site's
            # problem, not the crawl's.
            self.count("dead_links")
            return
        if self.mode == "recrawl" and kind in ("http_404", "http_410"):
            self.count("gone")  # the portal took the article down; what we stored stays
            return
        self.count(f"errors/{kind}")
        url = request.url if request is not None else "?"
        self.logger.warning("%s: %s (%s)", self.site.name, url, kind)

    def on_request_dropped(self, request: Request, spider: scrapy.Spider | None = None) -> None:
        if not request.meta.get("redirect_urls"):
            return  # a plain duplicate of a request already made
        host = urlsplit(request.url).hostname or ""
        on_site = any(host == d or host.endswith("." + d) for d in self.allowed_domains)
        kind = "redirect_loop" if on_site else "offsite_redirect"
        self.count(f"errors/{kind}")
        self.logger.warning("%s: %s dropped (%s)", self.site.name, request.meta["redirect_urls"][0], kind)

    # --- requests ----------------------------------------------------------------

    def page_request(self, url: str, callback, **kwargs: Any) -> Request:
        """A request for a home, category or list page."""
        meta = {"discovery": True, **kwargs.pop("meta", {})}
        return Request(url, callback=callback, errback=self.on_error, meta=meta, **kwargs)

    def article_request(self, url: str, **meta: Any) -> Request | None:
        if url in self.scheduled:
            return None
        if self.max_articles is not None and len(self.scheduled) >= self.max_articles:
            return None
        self.scheduled.add(url)
        self.count("articles_requested")
        return Request(url, callback=self.parse_article, errback=self.on_error,
                       meta={"article_url": url, **meta})

    @property
    def budget_spent(self) -> bool:
        return self.max_articles is not None and len(self.scheduled) >= self.max_articles

    async def start(self) -> AsyncIterator[Request]:
        if self.mode == "recrawl":
            for request in self.recrawl_requests():
                yield request
            return
        for request in self.first_page_requests():
            yield request

    def first_page_requests(self) -> Iterator[Request]:
        """Where a crawl begins: the home page and the registry's start_urls."""
        yield self.page_request(self.site.url, self.parse_home)
        for url in self.site.start_urls:
            yield self.page_request(url, self.parse_category)

    def recrawl_requests(self) -> Iterator[Request]:
        for state in self.recrawl_states:
            headers = {}
            if state.etag:
                headers["If-None-Match"] = state.etag
            if state.last_modified:
                headers["If-Modified-Since"] = state.last_modified
            self.scheduled.add(state.url)
            yield Request(state.url, headers=headers, callback=self.parse_article, errback=self.on_error,
                          meta={"article_url": state.url, "handle_httpstatus_list": [304]},
                          dont_filter=True)
        known = {state.url for state in self.recrawl_states}
        for url in self.recrawl_urls:
            if url not in known:
                request = self.article_request(url)
                if request is not None:
                    yield request

    # --- callbacks ---------------------------------------------------------------

    def parse_home(self, response: Response) -> Iterator[Any]:
        self.count("pages")
        if not isinstance(response, TextResponse):
            return
        yield from self.category_requests(response)
        # The home page lists the newest articles: a list page without a next page.
        yield from self.follow_entries(self.list_entries(response))

    def parse_category(self, response: Response) -> Iterator[Any]:
        """A category's first page; on most platforms simply its first list page."""
        return self.parse_list(response)

    def parse_list(self, response: Response) -> Iterator[Any]:
        self.count("pages")
        if not isinstance(response, TextResponse):
            return
        entries = self.list_entries(response)
        fresh = yield from self.follow_entries(entries)
        if fresh and not self.budget_spent:
            yield from self.next_list_requests(response, entries)

    def follow_entries(self, entries: list[ListEntry]) -> Iterator[Request]:
        """Requests for the entries worth fetching; returns whether any was new and recent.

        A list page "holds only known articles" when it returns False: paging stops.
        """
        # Every entry, known or not: health tells an empty list from one with nothing new.
        self.count("articles_listed", len(entries))
        fresh = False
        for entry in entries:
            if entry.url in self.known:
                continue
            if self.since and entry.published and entry.published < self.since:
                continue
            fresh = True
            request = self.article_request(entry.url, list_hints=entry.hints)
            if request is not None:
                yield request
        return fresh

    def parse_article(self, response: Response) -> Iterator[Any]:
        url = response.meta["article_url"]
        etag = _header(response, b"ETag")
        last_modified = _header(response, b"Last-Modified")
        if response.status == 304:
            self.count("not_modified")
            yield NotModifiedItem(url=url, site=self.site.name, etag=etag, last_modified=last_modified)
            return
        self.count("pages")
        if not isinstance(response, TextResponse):
            self.count("errors/not_html")
            return
        extraction = self.reader.read(response.text, page_hints(url, response.meta.get("list_hints")))
        if self.since and extraction.article and extraction.article.published.date() < self.since:
            self.count("older_than_since")
            return
        yield ArticleItem(url=url, site=self.site.name, extraction=extraction,
                          portal_id=self.portal_id(url), district=self.site.district, etag=etag, last_modified=last_modified,
                          kind=self.mode)

    # --- what platforms define ---------------------------------------------------

    def category_requests(self, response: TextResponse) -> Iterator[Request]:
        """Requests for the category list pages the home page links to."""
        home = self.canonical_url(response.url)
        seen: set[str] = set()
        for href in self.css_links(response, self.profile.get("home", {}).get("categories")):
            url = self.canonical_url(response.urljoin(href))
            if url == home or url in seen or not self.on_site(url) or self.excluded(url):
                continue
            seen.add(url)
            yield self.page_request(url, self.parse_category)

    def excluded(self, url: str) -> bool:
        """Whether a menu link is listed under home.exclude (not a list page)."""
        patterns = (self.profile.get("home") or {}).get("exclude") or ()
        return any(re.search(p, url) for p in patterns)

    def list_entries(self, response: TextResponse) -> list[ListEntry]:
        lst = self.profile.get("list", {})
        entries: list[ListEntry] = []
        for item in _css_first(response, lst.get("item")):
            href = next(iter(_css_first(item, lst.get("link"))), None)
            href = href.attrib.get("href") if href is not None else None
            if not href:
                continue
            url = self.canonical_url(response.urljoin(href))
            if not self.on_site(url):
                continue
            date_text = " ".join(_css_first(item, lst.get("date")).xpath("string()").getall())
            entries.append(ListEntry(url, self.list_date(date_text)))
        return entries

    def list_date(self, text: str) -> date | None:
        return first_date(text)

    def next_list_requests(self, response: TextResponse, entries: list[ListEntry]) -> Iterator[Request]:
        for href in self.css_links(response, self.profile.get("list", {}).get("next")):
            url = response.urljoin(href)
            if self.on_site(url):
                yield self.page_request(url, self.parse_list)
                return

    def portal_id(self, url: str) -> str | None:
        """The portal's own id of an article, when its URLs carry one."""
        return None

    # --- helpers -----------------------------------------------------------------

    def on_site(self, url: str) -> bool:
        return site_owns(self.site, url)

    @staticmethod
    def canonical_url(url: str) -> str:
        """The URL an article is known by: no fragment."""
        return url.split("#", 1)[0]

    @staticmethod
    def css_links(response: TextResponse, css: str | list[str] | None) -> list[str]:
        return [a.attrib["href"] for a in _css_first(response, css) if a.attrib.get("href")]


def _css_first(node: Any, css: str | list[str] | None) -> scrapy.selector.SelectorList:
    """The matches of the first selector (of one or several) that matches anything."""
    if not css:
        return scrapy.selector.SelectorList([])
    for choice in [css] if isinstance(css, str) else css:
        found = node.css(choice)
        if found:
            return found
    return scrapy.selector.SelectorList([])


def page_hints(url: str, listed: dict[str, str] | None) -> PageHints:
    """The reader's hints from what the list said (kept as plain strings in the request's meta)."""
    listed = listed or {}
    printed = first_printed_date(listed.get("date") or "")
    published = (printed.when if printed.has_time else printed.when.date()) if printed else None
    return PageHints(title=listed.get("title"), published=published, url=url)


def _header(response: Response, name: bytes) -> str | None:
    value = response.headers.get(name)
    return value.decode("latin-1") if value else None
