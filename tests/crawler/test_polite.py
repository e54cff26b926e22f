"""Politeness: robots.txt (Disallow and Crawl-delay), an honest User-Agent,
small per-site concurrency, the site's own download_delay."""

from __future__ import annotations

import json
import re

import pytest

from crawler.run import crawl_settings
from tests.crawler.conftest import FAST, crawl


def test_settings_are_polite_by_default():
    settings = crawl_settings()
    assert re.fullmatch(r"portalwatch/\d+\.\d+\.\d+ \(\+https?://\S+\)", settings["USER_AGENT"])
    assert settings.getbool("ROBOTSTXT_OBEY") and settings.getbool("AUTOTHROTTLE_ENABLED")
    assert settings.getint("CONCURRENT_REQUESTS_PER_DOMAIN") <= 2
    assert settings.getfloat("DOWNLOAD_DELAY") >= 1
    assert 0 < settings.getint("DOWNLOAD_MAXSIZE") <= 16 * 1024 * 1024
    assert 0 < settings.getint("DOWNLOAD_TIMEOUT") <= 60
    assert settings.getint("RETRY_TIMES") >= 2 and settings.getfloat("RETRY_BACKOFF_BASE") > 0


@pytest.mark.slow
def test_robots_disallow_is_obeyed(simulator, db, tmp_path):
    base = simulator.urls["caugiay"]
    registry = tmp_path / "sites.yaml"
    registry.write_text(f"sites:\n  - name: caugiay\n    url: {base}/\n    district: Cầu Giấy\n"
                        f"    platform: caugiay\n    start_urls: ['{base}/search?keyword=ubnd']\n",
                        encoding="utf-8")
    results, done = crawl(db, registry, "caugiay", "--max-articles", "1")
    assert done.returncode == 0, done.stderr[-2000:]
    assert results["caugiay"]["figures"]["errors"] == {"robots_forbidden": 1}
    assert simulator.log.count("caugiay", path="/search") == 0


@pytest.mark.slow
def test_crawl_delay_of_robots_txt_is_honoured(simulator, db):
    # The simulator's robots.txt says "Crawl-delay: 1".
    settings = json.dumps({**json.loads(FAST), "ROBOTSTXT_CRAWL_DELAY": True})
    results, done = crawl(db, simulator.registry_path, "mttqhanoi", "--max-articles", "2", settings=settings)
    assert done.returncode == 0, done.stderr[-2000:]
    figures = results["mttqhanoi"]["figures"]
    # robots.txt goes first, then every request waits its turn: a second apart.
    assert figures["seconds"] >= figures["requests"] - 2
