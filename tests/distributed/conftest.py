"""Fixtures of the scale-out tests: a private Redis server, the simulator, workers."""

from __future__ import annotations

import json

import pytest

from crawler.distributed.processes import LocalRedis, Workers
from portalwatch.simulator.pytest_fixture import simulator  # noqa: F401

# As in tests/crawler: the simulator answers in milliseconds, so no waiting between requests.
FAST = {"DOWNLOAD_DELAY": 0, "AUTOTHROTTLE_START_DELAY": 0.01, "RETRY_BACKOFF_BASE": 0.05,
        "RETRY_TIMES": 1, "DOWNLOAD_TIMEOUT": 5, "ROBOTSTXT_CRAWL_DELAY": False}


@pytest.fixture
def redis_server(tmp_path):
    with LocalRedis(tmp_path / "redis") as server:
        yield server


@pytest.fixture
def workers(tmp_path):
    """workers(db_url, sites_file, redis_url, n, env=None) starts n workers; all stopped at the end."""
    pools: list[Workers] = []

    def start(db_url, sites_file, redis_url, n, env=None):
        pool = Workers(db_url, sites_file, redis_url, tmp_path / f"workers-{len(pools)}",
                       env={"PORTALWATCH_SCRAPY_SETTINGS": json.dumps(FAST), **(env or {})}).start(n)
        pools.append(pool)
        return pool

    yield start
    for pool in pools:
        pool.stop()
