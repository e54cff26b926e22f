"""Knowing when a distributed run is over, and what it did.

Every request of a run carries its run id and a token (``pw_run``,
``pw_token`` in meta); so does every item, on the side. A token enters the
run's live set in Redis when its request or item is made, and leaves when the
request's callback has yielded all it had (each child holding a token of its
own by then) or its errback ran, when the run turns out to have had that URL
already (in the Lua call that checks the run's fingerprints and queues), or
when the pipelines are done with the item. A retried or redirected request
keeps its token: it is the same piece of work. The live set is empty only
when no worker holds any of the run's work, and the worker that empties it
records the run's end.

Counters under ``portalwatch/`` (and Scrapy's request counts) are summed per
run in a Redis hash, so the run's figures are those of all its workers.
"""

from __future__ import annotations

import json
import logging
import os
import socket
import uuid
from collections.abc import AsyncIterator, Iterable, Iterator
from datetime import datetime
from typing import Any

from scrapy import signals
from scrapy.http import Request
from scrapy.statscollectors import MemoryStatsCollector

from crawler.distributed.backlog import Backlog
from crawler.distributed.keys import Keys
from crawler.distributed.runs import finish_if_running
from crawler.run import figures_of, status_of
from storage.store import utcnow

logger = logging.getLogger("portalwatch.worker")

RUN = "pw_run"
TOKEN = "pw_token"

# KEYS: seen, live, queue. ARGV: fingerprint, token, filter (1/0), score, request, ttl.
# Returns QUEUED, or for a request the run has had already (whose token
# leaves here) the number of the run's tokens still live.
_ENQUEUE = """
if ARGV[3] == '1' then
  if redis.call('SADD', KEYS[1], ARGV[1]) == 0 then
    redis.call('SREM', KEYS[2], ARGV[2])
    return redis.call('SCARD', KEYS[2])
  end
  redis.call('EXPIRE', KEYS[1], ARGV[6])
end
redis.call('ZADD', KEYS[3], ARGV[4], ARGV[5])
return -1
"""
QUEUED = -1

FORWARDED_STATS = ("downloader/request_count", "robotstxt/request_count")


def worker_id() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"


class RunTracker:
    """One crawler's (one site's) bookkeeping of distributed runs in Redis."""

    def __init__(self, server: Any, keys: Keys, site: str, store: Any, fingerprint: Any) -> None:
        self.keys = keys
        self.site = site
        self.store = store
        self.backlog = Backlog(server)
        self._fingerprint = fingerprint
        self._enqueue_script = server.register_script(_ENQUEUE)
        self._items: dict[int, tuple[int, str]] = {}
        self.current_run: int | None = None

    # --- requests ------------------------------------------------------------------

    def token(self, run: int) -> str:
        """A new piece of the run's work, live from now on. Given when a request or
        item is made, not when it is queued: Scrapy may queue a callback's requests
        after the callback's response is done."""
        token = uuid.uuid4().hex
        live = self.keys.live(run)
        ttl = self.keys.run_ttl

        def op(server: Any) -> None:
            pipe = server.pipeline(transaction=True)
            pipe.sadd(live, token)
            pipe.expire(live, ttl)
            pipe.execute()

        self.backlog.submit(op)
        return token

    def tag(self, request: Request, run: int) -> Request:
        request.meta[RUN] = run
        request.meta.setdefault(TOKEN, self.token(run))  # a retry or redirect keeps its own
        return request

    def enqueue(self, request: Request, queue: Any) -> bool:
        """Queues a request of a run; False when the run has had it already."""
        run, token = request.meta.get(RUN), request.meta.get(TOKEN)
        if run is None or token is None:
            logger.error("%s: a request outside any run was not queued: %s", self.site, request.url)
            return False
        args = [self._fingerprint(request), token, int(not request.dont_filter),
                -request.priority, queue.encode(request), self.keys.run_ttl]
        keys = [self.keys.seen(run), self.keys.live(run), queue.key]

        def op(server: Any) -> int:
            result = int(self._enqueue_script(keys=keys, args=args, client=server))
            if result == 0:
                self._finish(server, run)
            return result

        ran, result = self.backlog.submit(op)
        # Kept for later (Redis away): as good as queued for the engine.
        return not ran or result == QUEUED

    def start_run(self, run: int, requests: Iterable[Request], crawl: Any) -> None:
        """Queues a run's first requests; the run cannot end while they are being queued."""
        guard = self.token(run)
        for request in requests:
            crawl(self.tag(request, run))
        self.done(run, guard)

    def done(self, run: int | None, token: str | None) -> None:
        if run is None or token is None:
            return
        live = self.keys.live(run)

        def op(server: Any) -> None:
            pipe = server.pipeline(transaction=True)
            pipe.srem(live, token)
            pipe.scard(live)
            removed, left = pipe.execute()
            if removed and left == 0:
                self._finish(server, run)

        self.backlog.submit(op)

    # --- items ---------------------------------------------------------------------

    def item_out(self, run: int, item: Any) -> None:
        self._items[id(item)] = (run, self.token(run))

    def item_done(self, item: Any, **_: Any) -> None:
        run, token = self._items.pop(id(item), (None, None))
        self.done(run, token)

    def count(self, key: str, n: int) -> None:
        run = self.current_run
        if run is not None:
            self.backlog.submit(lambda server: server.hincrby(self.keys.stats(run), key, n))

    # --- the end of a run ------------------------------------------------------------

    def _finish(self, server: Any, run: int) -> None:
        if not server.set(self.keys.finisher(run), worker_id(), nx=True, ex=self.keys.run_ttl):
            return
        stats: dict[str, Any] = {k.decode(): int(v) for k, v in server.hgetall(self.keys.stats(run)).items()}
        info = {k.decode(): v.decode() for k, v in server.hgetall(self.keys.run(run)).items()}
        if info.get("started_at"):
            stats["start_time"] = datetime.fromisoformat(info["started_at"])
            stats["finish_time"] = utcnow()
        figures = figures_of(stats)
        status = status_of(figures)
        try:
            recorded = finish_if_running(self.store, run, status, figures)
        except Exception as exc:  # noqa: BLE001 - the daemon's time limit will close the run
            logger.error("%s: recording the end of run %s failed: %s", self.site, run, exc)
            return
        logger.info("%s: run %s %s %s", self.site, run, status if recorded else "ended after being given up",
                    json.dumps(figures, ensure_ascii=False, sort_keys=True, default=str))


