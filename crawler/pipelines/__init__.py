"""Item pipelines, each doing one thing: validate -> normalise -> store.

The store keeps each article whole or not at all (storage.store); a page that
did not give a whole article is dropped here and counted by what it lacked.
"""

from __future__ import annotations

import logging
from typing import Any

from scrapy.crawler import Crawler
from scrapy.exceptions import DropItem
from scrapy.utils.defer import maybe_deferred_to_future

from crawler.items import ArticleItem, NotModifiedItem
from crawler.pipelines.writer import DIED
from storage.canonical import ArticleFormatError, BadArticleTextError, format_article, parse_article

logger = logging.getLogger(__name__)


class _Pipeline:
    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> _Pipeline:
        return cls(crawler)

    def count(self, name: str) -> None:
        self.crawler.stats.inc_value(f"portalwatch/{name}")


class ValidatePipeline(_Pipeline):
    """Lets through only pages that gave a title, a date and a body."""

    def process_item(self, item: Any) -> Any:
        if not isinstance(item, ArticleItem):
            return item
        extraction = item.extraction
        if extraction.fell_back:
            # The platform's selectors missed and the generic reader stepped in:
            # the site probably changed its layout; its selectors want a look.
            self.count("errors/layout_changed")
            logger.warning("%s: selectors missed %s on %s; read it generically",
                           item.site, ", ".join(extraction.fell_back), item.url)
        if not extraction.ok:
            for name in extraction.missing:
                self.count(f"missing/{name}")
            raise DropItem(f"{item.url}: no {', '.join(extraction.missing)} found")
        return item


class NormalisePipeline(_Pipeline):
    """Brings the article to its canonical text and reads that text back.

    What is stored is then exactly what `export` writes and `import` reads:
    a body line the reader would take for a trailer ("Các tin khác") ends the
    article here too, not only after a round trip.
    """

    def process_item(self, item: Any) -> Any:
        if not isinstance(item, ArticleItem):
            return item
        assert item.extraction.article is not None
        try:
            article = parse_article(format_article(item.extraction.article))
        except BadArticleTextError as exc:
            # Mojibake or control characters: never stored as if it were clean text.
            self.count(f"errors/{exc.kind}")
            raise DropItem(f"{item.url}: not stored, the text {exc}") from exc
        except ArticleFormatError as exc:
            self.count("missing/body")
            raise DropItem(f"{item.url}: not an article once normalised ({exc})") from exc
        item.extraction = type(item.extraction)(article, (), item.extraction.fell_back)
        return item


class StorePipeline(_Pipeline):
    """Saves articles (new, duplicate, changed or unchanged) and touches 304s.

    Under crawler.run the writes go to a StoreWriter (crawler.pipelines.writer), and the
    item waits for its outcome there, so downloading and reading pages go on
    while the database works; otherwise (`scrapy crawl`) they go straight to
    the spider's store.
    """

    def open_spider(self, spider: Any = None) -> None:
        writer = getattr(self.crawler.spider, "writer", None)
        if writer is not None:
            writer.on_death(self._stop_crawl)

    def _stop_crawl(self, reason: str) -> None:
        """The writer died: fetching on would store nothing. crawler.run closes the
        run ``failed`` on this close reason."""
        from scrapy.utils.defer import deferred_from_coro

        engine = self.crawler.engine
        if engine is not None and engine.spider is not None:
            engine.unpause()
            deferred_from_coro(engine.close_spider_async(reason=DIED))

    async def process_item(self, item: Any) -> Any:
        # A coroutine, as current Scrapy expects of a pipeline that waits (a returned
        # Deferred is deprecated and warned about on every crawl).
        if not isinstance(item, (ArticleItem, NotModifiedItem)):
            return item
        spider = self.crawler.spider
        writer = getattr(spider, "writer", None)
        if writer is None:
            try:
                return self._done(item, self._write(spider.store, item))
            except Exception as exc:  # noqa: BLE001 - reported as a figure and a log line
                return self._failed(item, f"{type(exc).__name__}: {exc}")
        deferred = writer.submit(*self._call(item))
        if writer.backlogged() and not self.crawler.engine.paused:
            # Backpressure: no new request goes out until the writer has caught up,
            # so pages do not pile up in memory waiting to be stored.
            self.count("writer_waits")
            self.crawler.engine.pause()
            writer.when_caught_up(self._resume)
        deferred.addCallbacks(lambda status: self._done(item, status),
                              lambda failure: self._failed(item, failure.getErrorMessage()))
        return await maybe_deferred_to_future(deferred)

    def _resume(self) -> None:
        engine = self.crawler.engine
        if engine is not None and engine.paused:
            engine.unpause()
            slot = getattr(engine, "_slot", None)  # go on now, not at the next 5 s heartbeat
            if slot is not None:
                slot.nextcall.schedule()

    @staticmethod
    def _call(item: Any) -> tuple[str, tuple, dict]:
        if isinstance(item, NotModifiedItem):
            return "touch_url", (item.url, item.etag, item.last_modified), {}
        return "save_article", (item.extraction.article,), dict(
            url=item.url, site=item.site, portal_id=item.portal_id, etag=item.etag,
            last_modified=item.last_modified, district=item.district)

    def _write(self, store: Any, item: Any) -> str | None:
        method, args, kwargs = self._call(item)
        result = getattr(store, method)(*args, **kwargs)
        return getattr(result, "status", None)

    def _done(self, item: Any, status: str | None) -> Any:
        if isinstance(item, ArticleItem):
            item.outcome = status
            self.count(f"articles_{status}")
        return item

    def _failed(self, item: Any, message: str) -> Any:
        # One bad write must not end the crawl of the rest; the store's
        # transaction left nothing of this article behind.
        self.count("errors/store")
        logger.error("%s: storing %s failed: %s", item.site, item.url, message)
        raise DropItem(f"{item.url}: not stored ({message})")
