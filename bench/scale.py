"""Scale-out benchmark: pages/s of Redis-backed crawling with 1, 2 and 4 workers.

The simulator answers each page after --delay seconds, so that the portals,
not this machine's two cores, are the limit (as with real portals across the
Internet); the shipped politeness settings stay on (two requests per site at a
time in each worker, AutoThrottle), minus the fixed download delay. For each
worker count: a fresh database, a private Redis, the workers started and
ready, then one run per site dispatched as the daemon does; the time is from
the dispatch to the last run's end. Prints pages/s and the ratio to one worker.

    .venv/bin/python bench/scale.py [--workers 1,2,4] [--articles-per-site 60] [--delay 1.0]
        [--db postgresql://postgres@127.0.0.1:5432/postgres]

With a PostgreSQL URL, each configuration gets a throwaway database on that
server (many writers); without one, a SQLite file.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

SETTINGS = {"DOWNLOAD_DELAY": 0, "AUTOTHROTTLE_START_DELAY": 0.0, "ROBOTSTXT_CRAWL_DELAY": False,
            "LOG_LEVEL": "WARNING"}


def fresh_database(admin_url: str | None, directory: Path) -> tuple[str, object]:
    if not admin_url:
        return f"sqlite:///{directory / f'bench-{uuid.uuid4().hex[:6]}.db'}", lambda: None
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    from storage.db import sqlalchemy_url

    name = f"pw_bench_{uuid.uuid4().hex[:10]}"
    admin = create_engine(sqlalchemy_url(admin_url), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))

    def drop() -> None:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()

    return make_url(admin_url).set(database=name).render_as_string(hide_password=False), drop


def wait_ready(pool, n: int, timeout: float = 120) -> None:
    deadline = time.monotonic() + timeout
    while pool.log_text().count("worker ready") < n:
        if time.monotonic() > deadline:
            sys.exit(f"the workers did not start:\n{pool.log_text()[-3000:]}")
        time.sleep(0.2)
    time.sleep(1.0)  # the spiders open just after the log line


def one_configuration(workers: int, sim, registry: Path, admin_url: str | None, directory: Path) -> dict:
    from crawler.distributed.dispatch import dispatch_run, wait_for_run
    from crawler.distributed.keys import Keys, connect
    from crawler.distributed.processes import LocalRedis, Workers
    from crawler.registry import load_registry
    from storage.store import Store

    db_url, drop = fresh_database(admin_url, directory)
    try:
        store = Store.open(db_url)
        sites = load_registry(registry).sites
        store.sync_sites(sites)
        with LocalRedis(directory / f"redis-{workers}") as redis_server, \
                Workers(db_url, registry, redis_server.url, directory / f"logs-{workers}",
                        env={"PORTALWATCH_SCRAPY_SETTINGS": json.dumps(SETTINGS)}).start(workers) as pool:
            wait_ready(pool, workers)
            server, keys = connect(redis_server.url), Keys()
            started = time.perf_counter()
            runs = [dispatch_run(server, keys, store, site.name) for site in sites]
            outcomes = [wait_for_run(server, keys, store, run, timeout=1800, poll=0.2) for run in runs]
            seconds = time.perf_counter() - started
        from storage.models import CrawlRun

        with store.session() as s:
            figures = [s.get(CrawlRun, run).figures for run in runs]
        store.engine.dispose()
    finally:
        drop()
    requests = sum(f.get("requests", 0) for f in figures)
    return {"workers": workers, "seconds": seconds, "requests": requests, "pages_per_s": requests / seconds,
            "articles": sum(f.get("articles_new", 0) for f in figures),
            "statuses": sorted({o.status for o in outcomes})}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--workers", default="1,2,4")
    parser.add_argument("--articles-per-site", type=int, default=60)
    parser.add_argument("--delay", type=float, default=1.0, help="seconds the simulator takes per page")
    parser.add_argument("--db", default=None, help="PostgreSQL server URL for throwaway databases (default: SQLite)")
    args = parser.parse_args()

    from portalwatch.simulator.simulator import Simulator

    counts = [int(n) for n in args.workers.split(",")]
    with tempfile.TemporaryDirectory() as tmp:
        directory = Path(tmp)
        results = []
        for n in counts:
            # A fresh simulator each time: the same content, an empty request log.
            with Simulator(articles_per_site=args.articles_per_site) as sim:
                sim.set_delay(None, args.delay)
                registry = sim.write_registry(directory / f"sites-{n}.yaml")
                results.append(one_configuration(n, sim, registry, args.db, directory))
            r = results[-1]
            print(f"{n} worker(s): {r['requests']} requests in {r['seconds']:.1f} s = {r['pages_per_s']:.1f} pages/s; "
                  f"{r['articles']} articles; runs {', '.join(r['statuses'])}", flush=True)
    base = results[0]["pages_per_s"]
    print(f"\nportal delay {args.delay} s/page, {args.articles_per_site} articles/site, "
          f"database {'PostgreSQL' if args.db else 'SQLite'}")
    print("workers  pages/s  ratio to 1")
    for r in results:
        print(f"{r['workers']:>7}  {r['pages_per_s']:7.1f}  {r['pages_per_s'] / base:10.2f}")


if __name__ == "__main__":
    main()
