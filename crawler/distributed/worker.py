"""`portalwatch worker`: one Scrapy process serving every site's distributed runs.

Each site of the registry gets its own crawler (its own downloader slot, so
the site's delay and concurrency hold in each worker) whose spider waits for
the site's runs in Redis. Stops cleanly on SIGTERM/SIGINT (Scrapy finishes the
requests in flight; the rest stay queued in Redis for the other workers).
"""

from __future__ import annotations

import logging
import signal
import time
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from crawler.distributed.backlog import redis_errors
from crawler.distributed.keys import Keys, connect
from crawler.registry import Site

if TYPE_CHECKING:
    from storage.store import Store

logger = logging.getLogger("portalwatch.worker")


def worker_settings(redis_url: str, env: Mapping[str, str] | None = None) -> dict[str, Any]:
    from crawler.run import crawl_settings

    shipped = crawl_settings(env=env)
    spider_middlewares = dict(shipped.getdict("SPIDER_MIDDLEWARES"))
    # Nearest the engine: it sees a callback's output last, after every filter.
    spider_middlewares["crawler.distributed.tracking.RunTrackingMiddleware"] = 1
    return {
        "SCHEDULER": "crawler.distributed.scheduler.RunScheduler",
        "STATS_CLASS": "crawler.distributed.tracking.RunStats",
        "SPIDER_MIDDLEWARES": spider_middlewares,
        # A crawler here serves one site: taking more requests than it may send to
        # the site at once would only keep them waiting in this worker while
        # another worker idles.
        "CONCURRENT_REQUESTS": shipped.getint("CONCURRENT_REQUESTS_PER_DOMAIN"),
        "PORTALWATCH_REDIS_URL": redis_url,
    }


IDLE_POLL_SECONDS = 1.0
HEARTBEAT_ENV = "PORTALWATCH_WORKER_HEARTBEAT_FILE"
HEARTBEAT_SECONDS = 10.0


def _beat(server: Any, keys: Keys, path: str) -> None:
    """Every few seconds from Scrapy's reactor: the worker's key in Redis (for
    `portalwatch status`) and, when asked for, a file whose age a container health
    check reads; either says the worker's event loop is alive, not only its process."""
    from pathlib import Path

    from twisted.internet import reactor, task

    from crawler.distributed.tracking import worker_id

    me = worker_id()

    def beat() -> None:
        if path:
            Path(path).touch()
        try:
            server.set(keys.worker(me), "alive", ex=int(HEARTBEAT_SECONDS * 3))
        except redis_errors():
            pass  # the crawlers say so in the log; the file still tells the process lives

    looping = task.LoopingCall(beat)
    looping.clock = reactor
    looping.start(HEARTBEAT_SECONDS)


def _wake_idle_engines_sooner() -> None:
    """An idle Scrapy engine asks its scheduler for work on a 5 s heartbeat; a
    worker's work appears in Redis, put there by the other workers, so an idle
    worker would join a run seconds late. Scrapy has no setting for this
    interval, hence the class attribute (read when a spider opens)."""
    from scrapy.core.engine import ExecutionEngine

    ExecutionEngine._SLOT_HEARTBEAT_INTERVAL = IDLE_POLL_SECONDS


def wait_for_redis(url: str, stop: list[bool], log_every: float = 30.0) -> bool:
    """Until Redis answers (True) or the worker is told to stop (False)."""
    server = connect(url)
    last_log = 0.0
    while not stop:
        try:
            server.ping()
            return True
        except redis_errors() as exc:
            if time.monotonic() - last_log >= log_every:
                logger.warning("waiting for Redis at %s: %s", url, exc)
                last_log = time.monotonic()
            time.sleep(1.0)
    return False


def run_worker(store: Store, sites: Sequence[Site], redis_url: str, keys: Keys | None = None,
               settings: dict[str, Any] | None = None, heartbeat_file: str | None = None,
               env: Mapping[str, str] | None = None) -> int:
    """``heartbeat_file``: see _beat (portalwatch.commands.worker passes
    $PORTALWATCH_WORKER_HEARTBEAT_FILE); ``env``: the process's PORTALWATCH_* settings
    (storage.settings.Settings.env), for crawler.run.crawl_settings."""
    from scrapy.crawler import CrawlerProcess

    from crawler.distributed.spider import distributed_spider_for
    from crawler.pipelines.writer import StoreWriter
    from crawler.run import _quiet_scrapy, crawl_settings, site_settings

    keys = keys or Keys()
    stop: list[bool] = []
    previous = {s: signal.signal(s, lambda *_: stop.append(True)) for s in (signal.SIGTERM, signal.SIGINT)}
    try:
        if not wait_for_redis(redis_url, stop):
            return 0
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)

    _wake_idle_engines_sooner()
    scrapy_settings = crawl_settings({**worker_settings(redis_url, env), **(settings or {})}, env)
    _quiet_scrapy(scrapy_settings.get("LOG_LEVEL"))
    process = CrawlerProcess(scrapy_settings)  # its own SIGTERM/SIGINT: a graceful stop
    writer = StoreWriter(store)
    try:
        for site in sites:
            crawler = process.create_crawler(distributed_spider_for(site.platform))
            site_settings(crawler, site)
            process.crawl(crawler, site=site, store=store, writer=writer, mode="crawl", keys=keys,
                          redis_url=redis_url)
        _beat(connect(redis_url), keys, heartbeat_file or "")
        logger.info("worker ready", extra={"fields": {"sites": len(sites), "queue_prefix": keys.prefix}})
        process.start()
    finally:
        writer.close()
    logger.info("worker stopped")
    return 0
