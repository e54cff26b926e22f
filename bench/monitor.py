#!/usr/bin/env python
"""The monitor's latency and footprint, against the portal simulator.

Publishes N signings (default 20) on a simulated portal, each at a random moment
of the crawl interval, and times each from publication to its arrival at the
webhook receiver (and in the mailbox); prints the median and maximum next to
the interval (the wait for the next crawl is most of it). Then the daemon's own
resident memory while idle between crawls (target <= 150 MB; its crawl
children come and go and are not counted).

    .venv/bin/python bench/monitor.py [--publications 20] [--interval 5]
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from portalwatch.demo import DemoRig, signing_article  # noqa: E402

RSS_TARGET_MB = 150


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--publications", type=int, default=20)
    parser.add_argument("--interval", type=int, default=5, help="seconds between crawls of the portal")
    parser.add_argument("--idle-seconds", type=float, default=10.0,
                        help="how long to sample the idle daemon's memory at the end")
    args = parser.parse_args()

    hook: list[float] = []
    mail: list[float] = []
    with DemoRig(interval=args.interval, echo=lambda _line: None) as rig:
        if not rig.wait_for_crawls(1, 180):
            print("the first crawl did not finish", file=sys.stderr)
            return 1
        for n in range(1, args.publications + 1):
            time.sleep(random.uniform(0, args.interval))  # any phase of the schedule
            delivered = rig.publish_and_wait(signing_article(n), timeout=args.interval * 3 + 60)
            if delivered is None:
                print(f"publication {n}: no alert arrived", file=sys.stderr)
                return 1
            hook.append(delivered.webhook_seconds)
            if delivered.mail_seconds is not None:
                mail.append(delivered.mail_seconds)
            print(f"publication {n:2d}: webhook {delivered.webhook_seconds:5.2f} s", flush=True)

        # Idle: restarted with the schedule an hour away (a changed schedule is not
        # crawled at once), so no crawl runs while we sample.
        rig.stop_daemon()
        rig.interval = 3600
        rig.start_daemon()
        time.sleep(3)  # started, caught up on analysis and deliveries
        samples: list[int] = []
        end = time.monotonic() + args.idle_seconds
        while time.monotonic() < end:
            kib = rig.daemon_rss_kib()
            if kib:
                samples.append(kib)
            time.sleep(0.5)

    print()
    print(f"publications:            {len(hook)} (crawl interval {args.interval} s)")
    print(f"publish -> webhook:      median {statistics.median(hook):.2f} s, max {max(hook):.2f} s "
          f"(interval + 5 s = {args.interval + 5} s)")
    if mail:
        print(f"publish -> mailbox:      median {statistics.median(mail):.2f} s, max {max(mail):.2f} s")
    if samples:
        peak = max(samples) / 1024
        print(f"daemon idle RSS:         {samples[-1] / 1024:.1f} MB (max {peak:.1f} MB over "
              f"{args.idle_seconds:.0f} s; target <= {RSS_TARGET_MB} MB: {'met' if peak <= RSS_TARGET_MB else 'NOT met'})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
