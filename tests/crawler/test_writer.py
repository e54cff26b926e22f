"""The store writer's loop, in this process: queue.Queue stands in for the
multiprocessing queues (same get/get_nowait/put)."""

from __future__ import annotations

import queue

from crawler.pipelines.writer import _serve
from tests.conftest import REPO
from storage.canonical import read_article_file
from storage.store import Store


def test_one_failing_call_in_a_batch_leaves_the_others_stored(db_url, seed_paths, monkeypatch):
    real = Store._near_duplicate_group

    def fails_on_boom(conn, article_id, fp, *nearby):
        if any("boom" in k for k in fp.keys):
            raise RuntimeError("disk full")
        return real(conn, article_id, fp, *nearby)

    monkeypatch.setattr(Store, "_near_duplicate_group", staticmethod(fails_on_boom))
    a, b = read_article_file(seed_paths[0]), read_article_file(seed_paths[1])
    bad = b.with_paragraphs(b.paragraphs + ("Đồng chí Nguyễn BOOM Văn phát biểu.",))
    requests, results = queue.Queue(), queue.Queue()
    site = {"site": "thanhtri"}
    requests.put([(0, "save_article", (a,), {"url": "http://w/a", **site}),
                  (1, "save_article", (bad,), {"url": "http://w/bad", **site})])
    requests.put([(2, "save_article", (b,), {"url": "http://w/b", **site}),
                  (3, "save_article", (a,), {"url": "http://w/a", **site}),
                  (4, "touch_url", ("http://w/b", '"e"', None), {})])
    requests.put(None)
    _serve(db_url, requests, results)

    answers = []
    while (message := results.get(timeout=5)) is not None:
        answers.extend(message)
    assert [(i, ok) for i, ok, _ in answers] == [(0, True), (1, False), (2, True), (3, True), (4, True)]
    assert [value for _, ok, value in answers if ok] == ["new", "new", "unchanged", None]
    assert "disk full" in answers[1][2]
    store = Store.open(db_url)
    try:
        assert store.known_urls("thanhtri") == {"http://w/a", "http://w/b"}
        assert store.count_articles() == 2
        assert {s.url: s.etag for s in store.url_states("thanhtri")}["http://w/b"] == '"e"'
    finally:
        store.engine.dispose()


def test_a_store_that_cannot_open_fails_every_call():
    requests, results = queue.Queue(), queue.Queue()
    requests.put([(0, "touch_url", ("http://x/1", None, None), {})])
    _serve("postgresql://nobody@127.0.0.1:1/none", requests, results)
    (call_id, ok, message), = results.get(timeout=5)
    assert call_id is None and not ok and message


def test_the_writer_goes_when_its_crawler_is_killed(tmp_path):
    """SIGKILL leaves a crawler no chance to stop its writer; the writer must not stay orphaned."""
    import os
    import signal
    import subprocess
    import sys
    import time

    script = ("import sys, time; from crawler.pipelines.writer import StoreWriter; from storage.store import Store; "
              "w = StoreWriter(Store.open(sys.argv[1])); print(w._process.pid, flush=True); time.sleep(600)")
    crawler = subprocess.Popen([sys.executable, "-c", script, f"sqlite:///{tmp_path / 'w.db'}"],
                               stdout=subprocess.PIPE, text=True, cwd=REPO)
    writer_pid = int(crawler.stdout.readline())
    os.kill(crawler.pid, signal.SIGKILL)
    crawler.wait()
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline:
        try:
            with open(f"/proc/{writer_pid}/stat") as stat:
                if stat.read().rsplit(")", 1)[1].split()[0] == "Z":
                    return  # dead; its new parent has not reaped it yet
        except FileNotFoundError:
            return
        time.sleep(0.1)
    os.kill(writer_pid, signal.SIGKILL)
    raise AssertionError("the store writer outlived its killed crawler")
