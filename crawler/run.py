"""Running crawls in this process: all the given sites at once, then figures.

Twisted's reactor cannot be restarted, so ``run_sites`` can run once per
process; the CLI calls it once, and tests and benchmarks run the CLI (or a
script calling this) in a subprocess.

Each site gets its own Scrapy crawler (its own downloader, so its own
politeness slot, download delay and stats) and its own crawl run in the store:
``start_crawl_run`` before, ``finish_crawl_run`` with the figures after.
"""

from __future__ import annotations

import logging
import sys
import time
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any

from scrapy import signals
from scrapy.crawler import Crawler, CrawlerProcess
from scrapy.settings import Settings
from scrapy.utils import log as scrapy_log

from crawler.pipelines.writer import DIED as WRITER_DIED, StoreWriter
from crawler.registry import Site
from crawler.settings import entry_settings, process_environment, scrapy_settings_variable
from crawler.spiders import spider_for
from crawler.spiders.base import site_owns

if TYPE_CHECKING:
    from storage.store import Store

logger = logging.getLogger("portalwatch.crawl")

SETTINGS_ENV = scrapy_settings_variable  # JSON object of Scrapy settings to override
ARTICLE_OUTCOMES = ("new", "changed", "unchanged", "duplicate")
# A crawl that went for at least this many articles and stored under this share of
# them has lost the site (its pages no longer read), whatever else went well.
_LOST_MIN_REQUESTED = 5
_LOST_STORED_SHARE = 0.5
_PROGRESS_EVERY_SECONDS = 10.0
# Saves a crawl may make at most for them to be made in the crawl process (_writer_pays).
_INLINE_SAVES = 20
_COOKIES_MIDDLEWARE = "scrapy.downloadermiddlewares.cookies.CookiesMiddleware"


def crawl_settings(overrides: dict[str, Any] | None = None, env: Mapping[str, str] | None = None) -> Settings:
    """Scrapy's settings for a crawl: the project's, then what the process's settings
    (``env``, storage.settings.Settings.env; the environment when not given) say, then
    ``overrides``. Spiders and pipelines read theirs from it in from_crawler."""
    settings = Settings()
    settings.setmodule("crawler.settings", priority="project")
    settings.set("LOG_INSTALL_ROOT_HANDLER", False, priority="project")  # portalwatch.logs has one
    settings.setdict(entry_settings(process_environment() if env is None else env), priority="cmdline")
    if overrides:
        settings.setdict(overrides, priority="cmdline")
    if not settings.getbool("COOKIES_ENABLED"):
        # Scrapy imports every downloader middleware of its list (even one set to None) before
        # asking it whether it is configured; the cookies one imports tldextract and requests
        # (~0.05 CPU-s of every start) only to say it is not. Scrapy's own list without it (so
        # it still follows Scrapy's list when Scrapy changes it).
        base = dict(settings.getdict("DOWNLOADER_MIDDLEWARES_BASE"))
        base.pop(_COOKIES_MIDDLEWARE, None)
        settings.set("DOWNLOADER_MIDDLEWARES_BASE", base, priority="cmdline")
    return settings


def _quiet_scrapy(level: str) -> None:
    """Keeps Scrapy's own loggers at LOG_LEVEL under portalwatch's log handler.

    Scrapy's configure_logging() applies DEFAULT_LOGGING (the "scrapy" logger at
    DEBUG) whatever LOG_LEVEL says when it does not install its own root handler.
    """
    scrapy_log.DEFAULT_LOGGING.setdefault("loggers", {}).setdefault("scrapy", {})["level"] = level
    for name in ("scrapy", "twisted", "protego"):
        logging.getLogger(name).setLevel(level)
    # A robots.txt that cannot be fetched for a network reason is said again by the
    # spider for the home page, which fails the same way: one line per unreachable site.
    # (In DEFAULT_LOGGING too: Scrapy's dictConfig resets the levels of loggers under "scrapy".)
    scrapy_log.DEFAULT_LOGGING["loggers"]["scrapy.downloadermiddlewares.robotstxt"] = {"level": "CRITICAL"}
    logging.getLogger("scrapy.downloadermiddlewares.robotstxt").setLevel(logging.CRITICAL)
    if not logging.getLogger("portalwatch").isEnabledFor(logging.DEBUG):
        for handler in logging.getLogger().handlers:
            handler.addFilter(_one_sentence)


