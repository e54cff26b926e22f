"""Helpers of the monitor tests: alert settings pointing at the test receivers, stored events,
the daemon as a real process."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path

import yaml

from monitor.alert_config import AlertSettings, load_alert_settings
from monitor.outbox import enqueue
from monitor.receivers import MailCatcher, WebhookReceiver
from storage.models import Event
from storage.clock import utcnow
from storage.store import Store

SECRET = "test-secret-ồ"
FAST = {"PORTALWATCH_ALERT_BACKOFF_SECONDS": "0.2", "PORTALWATCH_ALERT_BACKOFF_MAX_SECONDS": "0.5",
        "PORTALWATCH_ALERT_POLL_SECONDS": "0.2", "PORTALWATCH_ALERT_LEASE_SECONDS": "3"}


def alert_env(receiver: WebhookReceiver | None = None, mailbox: MailCatcher | None = None,
              **extra: str) -> dict[str, str]:
    env = dict(FAST)
    if receiver is not None:
        env.update(PORTALWATCH_WEBHOOK_URL=receiver.url, PORTALWATCH_WEBHOOK_SECRET=SECRET,
                   PORTALWATCH_WEBHOOK_TIMEOUT_SECONDS="2")
    if mailbox is not None:
        env.update(PORTALWATCH_SMTP_URL=mailbox.url + "?timeout=5", PORTALWATCH_ALERT_EMAIL_TO="tin@example.vn",
                   PORTALWATCH_ALERT_EMAIL_FROM="portalwatch@example.vn")
    env.update(extra)
    return env


def settings_for(receiver=None, mailbox=None, **extra: str) -> AlertSettings:
    return load_alert_settings(alert_env(receiver, mailbox, **extra))


def store_event(store: Store, settings: AlertSettings, *, type: str = "signing",
                district: str | None = "Cầu Giấy", payload: dict | None = None, alert: bool = True) -> str:
    event_id = str(uuid.uuid4())
    with store.session() as s:
        event = Event(id=event_id, type=type, district=district, detected_at=utcnow(),
                      dedup_key=f"test:{event_id}", article_urls=["http://127.0.0.1/bai-viet-1"],
                      payload=payload if payload is not None else {
                          "title": "Ký kết chương trình phối hợp giai đoạn 2021-2026",
                          "kind": "hdnd_ubnd_mttq", "parties": ["hdnd", "ubnd", "mttq"],
                          "period": "2021-2026", "event_date": "2021-06-10",
                          "evidence": "Ngày 10/6, Thường trực HĐND, UBND và Ủy ban MTTQ ký kết chương trình."},
                      alert=alert)
        s.add(event)
        enqueue(s, event, settings)
    return event_id



# --- the daemon as a real process -------------------------------------------------

PORTALWATCH = str(Path(sys.executable).parent / "portalwatch")
# The simulator answers in milliseconds; politeness would only slow the suite.
FAST_SCRAPY = json.dumps({"DOWNLOAD_DELAY": 0, "AUTOTHROTTLE_START_DELAY": 0.01, "RETRY_BACKOFF_BASE": 0.05,
                          "RETRY_TIMES": 0, "DOWNLOAD_TIMEOUT": 3,
                          "ROBOTSTXT_CRAWL_DELAY": False})


def write_registry(path: Path, sites: list[dict]) -> Path:
    path.write_text(yaml.safe_dump({"sites": sites}, allow_unicode=True), encoding="utf-8")
    return path


def simulator_sites(sim, names: list[str], interval: int) -> list[dict]:
    """Registry entries of some simulator sites, crawled every ``interval`` seconds."""
    entries = yaml.safe_load(sim.registry_yaml())["sites"]
    chosen = [e for e in entries if e["name"] in names]
    for entry in chosen:
        entry.update(schedule={"interval_seconds": interval, "jitter_seconds": 0}, download_delay=0)
    return chosen


class DaemonProcess:
    """`portalwatch --db URL --sites FILE daemon` in a subprocess, its log in a file."""

    def __init__(self, db_url: str, sites_file: Path, env: dict[str, str], log_path: Path) -> None:
        self.command = [PORTALWATCH, "--db", db_url, "--sites", str(sites_file), "daemon"]
        self.env = {**os.environ, "PORTALWATCH_SCRAPY_SETTINGS": FAST_SCRAPY, **env}
        self.log_path = log_path
        self.process: subprocess.Popen | None = None

    def start(self) -> DaemonProcess:
        with open(self.log_path, "ab") as log:
            self.process = subprocess.Popen(self.command, env=self.env, stdin=subprocess.DEVNULL,
                                            stdout=subprocess.DEVNULL, stderr=log)
        return self

    def log_lines(self) -> list[dict]:
        lines = []
        for line in self.log_path.read_text(encoding="utf-8", errors="replace").splitlines():
            try:
                lines.append(json.loads(line))
            except ValueError:
                pass
        return lines

    def wait_for_log(self, message: str, count: int = 1, timeout: float = 60, **fields: object) -> bool:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            found = [x for x in self.log_lines() if x.get("msg") == message
                     and all(x.get(k) == v for k, v in fields.items())]
            if len(found) >= count:
                return True
            assert self.process is not None and self.process.poll() is None, \
                f"the daemon exited with {self.process.returncode}:\n{self.log_path.read_text()[-3000:]}"
            time.sleep(0.1)
        return False

    def kill(self) -> None:
        assert self.process is not None
        self.process.send_signal(signal.SIGKILL)
        self.process.wait(10)

    def terminate(self, timeout: float = 30) -> tuple[int, float]:
        """SIGTERM; returns (exit status, seconds it took to exit)."""
        assert self.process is not None
        started = time.monotonic()
        self.process.send_signal(signal.SIGTERM)
        status = self.process.wait(timeout)
        return status, time.monotonic() - started

    def close(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.kill()
            self.process.wait(10)


# --- articles the simulator publishes in the monitor tests ----------------------------

SIGNING = {"title": "Ký kết chương trình phối hợp giữa Thường trực HĐND, UBND và Ủy ban MTTQ quận Cầu Giấy",
           "paragraphs": ["Sáng 20/11, Thường trực HĐND, UBND và Ban Thường trực Ủy ban MTTQ Việt Nam quận Cầu Giấy "
                          "tổ chức Hội nghị ký kết Chương trình phối hợp công tác giai đoạn 2026-2031.",
                          "Theo chương trình, các bên sẽ phối hợp chặt chẽ trong giám sát và phản biện xã hội."]}
CHANGE = {"title": "Kỳ họp bất thường HĐND quận Cầu Giấy bầu Chủ tịch UBND quận",
          "paragraphs": ["Chiều 21/11, HĐND quận Cầu Giấy tổ chức kỳ họp bất thường. Với 100% đại biểu tán thành, "
                         "đồng chí Trần Quốc Bảo được bầu giữ chức Chủ tịch UBND quận Cầu Giấy nhiệm kỳ 2021-2026, "
                         "thay đồng chí Lê Văn Hùng nghỉ hưu."]}


def about(url: str):
    """A receiver predicate: the deliveries whose event names the article."""
    return lambda r: [a for a in r.accepted.values() if url in a.document.get("article_urls", [])]
