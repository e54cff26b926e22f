"""Host side of deploy/check-images.sh: the stack's registry, the webhook receiver, the wait.

    check_stack.py registry SIM_REGISTRY OUT --site NAME... --interval SECONDS
    check_stack.py webhook HOST PORT LOG SECRET   # serves until killed
    check_stack.py wait --scheduler CONTAINER --simulator URL --webhook-log LOG --mail URL --article JSON

Runs with the project's own virtual environment (PyYAML, and the webhook channel's signature
function to check the stack signs with the secret of its .env).
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import yaml

from monitor.channels.webhook import signature


def write_registry(simulator_registry: Path, out: Path, sites: list[str], interval: int) -> None:
    """The simulator's registry cut to `sites`, each crawled every `interval` seconds without jitter,
    so the crawl after the backfill comes soon and at a known time."""
    entries = yaml.safe_load(simulator_registry.read_text(encoding="utf-8"))["sites"]
    chosen = [dict(entry, schedule={"interval_seconds": interval, "jitter_seconds": 0})
              for entry in entries if entry["name"] in sites]
    missing = set(sites) - {entry["name"] for entry in chosen}
    if missing:
        print(f"the simulator serves no site named {', '.join(sorted(missing))}.", file=sys.stderr)
        raise SystemExit(2)
    out.write_text(yaml.safe_dump({"sites": chosen}, allow_unicode=True, sort_keys=False), encoding="utf-8")
    out.chmod(0o644)  # the containers read it as nobody


def serve_webhook(host: str, port: int, log: Path, secret: str) -> None:
    """Answers 200 to every POST and appends its headers, JSON body and whether its signature is
    right to `log`, one line each."""

    class Receiver(BaseHTTPRequestHandler):
        def do_POST(self) -> None:  # noqa: N802 (http.server's name)
            body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
            headers = {k.lower(): v for k, v in self.headers.items()}
            expected = signature(secret, headers.get("x-portalwatch-timestamp", ""), body)
            record = {"received_at": time.time(), "path": self.path, "headers": headers,
                      "signature_ok": headers.get("x-portalwatch-signature") == expected,
                      "body": json.loads(body.decode("utf-8") or "null")}
            with log.open("a", encoding="utf-8") as out:
                out.write(json.dumps(record, ensure_ascii=False) + "\n")
            self.send_response(200)
            self.send_header("Content-Length", "0")
            self.end_headers()

        def log_message(self, format: str, *args: object) -> None:  # noqa: A002
            pass

    ThreadingHTTPServer((host, port), Receiver).serve_forever()


def _http_json(url: str, payload: dict[str, Any] | None = None) -> Any:
    data = json.dumps(payload).encode() if payload is not None else None
    request = urllib.request.Request(url, data=data, headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=10) as answer:
        return json.loads(answer.read().decode("utf-8"))


def stack_status(scheduler: str) -> list[dict[str, Any]]:
    """`portalwatch status --json` run inside a scheduler container: one dict per line."""
    done = subprocess.run(["podman", "exec", scheduler, "portalwatch", "status", "--json"],
                          capture_output=True, text=True, timeout=120)
    if done.returncode != 0:
        return []
    return [json.loads(line) for line in done.stdout.splitlines() if line.startswith("{")]


def _finished_run(lines: list[dict[str, Any]], site: str) -> dict[str, Any] | None:
    for line in lines:
        run = line.get("last_run") if line.get("kind") == "site" and line.get("site") == site else None
        if run and run.get("status") == "ok":
            return run
    return None


def _signing_received(log: Path, url: str) -> dict[str, Any] | None:
    if not log.exists():
        return None
    for line in log.read_text(encoding="utf-8").splitlines():
        record = json.loads(line)
        body = record.get("body") or {}
        if body.get("type") == "signing" and url in (body.get("article_urls") or []):
            return record
    return None


def _until(what: str, deadline: float, probe, pause: float = 5.0):
    print(f"waiting: {what}", flush=True)
    while time.monotonic() < deadline:
        found = probe()
        if found:
            return found
        time.sleep(pause)
    return None


def wait_for_signing(args: argparse.Namespace) -> int:
    """Backfill of the article's site, then the article published, then its signing at the webhook."""
    article = json.loads(Path(args.article).read_text(encoding="utf-8"))
    site = article.pop("site")
    deadline = time.monotonic() + args.timeout
    crawled = _until(f"the first crawl of {site} (its backfill) to end ok", deadline,
                      lambda: _finished_run(stack_status(args.scheduler), site))
    if not crawled:
        print(f"FAIL: no finished crawl of {site} within {args.timeout} s")
        return 1
    print(f"{site} crawled: its last run ({crawled['id']}) ended ok, figures {json.dumps(crawled['figures'])}")
    published_at = time.time()
    url = _http_json(f"{args.simulator}/_sim/publish", {"site": site, **article})["url"]
    print(f"published on the simulator: {url}")
    record = _until("its signing at the webhook receiver", deadline,
                    lambda: _signing_received(Path(args.webhook_log), url), pause=2.0)
    if not record:
        print(f"FAIL: no signing event for {url} reached the webhook within {args.timeout} s")
        return 1
    body, headers = record["body"], record["headers"]
    print(f"webhook: {record['received_at'] - published_at:.0f} s after publishing, "
          f"delivery {headers.get('x-portalwatch-delivery')}, "
          f"signature {'right' if record['signature_ok'] else 'WRONG'}")
    print("signing: " + json.dumps(body.get("signing"), ensure_ascii=False, sort_keys=True))
    bodies = [json.loads(line)["body"] for line in Path(args.webhook_log).read_text(encoding="utf-8").splitlines()]
    backfill_alerted = [b for b in bodies if b.get("type") != "site_health" and url not in b.get("article_urls", [])]
    print(f"webhook deliveries in all: {len(bodies)} ({', '.join(str(b.get('type')) for b in bodies)}), "
          f"{len(backfill_alerted)} of them from the backfill")
    mail = _until("its alert in the mail catcher", deadline, lambda: [
        message for message in _http_json(args.mail) if message.get("event") == "signing"], pause=2.0)
    print(f"mail catcher: {len(mail or [])} signing message(s)" + (f", subject {mail[0]['subject']!r}" if mail else ""))
    status = {line.pop("kind"): line for line in stack_status(args.scheduler) if line.get("kind") != "site"}
    for kind in ("daemon", "workers", "outbox"):
        print(f"status {kind}: {json.dumps(status.get(kind), ensure_ascii=False, sort_keys=True)}")
    workers = len((status.get("workers") or {}).get("alive") or [])
    problems = [problem for problem, bad in (("the webhook signature is wrong", not record["signature_ok"]),
                                             ("the backfill's events were alerted", backfill_alerted),
                                             ("no alert e-mail reached the catcher", not mail),
                                             (f"{workers} worker(s) alive, not 2", workers != 2)) if bad]
    for problem in problems:
        print(f"FAIL: {problem}")
    return 1 if problems else 0


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="check_stack.py")
    commands = parser.add_subparsers(dest="command", required=True)
    registry = commands.add_parser("registry")
    registry.add_argument("simulator_registry", type=Path)
    registry.add_argument("out", type=Path)
    registry.add_argument("--site", action="append", required=True)
    registry.add_argument("--interval", type=int, default=30)
    webhook = commands.add_parser("webhook")
    webhook.add_argument("host")
    webhook.add_argument("port", type=int)
    webhook.add_argument("log", type=Path)
    webhook.add_argument("secret")
    wait = commands.add_parser("wait")
    wait.add_argument("--scheduler", required=True)
    wait.add_argument("--simulator", required=True)
    wait.add_argument("--webhook-log", required=True)
    wait.add_argument("--mail", required=True)
    wait.add_argument("--article", required=True)
    wait.add_argument("--timeout", type=int, default=900)
    args = parser.parse_args(argv)
    if args.command == "registry":
        write_registry(args.simulator_registry, args.out, args.site, args.interval)
        return 0
    if args.command == "webhook":
        serve_webhook(args.host, args.port, args.log, args.secret)
        return 0
    return wait_for_signing(args)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
