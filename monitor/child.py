"""One crawl in a child process: `portalwatch --sites FILE crawl SITE`.

The database URL goes to the child in its environment (PORTALWATCH_DB_URL, which
the CLI reads for --db), never on its command line: argv is world-readable in
`ps` and /proc, and the URL may carry a password.

Scrapy's Twisted reactor cannot be restarted inside one process, so each crawl
gets its own. The child dies with the daemon (PR_SET_PDEATHSIG on Linux), is
stopped after a time limit, and stops cleanly on request: SIGTERM first (Scrapy
finishes what it has in flight and records its run), SIGKILL when that takes
too long. Each child leads its own process group, so the signals reach the
processes it started too (the crawler's store writer) and none is left behind.
"""

from __future__ import annotations

import collections
import ctypes
import logging
import os
import signal
import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path

from storage.settings import DB_URL_ENV

log = logging.getLogger("portalwatch.daemon")

# Starts with monitor.scheduling.CUT_SHORT_PREFIXES[0]: the site is crawled again soon after a restart.
CUT_SHORT_PROBLEM = "cut short: stopped by the daemon (shutting down or no longer the leader)"

_PR_SET_PDEATHSIG = 1
try:
    _prctl = ctypes.CDLL(None, use_errno=True).prctl  # looked up now: nothing to load after fork
except (OSError, AttributeError):  # not Linux
    _prctl = None


def _die_with_parent() -> None:
    if _prctl is not None:
        _prctl(_PR_SET_PDEATHSIG, signal.SIGTERM)


@dataclass(frozen=True)
class ChildOutcome:
    returncode: int | None
    timed_out: bool
    stopped: bool  # stopped because the daemon is shutting down
    stderr_tail: str
    seconds: float

    @property
    def problem(self) -> str | None:
        """Why the crawl did not end by itself, in one phrase; None when it did."""
        if self.timed_out:
            return "stopped after the crawl time limit"
        if self.stopped:
            return CUT_SHORT_PROBLEM
        if self.returncode not in (0, None):
            last = self.stderr_tail.strip().splitlines()[-1:] or [f"exit status {self.returncode}"]
            return f"crawl process ended with status {self.returncode}: {last[0][:300]}"
        return None




def crawl_command(sites_file: Path, site: str, owner: str | None = None) -> list[str]:
    command = [sys.executable, "-m", "portalwatch.cli", "--sites", str(sites_file), "crawl", site]
    return command + ["--owner", owner] if owner else command


def child_env(db_url: str) -> dict[str, str]:
    """This process's environment with the store's URL for the child's --db."""
    return {**os.environ, DB_URL_ENV: db_url}


class Children:
    """The running crawl processes, so shutdown can reach every one of them."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._running: dict[int, subprocess.Popen] = {}
        self._stopping = threading.Event()

    def run(self, command: list[str], timeout: float, term_grace: float = 10.0,
            env: dict[str, str] | None = None) -> ChildOutcome:
        started = time.monotonic()
        tail: collections.deque[str] = collections.deque(maxlen=20)
        with self._lock:
            if self._stopping.is_set():
                return ChildOutcome(None, False, True, "", 0.0)
            process = subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                                       stderr=subprocess.PIPE, text=True, errors="replace", env=env,
                                       preexec_fn=_die_with_parent, start_new_session=True)
            self._running[process.pid] = process
        # The child's log lines go on to ours (one stream for the operator); the
        # last ones are kept to say why a crawl failed.
        relay = threading.Thread(target=_relay, args=(process, tail), daemon=True)
        relay.start()
        timed_out = False
        try:
            process.wait(timeout)
        except subprocess.TimeoutExpired:
            timed_out = True
            log.warning("crawl over its time limit, stopping it", extra={"fields": {
                "pid": process.pid, "limit_seconds": timeout}})
            _terminate(process, term_grace)
        finally:
            with self._lock:
                self._running.pop(process.pid, None)
        relay.join(2)
        return ChildOutcome(process.returncode, timed_out, self._stopping.is_set() and not timed_out,
                            "".join(tail), time.monotonic() - started)

    def resume(self) -> None:
        """Takes work again after stop_all (a daemon leading again after stepping down)."""
        self._stopping.clear()

    def stop_all(self, grace: float) -> None:
        """SIGTERM to every child, SIGKILL to those still running after ``grace`` seconds;
        no child starts until resume()."""
        self._stopping.set()
        with self._lock:
            running = list(self._running.values())
        for process in running:
            _signal(process, signal.SIGTERM)
        deadline = time.monotonic() + grace
        for process in running:
            try:
                process.wait(max(deadline - time.monotonic(), 0.0))
            except subprocess.TimeoutExpired:
                pass
            _signal(process, signal.SIGKILL)  # the child, or what it left of its group
            process.wait()

    @property
    def count(self) -> int:
        with self._lock:
            return len(self._running)


def _relay(process: subprocess.Popen, tail: collections.deque[str]) -> None:
    assert process.stderr is not None
    for line in process.stderr:
        tail.append(line)
        sys.stderr.write(line)
    sys.stderr.flush()


def _signal(process: subprocess.Popen, signum: int) -> None:
    try:
        os.killpg(process.pid, signum)
    except (ProcessLookupError, PermissionError):
        pass


def _terminate(process: subprocess.Popen, grace: float) -> None:
    _signal(process, signal.SIGTERM)
    try:
        process.wait(grace)
    except subprocess.TimeoutExpired:
        pass
    _signal(process, signal.SIGKILL)  # the child, or what it left of its group
    process.wait()
