"""The second half of deploy/check-images.sh: the compose stack of the built image
crawls the portal simulator and a signing reaches a webhook.

Runs on the host with the project's virtualenv. The containers (two
schedulers, two workers) are on podman's default bridge network; the simulator
and a signature-checking webhook receiver and an SMTP catcher (in place of mailpit,
whose image cannot be pulled either) listen on that bridge's gateway address, and so do two TCP relays to the host's PostgreSQL and Redis (a
throwaway database and a Redis key prefix of their own), since their images
cannot be pulled without a registry. (podman-compose 1.0 cannot put a service on
the host's network: it adds a network alias, which only a bridge takes.)
Prints what it saw and exits 0 when the signing arrived, 1 otherwise.
"""

from __future__ import annotations

import argparse
import json
import socket
import subprocess
import sys
import threading
import time
import uuid
from pathlib import Path

import yaml
from sqlalchemy import create_engine, text

from monitor.receivers import MailCatcher, WebhookReceiver
from portalwatch.simulator import Simulator

SECRET = "check-images-bí-mật"
SIGNING = {"title": "Ký kết chương trình phối hợp giữa Thường trực HĐND, UBND và Ủy ban MTTQ quận Cầu Giấy",
           "paragraphs": ["Sáng 2/12, Thường trực HĐND, UBND và Ban Thường trực Ủy ban MTTQ Việt Nam quận Cầu Giấy "
                          "tổ chức Hội nghị ký kết Chương trình phối hợp công tác giai đoạn 2026-2031."]}
INTERVAL = 20  # seconds between crawls of the site: the signing is found on the crawl after the backfill
FAST_SCRAPY = json.dumps({"DOWNLOAD_DELAY": 0, "AUTOTHROTTLE_START_DELAY": 0.01, "ROBOTSTXT_CRAWL_DELAY": False})


def _say(message: str) -> None:
    print(f"== {message}", flush=True)


def _pipe(source: socket.socket, target: socket.socket) -> None:
    try:
        while data := source.recv(65536):
            target.sendall(data)
    except OSError:
        pass
    finally:
        for end in (source, target):
            try:
                end.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass


def relay(listen_host: str, target: tuple[str, int]) -> int:
    """Forwards connections from listen_host:<free port> to target; returns the port."""
    server = socket.create_server((listen_host, 0))

    def accept() -> None:
        while True:
            client, _ = server.accept()
            upstream = socket.create_connection(target)
            for a, b in ((client, upstream), (upstream, client)):
                threading.Thread(target=_pipe, args=(a, b), daemon=True).start()

    threading.Thread(target=accept, daemon=True).start()
    return server.getsockname()[1]


