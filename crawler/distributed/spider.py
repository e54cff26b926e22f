"""A platform spider as a worker runs it: idle until its site has a run to do,
then one of any number of processes sharing that run's requests."""

from __future__ import annotations

import logging
import time
from datetime import date, datetime
from functools import cache
from typing import Any

from scrapy import signals
from scrapy.exceptions import DontCloseSpider
from twisted.python.failure import Failure

from crawler.distributed.keys import Keys, connect
from crawler.distributed.tracking import RUN, TOKEN, RunTracker
from crawler.spiders import spider_for
from crawler.spiders.base import PortalSpider
from storage.runs import known_urls_before

logger = logging.getLogger("portalwatch.worker")
RELEASE_EVERY_SECONDS = 5.0


class DistributedMixin:
    """Put before a PortalSpider subclass: per-run state instead of per-process state."""

    tracker: RunTracker

    def __init__(self, *args: Any, keys: Keys, redis_url: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.keys = keys
        self.redis_url = redis_url
        self.run_id: int | None = None
        self._next_release = 0.0
        self.name = self.site.name  # one crawler per site in a worker: logs say which

    @classmethod
    def from_crawler(cls, crawler: Any, *args: Any, **kwargs: Any) -> Any:
        spider = super().from_crawler(crawler, *args, **kwargs)
        spider.tracker = RunTracker(connect(spider.redis_url), spider.keys, spider.site.name, spider.store,
                                    lambda request: crawler.request_fingerprinter.fingerprint(request).hex())
        crawler.signals.connect(spider.on_idle, signal=signals.spider_idle)
        crawler.signals.connect(spider._renew_leases_regularly, signal=signals.spider_opened)
        return spider

    def _renew_leases_regularly(self) -> None:
        from twisted.internet import reactor, task

        renew = task.LoopingCall(self.tracker.renew_leases)
        renew.clock = reactor
        renew.start(max(self.keys.lease / 3, 1.0), now=False)
        self._renewal = renew

    async def start(self) -> Any:
        # Nothing of its own: the site's runs come from Redis (on_idle).
        return
        yield  # noqa: unreachable - makes this an async generator

    def on_idle(self) -> None:
        """Takes the site's next waiting run, if any; a worker never closes its spiders."""
        tracker = self.tracker
        tracker.backlog.flush()
        if time.monotonic() >= self._next_release:
            self._next_release = time.monotonic() + RELEASE_EVERY_SECONDS
            released = tracker.release_expired()
            if released:
                logger.warning("%s: %d requests or runs of a worker that stopped holding them were put back",
                               self.site.name, released)
        taken = tracker.take_job()
        if taken:
            run, job = taken
            if self.enter_run(run):
                logger.info("%s: run %s taken", self.site.name, run)
                tracker.start_run(run, self.first_page_requests(), self.crawler.engine.crawl)
            tracker.job_started(job)
        raise DontCloseSpider

    def enter_run(self, run: int | None) -> bool:
        """Makes the spider's state that of the run; False for a run given up or unknown."""
        if run is None:
            return False
        if run == self.run_id:
            return True
        info = self.tracker.backlog.read(lambda server: server.hgetall(self.keys.run(run)))
        if not info:
            return False
        info = {k.decode(): v.decode() for k, v in info.items()}
        if info.get("closed"):
            return False
        started = datetime.fromisoformat(info["started_at"]).replace(tzinfo=None)
        self.run_id = run
        self.mode = info.get("kind", "crawl")
        self.since = date.fromisoformat(info["since"]) if info.get("since") else None
        self.known = known_urls_before(self.store, self.site.name, started)
        self.scheduled = set()
        self.tracker.current_run = run
        return True

    def on_error(self, failure: Failure) -> None:
        try:
            super().on_error(failure)
        finally:
            request = getattr(failure, "request", None)
            if request is not None:
                self.tracker.done(request.meta.get(RUN), request.meta.get(TOKEN))


@cache
def distributed_spider_for(platform: str) -> type[PortalSpider]:
    base = spider_for(platform)
    return type(f"Distributed{base.__name__}", (DistributedMixin, base), {"__module__": __name__})