def _one_sentence(record: logging.LogRecord) -> bool:
    """Scrapy logs a traceback with every failed download; the message says enough (-v keeps them)."""
    if record.name.startswith(("scrapy", "twisted")):
        record.exc_info = None
        record.exc_text = None
    return True


def site_settings(crawler: Crawler, site: Site) -> None:
    """The site's own pace: its download_delay is also where AutoThrottle starts."""
    if site.download_delay is not None:
        crawler.settings.set("DOWNLOAD_DELAY", site.download_delay, priority="spider")
        crawler.settings.set("AUTOTHROTTLE_START_DELAY", site.download_delay, priority="spider")


def figures_of(stats: dict[str, Any]) -> dict[str, Any]:
    """The crawl run's figures from a crawler's stats (the spider and pipelines count
    under ``portalwatch/``; Scrapy counts requests)."""
    ours = {k[len("portalwatch/"):]: v for k, v in stats.items() if k.startswith("portalwatch/")}
    figures: dict[str, Any] = {
        "requests": stats.get("downloader/request_count", 0),
        "pages": ours.get("pages", 0),
        "articles_listed": ours.get("articles_listed", 0),
        "articles_requested": ours.get("articles_requested", 0),
        "older_than_since": ours.get("older_than_since", 0),
        **{f"articles_{o}": ours.get(f"articles_{o}", 0) for o in ARTICLE_OUTCOMES},
        "not_modified": ours.get("not_modified", 0),
        "errors": {k[len("errors/"):]: v for k, v in sorted(ours.items()) if k.startswith("errors/")},
        "missing": {name: ours.get(f"missing/{name}", 0) for name in ("title", "date", "body")},
        "dead_links": ours.get("dead_links", 0),
        "gone": ours.get("gone", 0),
        "robots_txt": stats.get("robotstxt/request_count", 0),
    }
    start, finish = stats.get("start_time"), stats.get("finish_time")
    if start and finish:
        figures["seconds"] = round((finish - start).total_seconds(), 3)
    return figures


def lost_articles(figures: dict[str, Any]) -> str | None:
    """Why a crawl that stored far fewer articles than it went for failed, or None."""
    wanted = figures.get("articles_requested", 0) - figures.get("older_than_since", 0)
    stored = sum(figures.get(f"articles_{o}", 0) for o in ARTICLE_OUTCOMES)
    if wanted >= _LOST_MIN_REQUESTED and stored < wanted * _LOST_STORED_SHARE:
        return f"stored {stored} of the {wanted} articles the site listed"
    return None


def status_of(figures: dict[str, Any]) -> str:
    """failed: nothing came back at all, or most listed articles were lost; partial:
    some pages or articles were lost."""
    if figures["requests"] and figures["pages"] == 0 and figures["not_modified"] == 0:
        return "failed"
    if lost_articles(figures):
        return "failed"
    if figures["errors"] or any(figures["missing"].values()):
        return "partial"
    return "ok"


@dataclass
class SiteResult:
    site: str
    run_id: int | None
    status: str
    figures: dict[str, Any]
    error: str | None = None

    def as_dict(self) -> dict[str, Any]:
        return {"site": self.site, "run_id": self.run_id, "status": self.status,
                "figures": self.figures, "error": self.error}


@dataclass
class Progress:
    """A tqdm bar on a terminal; otherwise a log line per site every few seconds.

    Both count what the summary counts (requests and pages of the run's figures,
    read from each crawler's stats), so a recrawl answered with 304s does not show
    25 pages on the bar and 1 in its summary."""

    tty: bool = field(default_factory=lambda: sys.stderr.isatty())
    bar: Any = None
    crawlers: dict[str, Crawler] = field(default_factory=dict)
    last_log: float = field(default_factory=time.monotonic)

    def __post_init__(self) -> None:
        if self.tty:
            from tqdm import tqdm

            self.bar = tqdm(total=None, unit=" requests", desc="crawl", file=sys.stderr, dynamic_ncols=True)

    def watch(self, crawler: Crawler, site: str) -> None:
        self.crawlers[site] = crawler
        crawler.signals.connect(lambda **_: self._tick(), signal=signals.response_received, weak=False)

    def _figures(self) -> dict[str, dict[str, Any]]:
        return {site: figures_of(c.stats.get_stats() if c.stats else {}) for site, c in self.crawlers.items()}

    def _tick(self) -> None:
        if self.bar is not None:
            figures = self._figures().values()
            self.bar.n = sum(f["requests"] for f in figures)
            self.bar.set_postfix(pages=sum(f["pages"] for f in figures),
                                 articles=sum(f["articles_new"] + f["articles_changed"] for f in figures),
                                 refresh=False)
            self.bar.refresh()
            return
        now = time.monotonic()
        if now - self.last_log >= _PROGRESS_EVERY_SECONDS:
            self.last_log = now
            for name, f in sorted(self._figures().items()):
                logger.info("%s: %d requests, %d pages so far; articles %d new, %d changed",
                            name, f["requests"], f["pages"], f["articles_new"], f["articles_changed"])

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()