def tracker_of(crawler: Any) -> RunTracker | None:
    return getattr(getattr(crawler, "spider", None), "tracker", None)


class RunTrackingMiddleware:
    """Spider middleware: tags a callback's output with its run, and marks the
    request done once the whole output has been handed on."""

    def __init__(self, crawler: Any) -> None:
        self.crawler = crawler
        for signal in (signals.item_scraped, signals.item_dropped, signals.item_error):
            crawler.signals.connect(self._item_done, signal=signal)

    @classmethod
    def from_crawler(cls, crawler: Any) -> RunTrackingMiddleware:
        return cls(crawler)

    def _item_done(self, item: Any, **_: Any) -> None:
        tracker = tracker_of(self.crawler)
        if tracker is not None:
            tracker.item_done(item)

    def _tag(self, tracker: RunTracker, run: int | None, output: Any) -> Any:
        if run is None:
            return output
        if isinstance(output, Request):
            return tracker.tag(output, run)
        if output is not None:
            tracker.item_out(run, output)
        return output

    def process_spider_output(self, response: Any, result: Iterable[Any]) -> Iterator[Any]:
        tracker, run = tracker_of(self.crawler), response.meta.get(RUN)
        try:
            for output in result:
                yield self._tag(tracker, run, output) if tracker else output
        finally:
            if tracker:
                tracker.done(run, response.meta.get(TOKEN))

    async def process_spider_output_async(self, response: Any, result: AsyncIterator[Any]) -> AsyncIterator[Any]:
        tracker, run = tracker_of(self.crawler), response.meta.get(RUN)
        try:
            async for output in result:
                yield self._tag(tracker, run, output) if tracker else output
        finally:
            if tracker:
                tracker.done(run, response.meta.get(TOKEN))


class RunStats(MemoryStatsCollector):
    """Scrapy's stats, with the run's figures also summed in Redis."""

    def inc_value(self, key: str, count: int = 1, start: int = 0, spider: Any = None) -> None:
        super().inc_value(key, count, start)
        if key.startswith("portalwatch/") or key in FORWARDED_STATS:
            tracker = tracker_of(self._crawler)
            if tracker is not None:
                tracker.count(key, count)
