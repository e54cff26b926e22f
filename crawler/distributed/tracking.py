"""Knowing when a distributed run is over, and what it did.

Every request of a run carries its run id and a token (``pw_run``,
``pw_token`` in meta). The token enters the run's live set in Redis when the
request is made and leaves when its work is done: its callback has yielded
all it had (each child holding a token of its own by then) and the pipelines
are done with its items, or its errback ran, or the run turns out to have had
that URL already. A retried or redirected request keeps its token: it is the
same piece of work. The live set is empty only when no worker holds any of
the run's work, and the worker that empties it records the run's end.

A request a worker takes is held on a lease until its token leaves; if the
worker dies first, the request goes back to the queue when the lease ends
(``RELEASE_EXPIRED``), so no work is lost with a worker.

Counters under ``portalwatch/`` (and Scrapy's request counts) are summed per
run in a Redis hash, so the run's figures are those of all its workers.
"""

from __future__ import annotations

import json
import logging
import os
import socket
import uuid
from collections import Counter
from collections.abc import AsyncIterator, Iterable, Iterator
from datetime import datetime
from typing import TYPE_CHECKING, Any

from scrapy import signals
from scrapy.http import Request
from scrapy.statscollectors import MemoryStatsCollector

from crawler.distributed import scripts
from crawler.distributed.backlog import Backlog
from crawler.distributed.keys import Keys
from crawler.run import figures_of, status_of
from storage.clock import utcnow
from storage.runs import finish_if_running

if TYPE_CHECKING:
    from storage.store import Store

logger = logging.getLogger("portalwatch.worker")

RUN = "pw_run"
TOKEN = "pw_token"
QUEUED = -1
DISCOVERY_PRIORITY = 10

FORWARDED_STATS = ("downloader/request_count", "robotstxt/request_count")


def worker_id() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"


