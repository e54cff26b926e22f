"""Redis-backed crawling with several `portalwatch worker` processes against the
simulator: each article stored once, each URL fetched once, the same result as
one process, and no work lost when Redis or a worker goes away."""

from __future__ import annotations

import json
import threading
import time
from collections import Counter
from urllib.parse import urlsplit

import pytest
from sqlalchemy import func, select

from crawler.distributed.dispatch import dispatch_run, wait_for_run
from crawler.distributed.keys import Keys, connect
from crawler.registry import load_registry
from monitor.events import analyse_pending, list_events
from portalwatch.simulator.simulator import Simulator
from storage.models import Article, ArticleUrl, CrawlRun
from storage.store import Store
from tests.conftest import run_cli
from tests.distributed.conftest import FAST

# Several worker processes, Redis and big simulated portals: minutes; `make test-all` runs them.
pytestmark = pytest.mark.slow

RUN_LIMIT = 240.0


@pytest.fixture
def big_simulator(tmp_path):
    """Six sites of three platforms, 90 generated articles each plus the seeds."""
    sim = Simulator(articles_per_site=90).start()
    sim.registry_path = sim.write_registry(tmp_path / "sites.yaml")
    try:
        yield sim
    finally:
        sim.stop()


def crawl_on_workers(db_url, sim, redis_url, sites=None):
    """Dispatches one run per site as the daemon does; returns {site: outcome}."""
    store = Store.open(db_url)
    registry = load_registry(sim.registry_path)
    store.sync_sites(registry.sites)
    server, keys = connect(redis_url), Keys()
    runs = {site.name: dispatch_run(server, keys, store, site.name)
            for site in registry.sites if sites is None or site.name in sites}
    outcomes = {name: wait_for_run(server, keys, store, run, timeout=RUN_LIMIT) for name, run in runs.items()}
    return store, outcomes


def stored_urls(store) -> Counter:
    with store.session() as s:
        return Counter(s.scalars(select(ArticleUrl.url)))


def article_count(store) -> int:
    with store.session() as s:
        return s.scalar(select(func.count()).select_from(Article))


def fetches(sim, method="GET") -> Counter:
    return Counter((e.site, e.path) for e in sim.log.entries() if e.method == method and e.kind != "robots")


def path_of(url: str) -> str:
    parts = urlsplit(url)
    return parts.path + (f"?{parts.query}" if parts.query else "")


def events_of(store) -> list[str]:
    """What the events say, without their ids and times."""
    analyse_pending(store)
    said = []
    for data in list_events(store):
        data.pop("id"), data.pop("detected_at")
        data["article_urls"] = sorted(data["article_urls"])
        said.append(json.dumps(data, ensure_ascii=False, sort_keys=True))
    return sorted(said)


def test_three_workers_store_every_article_once_and_fetch_every_url_once(
        db_url, big_simulator, redis_server, workers, tmp_path):
    sim = big_simulator
    truth = set(sim.article_urls())
    assert len(truth) >= 500
    workers(db_url, sim.registry_path, redis_server.url, 3)

    store, outcomes = crawl_on_workers(db_url, sim, redis_server.url)

    assert {name: o.status for name, o in outcomes.items()} == {name: "ok" for name in outcomes}
    urls = stored_urls(store)
    assert set(urls) == truth and max(urls.values()) == 1
    gets = fetches(sim)
    assert [k for k, n in gets.items() if n > 1] == []
    fetched_paths = {path for _, path in gets}
    assert all(path_of(url) in fetched_paths for url in truth)
    distributed_posts = sum(fetches(sim, "POST").values())
    distributed_events = events_of(store)
    with store.session() as s:
        figures = [run.figures for run in s.scalars(select(CrawlRun))]
    # The runs' figures are the sums over the workers.
    assert sum(f["articles_new"] + f["articles_duplicate"] for f in figures) == len(truth)

    # The same simulator crawled by one process, into a database of its own.
    sim.reset_log()
    single_db = f"sqlite:///{tmp_path / 'single.db'}"
    done = run_cli("--sites", str(sim.registry_path), "crawl", "--all", db_url=single_db,
                   env={"PORTALWATCH_SCRAPY_SETTINGS": json.dumps(FAST)}, timeout=RUN_LIMIT)
    assert done.returncode == 0, done.stderr[-2000:]
    single = Store.open(single_db)
    assert article_count(single) == article_count(store)
    assert sum(fetches(sim, "POST").values()) == distributed_posts
    assert events_of(single) == distributed_events
    assert distributed_events, "the simulator's content makes events"


@pytest.fixture
def slow_simulator(tmp_path):
    """Two platforms, slow enough (0.3 s a page) that a crawl is still going when Redis or a worker goes away."""
    sim = Simulator(articles_per_site=40, sites=["thanhtri", "phuongcaugiay"]).start()
    sim.registry_path = sim.write_registry(tmp_path / "sites.yaml")
    sim.set_delay(None, 0.3)
    try:
        yield sim
    finally:
        sim.stop()


