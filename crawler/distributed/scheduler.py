"""The Scrapy scheduler of a worker: the site's requests live in one shared
scrapy-redis priority queue, so whichever worker is free fetches the next one."""

from __future__ import annotations

import logging
from typing import Any

from scrapy.core.scheduler import BaseScheduler
from scrapy.http import Request
from scrapy_redis.queue import PriorityQueue

from crawler.distributed.tracking import RUN, TOKEN, RunTracker

logger = logging.getLogger("portalwatch.worker")


class SiteQueue(PriorityQueue):
    """scrapy-redis's queue, its key given whole (the site's, not the spider's name)."""

    def __init__(self, server: Any, spider: Any, key: str) -> None:
        super().__init__(server, spider, key.replace("%", "%%"))

    def encode(self, request: Request) -> bytes:
        return self._encode_request(request)

    def decode(self, member: bytes) -> Request:
        return self._decode_request(member)


class RunScheduler(BaseScheduler):
    def __init__(self, crawler: Any) -> None:
        self.crawler = crawler
        self.spider: Any = None
        self.tracker: RunTracker | None = None
        self.queue: SiteQueue | None = None

    @classmethod
    def from_crawler(cls, crawler: Any) -> RunScheduler:
        return cls(crawler)

    def open(self, spider: Any) -> None:
        self.spider = spider
        self.tracker = spider.tracker
        self.queue = SiteQueue(self.tracker.backlog.server, spider, self.tracker.keys.requests(spider.site.name))

    def close(self, reason: str) -> None:
        # The queue is shared with the other workers: it stays. Writes kept while
        # Redis was away get one last chance.
        assert self.tracker is not None
        if not self.tracker.backlog.flush():
            logger.error("%s: %d Redis writes could not be made before stopping (Redis unreachable)",
                         self.spider.site.name, len(self.tracker.backlog))

    def has_pending_requests(self) -> bool:
        assert self.tracker is not None and self.queue is not None
        queue = self.queue
        return bool(len(self.tracker.backlog)) or bool(self.tracker.backlog.read(lambda _: len(queue), 0))

    def enqueue_request(self, request: Request) -> bool:
        assert self.tracker is not None
        return self.tracker.enqueue(request, self.queue)

    def next_request(self) -> Request | None:
        assert self.tracker is not None and self.queue is not None
        while True:
            member = self.tracker.pop()
            if member is None:
                return None
            request = self.queue.decode(member)
            run, token = request.meta.get(RUN), request.meta.get(TOKEN)
            self.tracker.hold(token, member)
            if self.spider.enter_run(run):
                self.tracker.current_run = run
                return request
            self.tracker.done(run, token)
            logger.info("%s: dropped a request of run %s, which was given up: %s",
                        self.spider.site.name, run, request.url)
