"""Store writes in a child process, answered asynchronously in the reactor.

Saving an article (fingerprints, dedup, versions, a transaction) costs about as
much Python time as fetching and reading its page; in the crawling process it
would hold the reactor — and the GIL — while pages wait. A single writer
process keeps each article whole or not at all (and SQLite's one-writer rule)
and lets the crawl go on meanwhile; the calls waiting when it is free travel,
and are saved, together (Store.save_articles). Each call returns a
Deferred that fires, in the reactor thread, with the call's result status.

The writer is forked, not spawned: it inherits the crawler's imported modules
and its open Store (a fresh connection pool), where a spawned interpreter spent
about 1.5 CPU-s importing everything again, per crawl, and needed the database
URL (password included) handed over in clear. It is forked before the reactor
or any thread starts, so no lock is inherited held.
"""

from __future__ import annotations

import ctypes
import itertools
import logging
import multiprocessing
import os
import queue
import threading
from collections.abc import Callable
from typing import Any

from twisted.internet.defer import Deferred

logger = logging.getLogger(__name__)
_METHODS = frozenset({"save_article", "touch_url"})


# Calls taken from the queue in one go at most: the crawl hears of none of
# them until all are done, so a bound keeps answers flowing.
_MAX_BATCH = 64
# Calls waiting for the writer above which fetching pauses, and below which it
# goes on again: a few batches, so the writer never waits for pages either.
BACKLOG_HIGH = 4 * _MAX_BATCH
BACKLOG_LOW = _MAX_BATCH
# How often the reactor looks whether the writer still lives.
_ALIVE_CHECK_SECONDS = 0.5
DIED = "store writer died"
# The writer's name in /proc/PID/comm (its command line is the crawler's).
PROCESS_NAME = b"pw-store-writer"
_PR_SET_NAME = 15


class WriterDied(RuntimeError):
    """The writer process is gone: nothing more will be stored by this crawl."""


def _die_with_parent() -> None:
    """A crawler killed with SIGKILL cannot stop its writer: the writer goes when its
    parent does (an open transaction is rolled back by the database), not orphaned."""
    parent = multiprocessing.parent_process()
    if parent is None:
        return

    def watch() -> None:
        parent.join()
        os._exit(1)

    threading.Thread(target=watch, name="parent-watch", daemon=True).start()


def _name_process() -> None:
    try:
        ctypes.CDLL(None).prctl(_PR_SET_NAME, PROCESS_NAME, 0, 0, 0)
    except (OSError, AttributeError):  # not Linux: only a name
        pass


def _serve(target: Any, requests: Any, results: Any) -> None:
    """Serves calls on ``target``: the crawler's Store (forked) or a database URL to open."""
    from storage.store import Store

    _die_with_parent()
    if isinstance(target, Store):
        _name_process()
        # The pooled connections are the crawler's: never used, nor closed, here.
        target.engine.dispose(close=False)
        store = target
    else:
        try:
            store = Store.open(target)
        except Exception as exc:  # noqa: BLE001 - every caller gets the reason
            results.put([(None, False, f"{type(exc).__name__}: {exc}")])
            return
    stopping = False
    while not stopping:
        batch = requests.get()
        # What else is already waiting goes into the same answer: one message
        # (one pickle, one pipe write, one wake-up of the reactor) for many calls.
        while batch is not None and len(batch) < _MAX_BATCH:
            try:
                more = requests.get_nowait()
            except queue.Empty:
                break
            if more is None:
                stopping = True
                break
            batch.extend(more)
        if batch is None:
            break
        results.put(_run_batch(store, batch))
    store.engine.dispose()
    results.put(None)


def _run_batch(store: Any, batch: list[tuple[int, str, tuple, dict]]) -> list[tuple[int, bool, Any]]:
    """Runs the calls in order; consecutive article saves go to the store together
    (store.save_articles: one commit for all, or each alone if one fails)."""
    answers: list[tuple[int, bool, Any]] = []
    start = 0
    while start < len(batch):
        end = start
        while end < len(batch) and batch[end][1] == "save_article":
            end += 1
        if end > start:
            saves = batch[start:end]
            outcomes = store.save_articles([(args[0], kwargs) for _, _, args, kwargs in saves])
            answers.extend(_answer(call_id, outcome) for (call_id, *_), outcome in zip(saves, outcomes))
            start = end
            continue
        call_id, method, args, kwargs = batch[start]
        try:
            answers.append(_answer(call_id, getattr(store, method)(*args, **kwargs)))
        except Exception as exc:  # noqa: BLE001 - the transaction was rolled back; say why
            answers.append(_answer(call_id, exc))
        start += 1
    return answers


def _answer(call_id: int, result: Any) -> tuple[int, bool, Any]:
    if isinstance(result, Exception):
        return call_id, False, f"{type(result).__name__}: {result}"
    return call_id, True, getattr(result, "status", None)