def run_sites(store: Store, sites: Sequence[Site], *, kind: str = "crawl", since: date | None = None,
              max_articles: int | None = None, urls: Iterable[str] = (),
              settings: dict[str, Any] | None = None, progress: bool = True,
              owner: str | None = None, env: Mapping[str, str] | None = None) -> list[SiteResult]:
    """Crawls (or recrawls) the sites at once; one crawl run per site in the store,
    recorded as the ``owner``'s (the daemon instance that started this process).
    ``env``: the process's PORTALWATCH_* settings (storage.settings.Settings.env)."""
    urls = list(urls)
    scrapy_settings = crawl_settings(settings, env)
    _quiet_scrapy(scrapy_settings.get("LOG_LEVEL"))
    # Forked first, while this process has no other thread (a progress bar starts one).
    writer = StoreWriter(store) if sites and _writer_pays(len(sites), kind, max_articles, urls) else None
    process = CrawlerProcess(scrapy_settings)
    meter = Progress() if progress else None
    results: list[SiteResult] = []

    for site in sites:
        run_id = store.start_crawl_run(site.name, kind, owner=owner)
        kwargs: dict[str, Any] = {"site": site, "store": store, "writer": writer, "mode": kind,
                                  "since": since, "max_articles": max_articles}
        if kind == "recrawl":
            mine = [u for u in urls if site_owns(site, u)]
            if urls and not mine:
                store.finish_crawl_run(run_id, "ok", figures_of({}))
                continue
            kwargs["recrawl_states"] = store.url_states(site.name, since=since, urls=mine or None)
            kwargs["recrawl_urls"] = mine
        else:
            kwargs["known_urls"] = store.known_urls(site.name)
        crawler = process.create_crawler(spider_for(site.platform))
        site_settings(crawler, site)
        if meter:
            meter.watch(crawler, site.name)
        deferred = process.crawl(crawler, **kwargs)
        deferred.addBoth(_finisher(store, site.name, run_id, crawler, results))

    try:
        process.start()
    finally:
        if writer:
            writer.close()
        if meter:
            meter.close()
    for result in results:  # the figures as fields: readable on a terminal, parseable in JSON
        logger.info("site crawled", extra={"fields": {"site": result.site, "status": result.status,
                                                      **result.figures}})
    return sorted(results, key=lambda r: [s.name for s in sites].index(r.site))


def _writer_pays(sites: int, kind: str, max_articles: int | None, urls: Sequence[str]) -> bool:
    """Whether a store writer process pays for itself. Forking it and handing it the articles
    cost a one-article crawl ~0.07 CPU-s (0.99 against 0.92, medians of 7 side by side); it
    gains the crawl the time of the saves it runs meanwhile (a few ms each). A crawl bounded to
    a few saves (`--max-articles`, `recrawl --url`) makes them in this process, as `scrapy
    crawl` does (StorePipeline without a writer)."""
    if kind == "recrawl":
        bound = len(urls) if urls else None
    else:
        bound = None if max_articles is None else max_articles * sites
    return bound is None or bound > _INLINE_SAVES


def _finisher(store: Store, site: str, run_id: int, crawler: Crawler, results: list[SiteResult]):
    def finish(outcome: Any) -> None:
        stats = crawler.stats.get_stats() if crawler.stats else {}
        figures = figures_of(stats)
        error = None
        if hasattr(outcome, "getErrorMessage"):  # the crawl itself blew up
            error = f"{outcome.type.__name__}: {outcome.getErrorMessage()}"
            logger.error("%s: the crawl stopped: %s", site, error)
        elif stats.get("finish_reason") == WRITER_DIED:  # closed by the pipeline: nothing more could be stored
            error = WRITER_DIED
        error = error or lost_articles(figures)
        status = "failed" if error else status_of(figures)
        try:
            store.finish_crawl_run(run_id, status, figures, error)
        except Exception as exc:  # the figures are still returned to the caller
            logger.error("%s: recording the crawl run failed: %s", site, exc)
        results.append(SiteResult(site, run_id, status, figures, error))
        return None

    return finish
