"""One analysis per crawl: a daemon's child (`--owner`) leaves its articles queued for its
daemon; a crawl run by hand analyses them itself (real simulator, real subprocesses)."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import func, select

from portalwatch.simulator.pytest_fixture import simulator  # noqa: F401
from storage.models import Article
from storage.models_facts import AnalysisQueue, ArticleFacts
from storage.store import Store
from tests.conftest import run_cli

FAST = json.dumps({"DOWNLOAD_DELAY": 0, "AUTOTHROTTLE_START_DELAY": 0.01, "RETRY_TIMES": 0,
                   "ROBOTSTXT_CRAWL_DELAY": False})

pytestmark = pytest.mark.slow


def _counts(db: str) -> tuple[int, int, int]:
    store = Store.open(db)
    try:
        with store.session() as s:
            return tuple(s.scalar(select(func.count()).select_from(t)) for t in (Article, AnalysisQueue, ArticleFacts))
    finally:
        store.engine.dispose()


def test_a_daemons_child_leaves_analysis_to_its_daemon_and_a_hand_crawl_analyses(simulator, tmp_path):
    db = f"sqlite:///{tmp_path / 'x.db'}"
    env = {"PORTALWATCH_SCRAPY_SETTINGS": FAST}
    child = run_cli("--sites", str(simulator.registry_path), "crawl", "caugiay", "--owner", "daemon:test",
                    db_url=db, env=env)
    assert child.returncode == 0, child.stderr
    articles, queued, analysed = _counts(db)
    assert articles > 0 and (queued, analysed) == (articles, 0)

    by_hand = run_cli("--sites", str(simulator.registry_path), "crawl", "caugiay", db_url=db, env=env)
    assert by_hand.returncode == 0, by_hand.stderr
    assert _counts(db) == (articles, 0, articles)
