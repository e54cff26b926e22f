"""Crawl faults: a dead store writer, a writer slower than the crawl, a stray
byte, mojibake, and a load-more API on another port of the same host."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time

import pytest
from sqlalchemy import create_engine, func, select

from storage.db import sqlalchemy_url
from storage.models import Article, CrawlRun
from tests.conftest import REPO
from tests.faults.portal import FAST_SETTINGS, FaultPortal, article_html
from tests.faults.procs import rss_kib, writer_child


def start_crawl(db_url: str, registry, settings: str = FAST_SETTINGS) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "portalwatch.cli", "--db", db_url, "--sites", str(registry),
                             "crawl", "faulty", "--json"], cwd=REPO, text=True,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            env={**os.environ, "PORTALWATCH_SCRAPY_SETTINGS": settings})


def stored(db_url: str) -> tuple[int, list[CrawlRun]]:
    engine = create_engine(sqlalchemy_url(db_url))
    try:
        with engine.connect() as conn:
            count = conn.scalar(select(func.count()).select_from(Article))
            runs = conn.execute(select(CrawlRun.status, CrawlRun.error, CrawlRun.figures)).all()
    finally:
        engine.dispose()
    return count, runs


def result_of(stdout: str) -> dict:
    return next(json.loads(line) for line in stdout.splitlines() if line.startswith("{"))


@pytest.mark.slow
def test_a_killed_store_writer_fails_the_crawl_fast(db_url, tmp_path, fault_row):
    with FaultPortal(articles=1500) as portal:
        crawl = start_crawl(db_url, portal.registry(tmp_path))
        try:
            writer = None
            deadline = time.monotonic() + 60
            while time.monotonic() < deadline and (writer is None or sum(portal.hits.values()) < 150):
                writer = writer or writer_child(crawl.pid)
                time.sleep(0.1)
            assert writer is not None, "no writer child found"
            fetched_at_kill = sum(portal.hits.values())
            os.kill(writer, signal.SIGKILL)
            killed = time.monotonic()
            out, err = crawl.communicate(timeout=60)
            seconds = time.monotonic() - killed
        finally:
            crawl.kill()
        fetched_after = sum(portal.hits.values()) - fetched_at_kill
        count, runs = stored(db_url)
        # The next crawl, with a writer alive, stores the rest: nothing is lost.
        again = start_crawl(db_url, portal.registry(tmp_path))
        again.communicate(timeout=600)
        total, _ = stored(db_url)
    result = result_of(out)
    fault_row("writer killed (SIGKILL) mid-crawl", "run failed 'store writer died' in seconds; next crawl stores the rest",
              f"run {runs[0].status} '{(runs[0].error or '')[:40]}' {seconds:.1f} s after the kill; "
              f"{fetched_after} pages fetched after; {count} stored, {total} after the next crawl",
              lost=1500 - total, duplicated=max(total - 1500, 0))
    assert seconds < 10, f"the crawl took {seconds:.1f} s to end after its writer was killed"
    assert [r.status for r in runs] == ["failed"], runs
    assert runs[0].error.startswith("store writer died"), runs[0].error
    assert result["status"] == "failed" and result["error"].startswith("store writer died")
    assert "Traceback" not in err
    assert crawl.returncode == 1, (crawl.returncode, err[-500:])
    # What was stored is whole, and the crawl did not go on fetching: at most what was in flight.
    assert fetched_after < 300, f"{fetched_after} pages fetched after the writer died"
    assert 0 < count < 1500, f"{count} articles stored"
    assert total == 1500, f"{1500 - total} articles lost after the next crawl"


class StoreLock:
    """Holds the store's write lock from outside, as a long transaction would:
    SQLite's BEGIN IMMEDIATE, PostgreSQL's exclusive lock on articles."""

    def __init__(self, db_url: str) -> None:
        self.engine = create_engine(sqlalchemy_url(db_url))

    def __enter__(self) -> StoreLock:
        self.conn = self.engine.connect()
        if self.engine.dialect.name == "sqlite":
            self.conn.exec_driver_sql("BEGIN IMMEDIATE")
        else:
            self.conn.exec_driver_sql("BEGIN")
            self.conn.exec_driver_sql("LOCK TABLE articles IN EXCLUSIVE MODE")
        return self

    def __exit__(self, *_exc) -> None:
        self.conn.exec_driver_sql("ROLLBACK")
        self.conn.close()
        self.engine.dispose()


@pytest.mark.slow
def test_fetching_waits_for_a_stalled_writer_and_memory_stays_flat(db_url, tmp_path, fault_row):
    with FaultPortal(articles=1500) as portal:
        crawl = start_crawl(db_url, portal.registry(tmp_path))
        try:
            while sum(portal.hits.values()) < 150:
                time.sleep(0.1)
                assert crawl.poll() is None
            with StoreLock(db_url):
                time.sleep(5)  # the writer's backlog fills, fetching pauses
                fetched, rss = sum(portal.hits.values()), rss_kib(crawl.pid)
                peak = rss
                for _ in range(35):
                    time.sleep(0.2)
                    peak = max(peak, rss_kib(crawl.pid))
                fetched_late = sum(portal.hits.values()) - fetched
            out, err = crawl.communicate(timeout=300)
        finally:
            crawl.kill()
    count, runs = stored(db_url)
    growth_mib = (peak - rss) / 1024
    fault_row("store writer stalled (lock held 12 s), 1,500 links", "fetching waits for the writer, RSS flat",
              f"{fetched_late} pages fetched in the last 7 s of the stall; RSS +{growth_mib:.1f} MiB; "
              f"{count} stored, run {runs[0].status if runs else '?'}", lost=1500 - count)
    assert fetched_late <= 20, f"{fetched_late} pages fetched in 7 s while the writer was stalled"
    assert growth_mib < 8, f"RSS grew {growth_mib:.1f} MiB while the writer was stalled"
    assert count == 1500 and [r.status for r in runs] == ["ok"], (count, runs, err[-500:])


def mojibake_body(html: str) -> str:
    """The page with its article body as UTF-8 read as Windows-1252 ("Há»™i"), as a
    portal that once saved it with the wrong charset serves it, date line intact."""
    start = html.index('<div class="content">')
    end = html.index("</div></div>", start)
    return html[:start] + html[start:end].encode().decode("cp1252", "replace") + html[end:]


@pytest.mark.slow
def test_stray_byte_mojibake_and_an_offsite_port(db_url, tmp_path, fault_row):
    """A UTF-8 page with one stray byte is read as UTF-8 (the byte replaced); a page
    of mojibake is refused and counted; a load-more API on another port of the
    same host is never called, not even its robots.txt."""
    with FaultPortal(articles=6) as portal, FaultPortal(articles=0) as other:
        page = article_html(1).encode()
        portal.pages["/bai/1.html"] = page.replace("chuyển đổi số".encode(),
                                                   "chuyển ".encode() + b"\xff" + " đổi số".encode(), 1)
        portal.pages["/bai/2.html"] = mojibake_body(article_html(2)).encode()
        portal.extra_list_html = (f'<div class="load-more" data-url="{other.url}api/more" data-page="2">Xem thêm</div>'
                                  '<script>$(".load-more").click(function(){ $.post($(this).data("url"), '
                                  '{page: $(this).data("page")}); });</script>')
        crawl = start_crawl(db_url, portal.registry(tmp_path))
        out, err = crawl.communicate(timeout=180)
        other_hits = dict(other.hits)
    result = result_of(out)
    figures = result["figures"]
    engine = create_engine(sqlalchemy_url(db_url))
    with engine.connect() as conn:
        texts = dict(conn.execute(select(Article.url, Article.canonical_text)).all())
    engine.dispose()
    stray_text = texts.get(portal.article_url(1), "")
    fault_row("UTF-8 page (meta utf-8) with a stray 0xFF byte", "read as UTF-8, byte replaced",
              "stored as UTF-8 with U+FFFD" if "\ufffd" in stray_text else "NOT read as UTF-8")
    fault_row("article page of mojibake ('Há»™i')", "refused, counted bad_encoding",
              f"bad_encoding {figures['errors'].get('bad_encoding', 0)}, stored "
              f"{int(portal.article_url(2) in texts)}")
    fault_row("load-more API on another port of the same host", "never called, refusal counted",
              f"requests to the other port {sum(other_hits.values())}; offsite_request "
              f"{figures['errors'].get('offsite_request', 0)}", lost=5 - len(texts))
    assert "chuyển \ufffd đổi số" in stray_text, stray_text[:300]
    assert not any("»" in t or "Ä‘" in t for t in texts.values()), "mojibake stored as text"
    assert portal.article_url(2) not in texts
    assert figures["errors"].get("bad_encoding") == 1, figures
    assert other_hits == {}, f"the other port was asked for {other_hits}"
    assert figures["errors"].get("offsite_request", 0) >= 1, figures
    assert len(texts) == 5, f"{len(texts)} of the 5 good articles stored"
