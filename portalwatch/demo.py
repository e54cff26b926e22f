"""Everything of the monitor in one box, offline: the portal simulator, a webhook
receiver and an SMTP server of its own, and the daemon as a real process on a
throwaway database. `portalwatch demo` and bench/monitor.py drive it."""

from __future__ import annotations

import os
import secrets
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from email.message import EmailMessage
from pathlib import Path
from typing import Any

import yaml
from sqlalchemy import func, select

from monitor.receivers import Arrival, MailCatcher, WebhookReceiver
from storage.models import CrawlRun
from storage.store import Store

SIGNING_TITLE = "Ký kết chương trình phối hợp giữa Thường trực HĐND, UBND và Ủy ban MTTQ quận Cầu Giấy"
CHANGE_TITLE = "Kỳ họp bất thường HĐND quận Cầu Giấy bầu Chủ tịch UBND quận"


def signing_article(n: int = 0) -> dict[str, Any]:
    """A signing the detectors recognise; ``n`` changes its term, so each n is its own event."""
    term = f"{2026 + n}-{2031 + n}"
    return {"title": SIGNING_TITLE + f" giai đoạn {term}", "paragraphs": [
        "Sáng 20/11, Thường trực HĐND, UBND và Ban Thường trực Ủy ban MTTQ Việt Nam quận Cầu Giấy tổ chức "
        f"Hội nghị ký kết Chương trình phối hợp công tác giai đoạn {term}.",
        "Theo chương trình, các bên sẽ phối hợp chặt chẽ trong giám sát và phản biện xã hội."]}


def change_article() -> dict[str, Any]:
    return {"title": CHANGE_TITLE, "paragraphs": [
        "Chiều 21/11, HĐND quận Cầu Giấy tổ chức kỳ họp bất thường. Với 100% đại biểu tán thành, đồng chí "
        "Trần Quốc Bảo được bầu giữ chức Chủ tịch UBND quận Cầu Giấy nhiệm kỳ 2021-2026, thay đồng chí "
        "Lê Văn Hùng nghỉ hưu."]}


@dataclass(frozen=True)
class Delivered:
    url: str
    webhook: Arrival
    webhook_seconds: float
    mail: EmailMessage | None
    mail_seconds: float | None


