"""Crawler tests run the real CLI in a subprocess against the simulator (in
this process, on free ports) with a real SQLite store in a temporary directory.
Scrapy's reactor cannot restart, hence one subprocess per crawl."""

from __future__ import annotations

import json

import pytest

from portalwatch.simulator.pytest_fixture import simulator, simulator_module  # noqa: F401
from tests.conftest import run_cli

# The simulator answers in milliseconds; waiting between requests (its robots.txt
# asks for a 1 s Crawl-delay) would only make the suite slow. test_polite checks
# the waiting itself.
FAST = json.dumps({"DOWNLOAD_DELAY": 0, "AUTOTHROTTLE_START_DELAY": 0.01, "RETRY_BACKOFF_BASE": 0.05,
                   "RETRY_TIMES": 1, "DOWNLOAD_TIMEOUT": 3, "ROBOTSTXT_CRAWL_DELAY": False})


def crawl(db_url: str, registry, *args: str, command: str = "crawl", timeout: float = 180,
          settings: str = FAST):
    """Runs `portalwatch crawl|recrawl ... --json`; returns {site: result} and the process."""
    done = run_cli("--sites", str(registry), command, *args, "--json", db_url=db_url,
                   env={"PORTALWATCH_SCRAPY_SETTINGS": settings}, timeout=timeout)
    results = {}
    for line in done.stdout.splitlines():
        if line.startswith("{"):
            result = json.loads(line)
            results[result["site"]] = result
    return results, done


def exported(db_url: str) -> dict[str, dict]:
    """Every stored article by URL, as `export --format jsonl` writes it."""
    done = run_cli("export", "--format", "jsonl", "--out", "-", db_url=db_url)
    assert done.returncode == 0, done.stderr
    return {row["url"]: row for row in map(json.loads, filter(None, done.stdout.splitlines()))}


@pytest.fixture
def db(tmp_path) -> str:
    return f"sqlite:///{tmp_path / 'crawl.db'}"


def assert_unchanged_recrawl_was_cheap(simulator, results: dict, first_requests: int) -> None:
    """A second crawl of an unchanged simulator: no article page, no list page but
    the first of each category (and its first API page), a fifth of the requests at most."""
    assert all(r["figures"]["articles_new"] == 0 for r in results.values())
    for name in simulator.urls:
        kinds = simulator.log.by_kind(name)
        categories = len(simulator.site(name).spec.categories)
        assert kinds.get("article", 0) == 0, (name, kinds)
        assert kinds.get("robots", 0) <= 1
        assert kinds.get("list", 0) <= categories, (name, simulator.log.by_path(name))
        assert kinds.get("api", 0) <= categories, (name, simulator.log.by_path(name))
        assert not any("_cur=" in p or "page=" in p for p in simulator.log.by_path(name)), name
    second_requests = sum(r["figures"]["requests"] for r in results.values())
    assert second_requests < first_requests / 5
