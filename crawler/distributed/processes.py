"""Local processes of the scale-out topology, for tests, benchmarks and trying
it on one machine: a private Redis server and a pool of `portalwatch worker`s."""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path
from typing import IO

from storage.settings import DB_URL_ENV


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class LocalRedis:
    """redis-server on a free port of 127.0.0.1, its append-only file kept in
    ``directory`` so a restart finds the queues where they were."""

    def __init__(self, directory: Path, port: int | None = None) -> None:
        self.directory = Path(directory)
        self.port = port or free_port()
        self.process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> LocalRedis:
        binary = shutil.which("redis-server")
        if binary is None:
            raise RuntimeError("redis-server is not installed (Debian package redis-server).")
        self.directory.mkdir(parents=True, exist_ok=True)
        self.process = subprocess.Popen(
            [binary, "--port", str(self.port), "--bind", "127.0.0.1", "--dir", str(self.directory),
             "--save", "", "--appendonly", "yes", "--appendfsync", "always"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=0.5) as conn:
                    conn.sendall(b"PING\r\n")
                    if conn.recv(16).startswith(b"+PONG"):
                        return self
            except OSError:
                time.sleep(0.1)
        raise RuntimeError(f"redis-server did not start on port {self.port}")

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(signal.SIGCONT)  # a paused server cannot hear SIGTERM
            self.process.terminate()
            self.process.wait(10)
        self.process = None

    def pause(self) -> None:
        """Frozen, port open: clients time out instead of being refused."""
        assert self.process is not None
        self.process.send_signal(signal.SIGSTOP)

    def resume(self) -> None:
        assert self.process is not None
        self.process.send_signal(signal.SIGCONT)

    def __enter__(self) -> LocalRedis:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()


class Workers:
    """`portalwatch worker` subprocesses; each logs to its own file."""

    def __init__(self, db_url: str, sites_file: Path, redis_url: str, log_dir: Path,
                 env: dict[str, str] | None = None) -> None:
        self.command = [sys.executable, "-m", "portalwatch.cli", "--sites", str(sites_file), "worker"]
        # The children are whole processes: they need PATH, HOME and the like, and
        # read their own settings from this environment at their entry point. The
        # store's URL, password and all, goes there too, not on their command line.
        self.env = {**os.environ, **(env or {}), "PORTALWATCH_REDIS_URL": redis_url, DB_URL_ENV: db_url}
        self.log_dir = Path(log_dir)
        self.processes: list[subprocess.Popen] = []
        self._logs: list[IO[str]] = []

    def start(self, n: int = 1) -> Workers:
        self.log_dir.mkdir(parents=True, exist_ok=True)
        for _ in range(n):
            log = open(self.log_dir / f"worker-{len(self.processes)}.log", "w", encoding="utf-8")  # noqa: SIM115
            self._logs.append(log)
            self.processes.append(subprocess.Popen(self.command, env=self.env, stdin=subprocess.DEVNULL,
                                                   stdout=log, stderr=subprocess.STDOUT))
        return self

    def kill(self, index: int) -> None:
        self.processes[index].kill()
        self.processes[index].wait()

    def stop(self, timeout: float = 30) -> list[int | None]:
        for process in self.processes:
            if process.poll() is None:
                process.terminate()
        codes = []
        for process in self.processes:
            try:
                codes.append(process.wait(timeout))
            except subprocess.TimeoutExpired:
                process.kill()
                codes.append(process.wait())
        for log in self._logs:
            log.close()
        return codes

    def log_text(self) -> str:
        return "\n".join(p.read_text(encoding="utf-8", errors="replace") for p in sorted(self.log_dir.glob("worker-*.log")))

    def __enter__(self) -> Workers:
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()