class DemoRig:
    def __init__(self, workdir: Path | None = None, *, interval: int = 5, site: str = "caugiay",
                 articles_per_site: int = 12, echo: Callable[[str], None] = print,
                 content_root: Path | None = None) -> None:
        """``content_root``: the simulator's content (``Simulator(content_root=...)``)."""
        self._tmp = None if workdir else tempfile.TemporaryDirectory(prefix="portalwatch-demo-")
        self.workdir = Path(workdir or self._tmp.name)
        self.interval, self.site, self.echo = interval, site, echo
        self.articles_per_site, self.content_root = articles_per_site, content_root
        self.db_url = f"sqlite:///{self.workdir / 'demo.db'}"
        self.secret = secrets.token_hex(16)
        self.daemon: subprocess.Popen | None = None
        self.daemon_status: int | None = None
        self.store: Store | None = None

    # --- up and down ---------------------------------------------------------------

    def __enter__(self) -> DemoRig:
        from portalwatch.simulator import Simulator

        try:
            self.sim = Simulator(sites=[self.site], articles_per_site=self.articles_per_site, crawl_delay=0,
                                 content_root=self.content_root).start()
            self.receiver = WebhookReceiver(self.secret).start()
            self.mail = MailCatcher().start()
            self.start_daemon()
        except BaseException:
            self.__exit__(None, None, None)
            raise
        return self

    def _registry(self) -> Path:
        entries = yaml.safe_load(self.sim.registry_yaml())["sites"]
        for entry in entries:
            entry.update(schedule={"interval_seconds": self.interval, "jitter_seconds": 0}, download_delay=0)
        path = self.workdir / "sites.yaml"
        path.write_text(yaml.safe_dump({"sites": entries}, allow_unicode=True), encoding="utf-8")
        return path

    def daemon_env(self) -> dict[str, str]:
        # Only the demo's own channels, whatever the user's environment configures.
        env = {k: v for k, v in os.environ.items() if not k.startswith("PORTALWATCH_")}
        env.update(PORTALWATCH_WEBHOOK_URL=self.receiver.url, PORTALWATCH_WEBHOOK_SECRET=self.secret,
                   PORTALWATCH_SMTP_URL=self.mail.url, PORTALWATCH_ALERT_EMAIL_TO="theodoi@example.vn",
                   PORTALWATCH_ALERT_EMAIL_FROM="portalwatch@example.vn", PORTALWATCH_ALERT_POLL_SECONDS="0.5")
        return env

    def start_daemon(self) -> None:
        command = [sys.executable, "-m", "portalwatch.cli", "--db", self.db_url, "--sites", str(self._registry()),
                   "daemon"]
        with open(self.workdir / "daemon.log", "ab") as log:
            self.daemon = subprocess.Popen(command, env=self.daemon_env(), stdin=subprocess.DEVNULL,
                                           stdout=subprocess.DEVNULL, stderr=log)

    def stop_daemon(self, timeout: float = 15.0) -> int | None:
        if self.daemon is None or self.daemon.poll() is not None:
            return self.daemon.returncode if self.daemon else None
        self.daemon.send_signal(signal.SIGTERM)
        try:
            self.daemon_status = self.daemon.wait(timeout)
        except subprocess.TimeoutExpired:
            self.daemon.kill()
            self.daemon_status = self.daemon.wait()
        return self.daemon_status

    def __exit__(self, *_exc: object) -> None:
        self.stop_daemon()
        for part in ("mail", "receiver", "sim"):
            if hasattr(self, part):
                getattr(self, part).stop()
        if self.store is not None:
            self.store.engine.dispose()
        if self._tmp is not None:
            self._tmp.cleanup()

    # --- watching ----------------------------------------------------------------------

    def _check_daemon(self) -> None:
        if self.daemon is not None and self.daemon.poll() is not None:
            tail = (self.workdir / "daemon.log").read_text(encoding="utf-8", errors="replace")[-1500:]
            raise RuntimeError(f"the daemon exited with status {self.daemon.returncode}:\n{tail}")

    def finished_runs(self) -> int:
        if self.store is None:
            self.store = Store.open(self.db_url)
        with self.store.session() as s:
            return s.scalar(select(func.count(CrawlRun.id)).where(CrawlRun.status != "running")) or 0

    def wait_for_crawls(self, count: int, timeout: float) -> bool:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            self._check_daemon()
            if (self.workdir / "demo.db").exists() and self.finished_runs() >= count:
                return True
            time.sleep(0.2)
        return False

    def publish_and_wait(self, article: dict[str, Any], timeout: float) -> Delivered | None:
        """Publishes on the simulator; the alert's arrival at the webhook and in the
        mailbox, timed from the publication, or None if the webhook saw nothing."""
        url = self.sim.publish(self.site, **article)
        published = time.time()

        def about(r: WebhookReceiver) -> list[Arrival]:
            return [a for a in r.accepted.values() if url in a.document.get("article_urls", [])]

        deadline = time.monotonic() + timeout
        while not self.receiver.wait_for(lambda r: bool(about(r)), timeout=1.0):
            self._check_daemon()
            if time.monotonic() > deadline:
                return None
        arrival = about(self.receiver)[0]
        got_mail = self.mail.wait_for_delivery(arrival.delivery_id, timeout=10)
        mail = self.mail.by_delivery.get(arrival.delivery_id) if got_mail else None
        mail_seconds = self.mail.received_at[arrival.delivery_id] - published if got_mail else None
        return Delivered(url, arrival, arrival.received_at - published, mail, mail_seconds)

    def daemon_rss_kib(self) -> int | None:
        """The daemon's own resident memory (not its crawl children), from /proc."""
        if self.daemon is None:
            return None
        try:
            for line in Path(f"/proc/{self.daemon.pid}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    return int(line.split()[1])
        except OSError:
            return None
        return None