class RunTracker:
    """One crawler's (one site's) bookkeeping of distributed runs in Redis."""

    def __init__(self, server: Any, keys: Keys, site: str, store: Store, fingerprint: Any) -> None:
        self.keys = keys
        self.site = site
        self.store = store
        self.backlog = Backlog(server)
        self._fingerprint = fingerprint
        self._scripts = {name: server.register_script(getattr(scripts, name))
                         for name in ("ENQUEUE", "DONE", "POP", "TAKE_JOB", "RENEW", "RELEASE_EXPIRED")}
        self._held: dict[str, bytes] = {}  # token -> the queue member this worker took
        self._open_items: Counter[str] = Counter()  # token -> its items still in the pipelines
        self._answered: dict[str, int] = {}  # token -> run, for requests whose callback is done
        self._item_tokens: dict[int, tuple[int, str]] = {}
        self.current_run: int | None = None

    def _script(self, name: str, keys: list[str], args: list[Any]) -> Any:
        return lambda server: self._scripts[name](keys=keys, args=args, client=server)

    # --- taking work -----------------------------------------------------------------

    def pop(self) -> bytes | None:
        """The site's next queued request (as queued), held on a lease."""
        queue = self.keys.requests(self.site)
        return self.backlog.read(self._script("POP", [queue, self.keys.held(self.site)], [self.keys.lease]))

    def hold(self, token: str, member: bytes) -> None:
        self._held[token] = member

    def take_job(self) -> tuple[int, bytes] | None:
        """The site's next waiting run, as (run id, job), held on a lease."""
        job = self.backlog.read(self._script("TAKE_JOB", [self.keys.jobs(self.site), self.keys.held(self.site)],
                                             [self.keys.lease]))
        return (int(json.loads(job)["run_id"]), job) if job else None

    def job_started(self, job: bytes) -> None:
        self.backlog.submit(lambda server: server.hdel(self.keys.held(self.site), b"job:" + job))

    def renew_leases(self) -> None:
        """Keeps what this worker holds its own while it works on it (a slow portal's
        Crawl-delay may keep a request waiting in the downloader for minutes)."""
        held = list(self._held.values())
        if held:
            self.backlog.read(self._script("RENEW", [self.keys.held(self.site)], [self.keys.lease, *held]))

    def release_expired(self) -> int:
        """Puts back the work of workers that died holding it."""
        site = self.site
        return int(self.backlog.read(self._script("RELEASE_EXPIRED", [self.keys.requests(site), self.keys.held(site),
                                                                       self.keys.jobs(site)], []), 0))

    # --- making and queueing work ------------------------------------------------------

    def token(self, run: int) -> str:
        """A new piece of the run's work, live from now on. Given when a request is
        made, not when it is queued: Scrapy may queue a callback's requests after
        the callback's response is done."""
        token = uuid.uuid4().hex
        live, ttl = self.keys.live(run), self.keys.run_ttl

        def op(server: Any) -> None:
            pipe = server.pipeline(transaction=True)
            pipe.sadd(live, token)
            pipe.expire(live, ttl)
            pipe.execute()

        self.backlog.submit(op)
        return token

    def tag(self, request: Request, run: int) -> Request:
        request.meta[RUN] = run
        if request.meta.get("discovery"):
            # List pages first: each one feeds every worker a page of articles, and
            # the chain of next pages is what a run cannot do in parallel.
            request.priority = max(request.priority, DISCOVERY_PRIORITY)
        request.meta.setdefault(TOKEN, self.token(run))  # a retry or redirect keeps its own
        return request

    def enqueue(self, request: Request, queue: Any) -> bool:
        """Queues a request of a run; False when the run has had it already."""
        run, token = request.meta.get(RUN), request.meta.get(TOKEN)
        if run is None or token is None:
            logger.error("%s: a request outside any run was not queued: %s", self.site, request.url)
            return False
        replaces = self._held.pop(token, b"")  # a retry or redirect of a request this worker holds
        keys = [self.keys.seen(run), self.keys.live(run), queue.key, self.keys.held(self.site)]
        args = [self._fingerprint(request), token, int(not request.dont_filter), -request.priority,
                queue.encode(request), self.keys.run_ttl, uuid.uuid4().hex, replaces]
        enqueue = self._script("ENQUEUE", keys, args)

        def op(server: Any) -> int:
            result = int(enqueue(server))
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

    # --- finishing work ----------------------------------------------------------------

    def done(self, run: int | None, token: str | None) -> None:
        if run is None or token is None:
            return
        member = self._held.pop(token, b"")
        done = self._script("DONE", [self.keys.live(run), self.keys.held(self.site)], [token, member])

        def op(server: Any) -> None:
            if int(done(server)) == 0:
                self._finish(server, run)

        self.backlog.submit(op)

    def answered(self, run: int | None, token: str | None) -> None:
        """The callback yielded all it had; the request is done once its items are."""
        if token is None:
            return
        if self._open_items[token]:
            self._answered[token] = run
        else:
            self._open_items.pop(token, None)
            self.done(run, token)

    def item_out(self, run: int, token: str | None, item: Any) -> None:
        if token is not None:
            self._item_tokens[id(item)] = (run, token)
            self._open_items[token] += 1

    def item_done(self, item: Any, **_: Any) -> None:
        run, token = self._item_tokens.pop(id(item), (None, None))
        if token is None:
            return
        self._open_items[token] -= 1
        if self._open_items[token] <= 0 and token in self._answered:
            del self._open_items[token]
            self.done(self._answered.pop(token), token)

    def count(self, key: str, n: int) -> None:
        run = self.current_run
        if run is not None:
            self.backlog.submit(lambda server: server.hincrby(self.keys.stats(run), key, n))

    # --- the end of a run ------------------------------------------------------------

    def _finish(self, server: Any, run: int) -> None:
        me = worker_id()
        if not server.set(self.keys.finisher(run), me, nx=True, ex=self.keys.run_ttl):
            if server.get(self.keys.finisher(run)) != me.encode():
                return  # another worker records it (this may be a replay of ours: go on)
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

    @staticmethod
    def _tag(tracker: RunTracker, response: Any, output: Any) -> Any:
        run = response.meta.get(RUN)
        if run is None:
            return output
        if isinstance(output, Request):
            return tracker.tag(output, run)
        if output is not None:
            tracker.item_out(run, response.meta.get(TOKEN), output)
        return output

    def process_spider_output(self, response: Any, result: Iterable[Any]) -> Iterator[Any]:
        tracker = tracker_of(self.crawler)
        try:
            for output in result:
                yield self._tag(tracker, response, output) if tracker else output
        finally:
            if tracker:
                tracker.answered(response.meta.get(RUN), response.meta.get(TOKEN))

    async def process_spider_output_async(self, response: Any, result: AsyncIterator[Any]) -> AsyncIterator[Any]:
        tracker = tracker_of(self.crawler)
        try:
            async for output in result:
                yield self._tag(tracker, response, output) if tracker else output
        finally:
            if tracker:
                tracker.answered(response.meta.get(RUN), response.meta.get(TOKEN))


class RunStats(MemoryStatsCollector):
    """Scrapy's stats, with the run's figures also summed in Redis."""

    def inc_value(self, key: str, count: int = 1, start: int = 0, spider: Any = None) -> None:
        super().inc_value(key, count, start)
        if key.startswith("portalwatch/") or key in FORWARDED_STATS:
            tracker = tracker_of(self._crawler)
            if tracker is not None:
                tracker.count(key, count)
