"""Redis writes that survive Redis going away for a while.

A worker's bookkeeping (enqueueing a request, marking one done, counting) must
not be lost when Redis is unreachable: each write is a closure run at once
when nothing is waiting, or queued and replayed in order when Redis answers
again. Order matters: a request's children are enqueued before it is marked
done, so the run cannot look finished early.
"""

from __future__ import annotations

import logging
import time
from collections import deque
from collections.abc import Callable
from typing import Any

logger = logging.getLogger("portalwatch.worker")
RETRY_SECONDS = 1.0


def redis_errors() -> tuple[type[BaseException], ...]:
    import redis

    return (redis.ConnectionError, redis.TimeoutError)


class Backlog:
    def __init__(self, server: Any) -> None:
        self.server = server
        self._waiting: deque[Callable[[Any], Any]] = deque()
        self.down_since: float | None = None
        self.replayed = 0
        self._next_try = 0.0
        self._errors = redis_errors()

    def __len__(self) -> int:
        return len(self._waiting)

    def submit(self, op: Callable[[Any], Any]) -> tuple[bool, Any]:
        """Runs the write now, or keeps it for after the ones already waiting;
        returns (whether it ran now, its result)."""
        if self.flush():
            try:
                return True, op(self.server)
            except self._errors as exc:
                self._went_down(exc)
        self._waiting.append(op)
        return False, None

    def flush(self) -> bool:
        """Replays waiting writes in order; True when none is left."""
        if self._waiting and time.monotonic() < self._next_try:
            return False  # Redis was down a moment ago: don't knock on every call
        while self._waiting:
            try:
                self._waiting[0](self.server)
            except self._errors as exc:
                self._went_down(exc)
                return False
            self._waiting.popleft()
            if self.down_since is not None:
                self.replayed += 1
        self._came_back()
        return True

    def read(self, op: Callable[[Any], Any], default: Any = None) -> Any:
        """A read that may simply fail (the caller tries again later); only once
        the writes before it went through, so it sees them."""
        if self.down_since is not None and time.monotonic() < self._next_try:
            return default
        if not self.flush():
            return default
        try:
            return op(self.server)
        except self._errors as exc:
            self._went_down(exc)
            return default

    def _went_down(self, exc: BaseException) -> None:
        self._next_try = time.monotonic() + RETRY_SECONDS
        if self.down_since is None:
            self.down_since = time.monotonic()
            self.replayed = 0
            logger.error("Redis unreachable, work paused and writes kept until it is back: %s", exc)

    def _came_back(self) -> None:
        if self.down_since is not None:
            logger.warning("Redis is back after %.0f s; %d kept writes replayed",
                           time.monotonic() - self.down_since, self.replayed)
            self.down_since = None