def wait_for_articles(db_url, at_least: int, timeout: float = 120) -> None:
    store = Store.open(db_url)
    deadline = time.monotonic() + timeout
    while article_count(store) < at_least:
        assert time.monotonic() < deadline, f"fewer than {at_least} articles stored after {timeout} s"
        time.sleep(0.2)
    store.engine.dispose()


def crawl_in_background(db_url, sim, redis_url):
    result: dict = {}
    thread = threading.Thread(target=lambda: result.update(zip(("store", "outcomes"),
                                                                crawl_on_workers(db_url, sim, redis_url))))
    thread.start()
    return thread, result


def test_redis_paused_then_restarted_mid_crawl_loses_nothing(db_url, slow_simulator, redis_server, workers):
    sim = slow_simulator
    truth = set(sim.article_urls())
    pool = workers(db_url, sim.registry_path, redis_server.url, 2, env={"PORTALWATCH_REDIS_LEASE_SECONDS": "30"})
    thread, result = crawl_in_background(db_url, sim, redis_server.url)

    wait_for_articles(db_url, 10)
    redis_server.pause()  # longer than the workers' 5 s Redis timeout
    time.sleep(7)
    redis_server.resume()
    wait_for_articles(db_url, 40)
    redis_server.stop()  # gone: connections refused; its append-only file keeps the queues
    time.sleep(3)
    redis_server.start()
    thread.join(RUN_LIMIT + 30)

    assert not thread.is_alive()
    assert {o.status for o in result["outcomes"].values()} == {"ok"}
    urls = stored_urls(result["store"])
    assert set(urls) == truth and max(urls.values()) == 1
    assert [k for k, n in fetches(sim).items() if n > 1] == []
    log = pool.log_text()
    assert "Redis unreachable" in log and "Redis is back" in log


def test_a_killed_workers_requests_go_back_to_the_queue(db_url, slow_simulator, redis_server, workers):
    sim = slow_simulator
    truth = set(sim.article_urls())
    env = {"PORTALWATCH_REDIS_LEASE_SECONDS": "5"}
    first = workers(db_url, sim.registry_path, redis_server.url, 1, env=env)
    thread, result = crawl_in_background(db_url, sim, redis_server.url)

    wait_for_articles(db_url, 15)  # the one worker is in the middle of both runs
    pool = workers(db_url, sim.registry_path, redis_server.url, 1, env=env)
    first.kill(0)
    thread.join(RUN_LIMIT + 30)

    assert not thread.is_alive()
    assert {o.status for o in result["outcomes"].values()} == {"ok"}
    urls = stored_urls(result["store"])
    assert set(urls) == truth and max(urls.values()) == 1
    assert "were put back" in pool.log_text()


def test_the_next_run_sees_the_lists_again_and_fetches_no_known_article(db_url, simulator, redis_server, workers):
    sim = simulator
    workers(db_url, sim.registry_path, redis_server.url, 2)
    store, first = crawl_on_workers(db_url, sim, redis_server.url, sites={"thanhtri"})
    assert first["thanhtri"].status == "ok"
    known = stored_urls(store)

    sim.reset_log()
    _, second = crawl_on_workers(db_url, sim, redis_server.url, sites={"thanhtri"})
    assert second["thanhtri"].status == "ok"
    assert sim.log.count(site="thanhtri", kind="home") == 1  # not held back by the first run's fingerprints
    assert sim.log.count(site="thanhtri", kind="article") == 0

    published = sim.publish("thanhtri", title="UBND huyện Thanh Trì tổ chức hội nghị sơ kết công tác quý III")
    _, third = crawl_on_workers(db_url, sim, redis_server.url, sites={"thanhtri"})
    assert third["thanhtri"].status == "ok"
    assert set(stored_urls(store)) - set(known) == {published}


def test_a_worker_without_redis_is_a_usage_error(tmp_path):
    done = run_cli("worker", db_url=f"sqlite:///{tmp_path / 'db.sqlite'}", env={"PORTALWATCH_REDIS_URL": ""})
    assert done.returncode == 2
    assert "needs Redis" in done.stderr and "Traceback" not in done.stderr


def test_status_shows_the_live_workers_and_an_unreachable_redis(db_url, simulator, redis_server, workers):
    pool = workers(db_url, simulator.registry_path, redis_server.url, 1)
    deadline = time.monotonic() + 60
    while "worker ready" not in pool.log_text():
        assert time.monotonic() < deadline and pool.processes[0].poll() is None, pool.log_text()[-2000:]
        time.sleep(0.2)

    def workers_line(redis_url):
        done = run_cli("--sites", str(simulator.registry_path), "status", "--json", db_url=db_url,
                       env={"PORTALWATCH_REDIS_URL": redis_url})
        assert done.returncode == 0, done.stderr
        return [json.loads(line) for line in done.stdout.splitlines() if '"workers"' in line][-1]

    seen = workers_line(redis_server.url)
    while not seen["alive"] and time.monotonic() < deadline:
        time.sleep(0.5)
        seen = workers_line(redis_server.url)
    assert seen["reachable"] and len(seen["alive"]) == 1
    pool.stop()
    redis_server.stop()
    gone = workers_line(redis_server.url)
    assert gone["reachable"] is False and gone["error"]
