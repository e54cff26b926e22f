"""What a user sees on a terminal (the command's stderr a pseudo-terminal): one
human format from every process, the daemon's crawl children too, with the
site and figures in each line; and a recrawl's progress bar counting what its
summary counts."""

from __future__ import annotations

import fcntl
import json
import os
import pty
import re
import signal
import struct
import subprocess
import sys
import termios
import threading
import time
from pathlib import Path

import pytest

from portalwatch.simulator.pytest_fixture import simulator  # noqa: F401

FAST_SCRAPY = json.dumps({"DOWNLOAD_DELAY": 0, "AUTOTHROTTLE_START_DELAY": 0.01, "RETRY_TIMES": 0,
                          "ROBOTSTXT_CRAWL_DELAY": False})
PORTALWATCH = str(Path(sys.executable).parent / "portalwatch")


class OnTerminal:
    """A portalwatch process whose stdout and stderr are a pseudo-terminal."""

    def __init__(self, *args: str) -> None:
        master, slave = pty.openpty()
        # 40 rows of 200 columns: a new pty is 0 by 0, and tqdm draws no bar that narrow.
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 40, 200, 0, 0))
        env = {k: v for k, v in os.environ.items() if k != "PORTALWATCH_LOG_FORMAT"}
        env.update(PORTALWATCH_SCRAPY_SETTINGS=FAST_SCRAPY)
        self.process = subprocess.Popen([PORTALWATCH, *args], stdin=subprocess.DEVNULL, stdout=slave,
                                        stderr=slave, env=env, close_fds=True)
        os.close(slave)
        self.master = master
        self.chunks: list[bytes] = []
        self.reader = threading.Thread(target=self._read, daemon=True)
        self.reader.start()

    def _read(self) -> None:
        while True:
            try:
                chunk = os.read(self.master, 65536)
            except OSError:
                return
            if not chunk:
                return
            self.chunks.append(chunk)

    @property
    def text(self) -> str:
        return b"".join(self.chunks).decode("utf-8", "replace")

    def lines(self) -> list[str]:
        return [part.strip() for part in re.split(r"[\r\n]+", self.text) if part.strip()]

    def wait_for(self, pattern: str, timeout: float) -> bool:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if re.search(pattern, self.text):
                return True
            time.sleep(0.2)
        return False

    def finish(self, timeout: float = 120) -> int:
        status = self.process.wait(timeout)
        self.reader.join(5)
        os.close(self.master)
        return status


def _no_json(lines: list[str]) -> None:
    assert not [line for line in lines if line.startswith("{")], "JSON log lines on a terminal"


def test_crawl_and_recrawl_on_a_terminal_speak_one_format_and_count_alike(simulator, tmp_path):
    base = ["--db", f"sqlite:///{tmp_path / 't.db'}", "--sites", str(simulator.registry_path)]
    crawl = OnTerminal(*base, "crawl", "caugiay", "--max-articles", "4")
    assert crawl.finish() == 0, crawl.text[-2000:]
    _no_json(crawl.lines())
    assert re.search(r"INFO site crawled site=caugiay status=ok requests=\d+ pages=\d+", crawl.text)

    recrawl = OnTerminal(*base, "recrawl", "caugiay")
    assert recrawl.finish() == 0, recrawl.text[-2000:]
    _no_json(recrawl.lines())
    [summary] = re.findall(r"caugiay: ok; (\d+) requests, (\d+) pages", recrawl.text)
    bars = re.findall(r"crawl: (\d+) requests .*?pages=(\d+)", recrawl.text)
    assert bars, recrawl.text[-2000:]
    assert bars[-1] == summary  # the bar's last figures are the summary's


@pytest.mark.slow
def test_the_daemon_and_its_crawl_children_write_human_lines_on_a_terminal(simulator, tmp_path):
    import yaml

    entries = [e for e in yaml.safe_load(simulator.registry_yaml())["sites"] if e["name"] == "caugiay"]
    entries[0].update(schedule={"interval_seconds": 3600, "jitter_seconds": 0}, download_delay=0)
    sites = tmp_path / "sites.yaml"
    sites.write_text(yaml.safe_dump({"sites": entries}, allow_unicode=True), encoding="utf-8")
    daemon = OnTerminal("--db", f"sqlite:///{tmp_path / 'd.db'}", "--sites", str(sites), "daemon")
    try:
        assert daemon.wait_for(r"crawl finished site=caugiay", timeout=90), daemon.text[-3000:]
    finally:
        daemon.process.send_signal(signal.SIGTERM)
    assert daemon.finish(30) == 0
    lines = daemon.lines()
    _no_json(lines)
    text = daemon.text
    assert re.search(r"INFO daemon started sites=1 .*role=leader", text)
    assert "INFO crawl starting site=caugiay on=child" in text
    assert re.search(r"INFO site crawled site=caugiay status=ok", text)  # the child's line
    assert "WARNING no alert channel is set" in text