def _compose(image: str, workdir: Path, db_url: str, redis_url: str, prefix: str, webhook: str,
             smtp: str) -> dict:
    environment = {"PORTALWATCH_DB_URL": db_url, "PORTALWATCH_REDIS_URL": redis_url,
                   "PORTALWATCH_REDIS_PREFIX": prefix, "PORTALWATCH_SITES": "/registry/sites.yaml",
                   "PORTALWATCH_WEBHOOK_URL": webhook, "PORTALWATCH_WEBHOOK_SECRET": SECRET,
                   "PORTALWATCH_SMTP_URL": smtp, "PORTALWATCH_ALERT_EMAIL_TO": "tin@example.vn",
                   "PORTALWATCH_ALERT_EMAIL_FROM": "portalwatch@example.vn",
                   "PORTALWATCH_SCRAPY_SETTINGS": FAST_SCRAPY, "PORTALWATCH_LEADER_POLL_SECONDS": "2",
                   "PORTALWATCH_ALERT_POLL_SECONDS": "1", "PORTALWATCH_LOG_FORMAT": "json"}
    service = {"image": image, "networks": ["podman"], "environment": environment,
               "volumes": [f"{workdir / 'registry'}:/registry:ro"]}
    services = {f"scheduler-{i}": {**service, "command": ["daemon"]} for i in (1, 2)}
    services |= {f"worker-{i}": {**service, "command": ["worker"]} for i in (1, 2)}
    return {"services": services, "networks": {"podman": {"external": True}}}


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--image", required=True)
    parser.add_argument("--workdir", type=Path, required=True)
    parser.add_argument("--pg-admin", default="postgresql://postgres@127.0.0.1:5432/postgres")
    parser.add_argument("--redis", default="127.0.0.1:6379")
    parser.add_argument("--gateway", default="10.88.0.1", help="the host's address on podman's bridge")
    parser.add_argument("--timeout", type=float, default=300)
    args = parser.parse_args()

    name = f"pw_check_{uuid.uuid4().hex[:8]}"
    admin = create_engine(args.pg_admin.replace("postgresql://", "postgresql+psycopg://", 1),
                          isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    pg = relay(args.gateway, ("127.0.0.1", 5432))
    redis_host, redis_port = args.redis.rsplit(":", 1)
    redis_url = f"redis://{args.gateway}:{relay(args.gateway, (redis_host, int(redis_port)))}/0"
    db_url = f"postgresql://postgres@{args.gateway}:{pg}/{name}"
    project = ["podman-compose", "-p", name, "-f", str(args.workdir / "compose.yml")]
    sim = Simulator(host=args.gateway).start()
    started = time.monotonic()
    try:
        with WebhookReceiver(SECRET, host=args.gateway) as receiver, MailCatcher(host=args.gateway) as mailbox:
            entries = [e for e in yaml.safe_load(sim.registry_yaml())["sites"] if e["name"] == "caugiay"]
            entries[0].update(schedule={"interval_seconds": INTERVAL, "jitter_seconds": 0}, download_delay=0)
            (args.workdir / "registry").mkdir(parents=True, exist_ok=True)
            (args.workdir / "registry" / "sites.yaml").write_text(
                yaml.safe_dump({"sites": entries}, allow_unicode=True), encoding="utf-8")
            (args.workdir / "registry" / "sites.yaml").chmod(0o644)
            (args.workdir / "registry").chmod(0o755)
            compose = _compose(args.image, args.workdir, db_url, redis_url, name, receiver.url, mailbox.url)
            (args.workdir / "compose.yml").write_text(yaml.safe_dump(compose), encoding="utf-8")
            _say(f"stack up: 2 schedulers, 2 workers of {args.image}; database {name} (relayed at {db_url}); "
                 f"simulator {entries[0]['url']}")
            subprocess.run([*project, "up", "-d"], check=True, stdout=subprocess.DEVNULL)
            engine = create_engine(db_url.replace("postgresql://", "postgresql+psycopg://", 1))
            deadline = time.monotonic() + args.timeout
            while time.monotonic() < deadline:  # the backfill crawl: stored, not alerted
                with engine.connect() as conn:
                    try:
                        done = conn.execute(text("SELECT count(*) FROM crawl_runs WHERE status = 'ok'")).scalar()
                    except Exception:
                        done = 0  # not migrated yet
                if done:
                    break
                time.sleep(2)
            else:
                _say("no crawl finished in time")
                return 1
            _say(f"first crawl finished after {time.monotonic() - started:.0f} s; publishing a signing")
            url = sim.publish("caugiay", **SIGNING)
            arrived = receiver.wait_for(
                lambda r: [a for a in r.accepted.values() if url in a.document.get("article_urls", [])],
                timeout=max(deadline - time.monotonic(), 1))
            engine.dispose()
            if not arrived:
                _say("the signing did not reach the webhook in time")
                return 1
            [arrival] = [a for a in receiver.accepted.values() if url in a.document.get("article_urls", [])]
            _say(f"signing delivered to the webhook after {time.monotonic() - started:.0f} s: "
                 f"type={arrival.event_type} district={arrival.document.get('district')} "
                 f"title={arrival.document.get('title')!r} (signature checked)")
            mailed = [m for m in mailbox.messages if m["X-Portalwatch-Delivery"] == arrival.delivery_id] \
                if mailbox.wait_for(1, timeout=60) else []
            if not mailed:
                _say("the signing's e-mail did not reach the SMTP catcher (standing in for mailpit) in time")
                return 1
            _say(f"and its e-mail to the SMTP catcher (standing in for mailpit): {mailed[0]['Subject']!r}")
            return 0
    finally:
        logs = subprocess.run([*project, "logs"], capture_output=True, text=True)
        (args.workdir / "stack.log").write_text(logs.stdout + logs.stderr, encoding="utf-8")
        subprocess.run([*project, "down"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        sim.stop()
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


if __name__ == "__main__":
    sys.exit(main())