class StoreWriter:
    """One child process doing the store's writes, in the order they were submitted.
    Create it before the reactor runs and before any other thread starts."""

    def __init__(self, store: Any) -> None:
        context = multiprocessing.get_context("fork")
        self._requests = context.Queue()
        self._results = context.Queue()
        self._process = context.Process(target=_serve, args=(store, self._requests, self._results),
                                        name="portalwatch-store-writer", daemon=True)
        self._process.start()
        self._ids = itertools.count()
        self._pending: dict[int, Deferred] = {}
        # Started by the first submit, from the reactor thread: the reader hands
        # results to the reactor, and importing the reactor before Scrapy has
        # installed its asyncio one would install Twisted's default instead.
        self._reader: threading.Thread | None = None
        self._reactor: Any = None
        self._outbox: list[tuple[int, str, tuple, dict]] = []
        self._closing = False
        self._watch: Any = None
        self._seen_dead = False
        self.died: str | None = None  # why, once the writer is gone
        self._on_death: list[Callable[[str], None]] = []
        self._waiters: list[Callable[[], None]] = []

    @property
    def backlog(self) -> int:
        """Calls submitted and not answered yet."""
        return len(self._pending)

    def backlogged(self) -> bool:
        return self.backlog > BACKLOG_HIGH

    def caught_up(self) -> bool:
        return self.backlog <= BACKLOG_LOW

    def when_caught_up(self, callback: Callable[[], None]) -> None:
        """Calls ``callback()`` in the reactor thread once no more than BACKLOG_LOW
        calls wait. Kept by the writer, not by the paused crawl: with several sites
        sharing it, the one that paused may have nothing left in the queue to wake it."""
        self._waiters.append(callback)

    def on_death(self, callback: Callable[[str], None]) -> None:
        """Calls ``callback(reason)`` in the reactor thread if the writer dies."""
        self._on_death.append(callback)

    def submit(self, method: str, args: tuple, kwargs: dict) -> Deferred:
        """Runs ``store.<method>(*args, **kwargs)`` in the writer; call from the reactor thread."""
        if method not in _METHODS:
            raise ValueError(f"the store writer does not do {method}")
        if self._reader is None:
            from twisted.internet import reactor

            self._reader = threading.Thread(target=self._read, args=(reactor,), name="store-writer-results",
                                            daemon=True)
            self._reader.start()
            self._reactor = reactor
            from twisted.internet.task import LoopingCall

            self._watch = LoopingCall(self._check_alive)
            self._watch.start(_ALIVE_CHECK_SECONDS, now=False)
        call_id = next(self._ids)
        deferred: Deferred = Deferred()
        if self.died:
            deferred.errback(WriterDied(self.died))
            return deferred
        self._pending[call_id] = deferred
        # Calls submitted in one turn of the reactor (Scrapy hands over a page's
        # items together) leave as one message.
        if not self._outbox:
            self._reactor.callLater(0, self._flush)
        self._outbox.append((call_id, method, args, kwargs))
        return deferred

    def _flush(self) -> None:
        if self._outbox:
            batch, self._outbox = self._outbox, []
            self._requests.put(batch)

    def _read(self, reactor: Any) -> None:
        while (answers := self._results.get()) is not None:
            reactor.callFromThread(self._resolve, answers)

    def _check_alive(self) -> None:
        """Runs in the reactor every _ALIVE_CHECK_SECONDS. A writer seen dead twice in a
        row is dead for good: the answers it wrote before dying have been read by then
        (a write cut off half-way may never be read: the reader thread cannot tell)."""
        if self._closing or self.died or self._process.is_alive():
            self._seen_dead = False
            return
        if not self._seen_dead:
            self._seen_dead = True
            return
        self._die(f"{DIED} (exit code {self._process.exitcode})")

    def _die(self, reason: str) -> None:
        self.died = reason
        if self._watch is not None and self._watch.running:
            self._watch.stop()
        # Nobody reads these queues any more: their feeder threads must not hold the
        # process at exit trying to write into a full pipe.
        self._requests.cancel_join_thread()
        self._results.cancel_join_thread()
        logger.error("%s; the crawl stops, the articles not stored are fetched again next time", reason)
        pending, self._pending = self._pending, {}
        for deferred in pending.values():
            deferred.errback(WriterDied(reason))
        for callback in self._on_death:
            callback(reason)

    def _resolve(self, answers: list[tuple[int | None, bool, Any]]) -> None:
        for call_id, ok, value in answers:
            if call_id is None:  # the writer could not open the store: every call fails
                for deferred in self._pending.values():
                    deferred.errback(RuntimeError(value))
                self._pending.clear()
                break
            deferred = self._pending.pop(call_id, None)
            if deferred is None:  # failed already when the writer was found dead
                continue
            if ok:
                deferred.callback(value)
            else:
                deferred.errback(RuntimeError(value))
        if self._waiters and self.caught_up():
            waiters, self._waiters = self._waiters, []
            for waiter in waiters:
                waiter()

    def close(self, timeout: float = 60) -> None:
        """Lets the writer finish what it was given, then stops it."""
        self._closing = True
        if self._watch is not None and self._watch.running:
            self._watch.stop()
        if self.died:
            return
        self._flush()
        self._requests.put(None)
        self._process.join(timeout)
        if self._process.is_alive():
            logger.error("the store writer did not stop in %s s; ending it", timeout)
            self._process.terminate()
        if self._reader is not None:
            self._reader.join(5)
