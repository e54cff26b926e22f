"""A store filled from the portal simulator by the real `crawl` command, and
the web view served over it on a free loopback port."""

from __future__ import annotations

from pathlib import Path

import pytest

from portalwatch.simulator.simulator import Simulator
from tests.crawler.conftest import FAST, crawl

SITES = ("thanhtri", "caugiay")


@pytest.fixture(scope="session")
def filled(tmp_path_factory) -> tuple[str, Path]:
    """(SQLite URL, registry file): two simulated portals crawled, one article edited and re-crawled."""
    tmp = tmp_path_factory.mktemp("web")
    db_url = f"sqlite:///{tmp / 'web.db'}"
    with Simulator().start() as sim:
        registry = sim.write_registry(tmp / "sites.yaml")
        results, done = crawl(db_url, registry, *SITES, settings=FAST)
        assert all(results[s]["status"] == "ok" for s in SITES), done.stderr[-2000:]
        edited = sim.article_urls("thanhtri")[0]
        sim.edit(edited, append="Bài viết đã được bổ sung thông tin sau khi đăng.")
        crawl(db_url, registry, "thanhtri", "--url", edited, command="recrawl", settings=FAST)
    return db_url, registry


@pytest.fixture(scope="session")
def filled_db(filled) -> str:
    return filled[0]


@pytest.fixture(scope="session")
def web_store(filled_db):
    from storage.store import Store

    store = Store.open(filled_db)
    yield store
    store.engine.dispose()


@pytest.fixture(scope="session")
def web_server(web_store, filled):
    from crawler.registry import load_registry
    from portalwatch.web.server import serve_in_thread

    # token "": none, whatever the environment says (a loopback server needs none).
    server = serve_in_thread(web_store, "127.0.0.1:0", registry=load_registry(filled[1]), token="")
    yield server
    server.stop()
