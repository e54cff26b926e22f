"""The daemon's side: a due crawl becomes a run in the store and a job in Redis;
the daemon then waits for the workers to record the run's end."""

from __future__ import annotations

import json
import threading
import time
from dataclasses import dataclass
from datetime import date
from typing import Any

from crawler.distributed.backlog import redis_errors
from crawler.distributed.keys import Keys
from storage.errors import OperationError
from storage.runs import WORKERS_OWNER_PREFIX, finish_if_running, run_status, started_at
from storage.store import Store


@dataclass(frozen=True)
class RunOutcome:
    run_id: int | None
    status: str | None  # the run's status when the wait ended
    problem: str | None  # why it did not end by itself, in one phrase
    seconds: float


def dispatch_run(server: Any, keys: Keys, store: Store, site: str, *, kind: str = "crawl",
                 since: date | None = None, owner: str = WORKERS_OWNER_PREFIX) -> int:
    """Opens the run and puts it on the site's job list; a run that cannot be
    handed over is recorded as failed, and the reason raised."""
    run_id = store.start_crawl_run(site, kind, owner=owner)
    started = started_at(store, run_id)
    info = {"site": site, "kind": kind, "started_at": started.isoformat(), "since": since.isoformat() if since else ""}
    try:
        pipe = server.pipeline(transaction=True)
        pipe.hset(keys.run(run_id), mapping=info)
        pipe.expire(keys.run(run_id), keys.run_ttl)
        pipe.rpush(keys.jobs(site), json.dumps({"run_id": run_id}))
        pipe.execute()
    except redis_errors() as exc:
        reason = f"Redis unreachable, the crawl was not handed to the workers: {exc}"
        finish_if_running(store, run_id, "failed", {"pages": 0}, reason)
        raise OperationError(f"{reason}.") from exc
    return run_id


def wait_for_run(server: Any, keys: Keys, store: Store, run_id: int, *, timeout: float,
                 stopping: threading.Event | None = None, poll: float = 1.0) -> RunOutcome:
    """Waits for the workers to end the run; past the time limit the run is given
    up (failed in the store, its remaining requests dropped by the workers)."""
    started = time.monotonic()
    while True:
        status = run_status(store, run_id)
        elapsed = time.monotonic() - started
        if status != "running":
            return RunOutcome(run_id, status, None, elapsed)
        if stopping is not None and stopping.is_set():
            # The workers go on with it; the next daemon reads what they stored.
            return RunOutcome(run_id, status, "left to the workers by the daemon's shutdown", elapsed)
        if elapsed >= timeout:
            give_up_run(server, keys, store, run_id, "stopped after the crawl time limit")
            return RunOutcome(run_id, "failed", "stopped after the crawl time limit", elapsed)
        (stopping or threading.Event()).wait(poll)


def give_up_run(server: Any, keys: Keys, store: Store, run_id: int, reason: str) -> None:
    close_in_redis(server, keys, run_id, reason)
    finish_if_running(store, run_id, "failed", {"pages": 0}, reason)


def close_in_redis(server: Any, keys: Keys, run_id: int, reason: str) -> None:
    """Workers drop the run's remaining requests."""
    try:
        server.hset(keys.run(run_id), "closed", reason)
    except redis_errors():
        pass  # the run's keys expire; its requests die with them


class WorkerDispatch:
    """The daemon's crawl step when the workers crawl: hand the run over, wait for its end."""

    def __init__(self, redis_url: str, store: Store, owner: str = WORKERS_OWNER_PREFIX,
                 keys: Keys | None = None) -> None:
        from crawler.distributed.keys import connect

        self.server = connect(redis_url)
        self.keys = keys or Keys()
        self.store = store
        self.owner = owner

    def close(self, run_id: int, reason: str) -> None:
        close_in_redis(self.server, self.keys, run_id, reason)

    def crawl(self, site: str, timeout: float, stopping: threading.Event) -> RunOutcome:
        try:
            run_id = dispatch_run(self.server, self.keys, self.store, site, owner=self.owner)
        except OperationError as exc:
            return RunOutcome(None, "failed", str(exc), 0.0)
        return wait_for_run(self.server, self.keys, self.store, run_id, timeout=timeout, stopping=stopping)
