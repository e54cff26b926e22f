"""Crawling the simulator end to end: the real CLI in a subprocess, a real store."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import SEEDS, run_cli
from tests.crawler.conftest import assert_unchanged_recrawl_was_cheap, crawl, exported

SEED_FILES = sorted(p.name for p in (SEEDS / "canonical").glob("*.txt"))


@pytest.mark.slow
@pytest.mark.parametrize("generic", [False, True], ids=["platform-spiders", "all-generic"])
def test_crawl_and_export_reproduce_the_seeds_byte_for_byte(simulator, db, tmp_path, generic):
    registry = simulator.generic_registry_path if generic else simulator.registry_path
    results, done = crawl(db, registry, "--all")
    assert done.returncode == 0, done.stderr[-2000:]
    assert set(results) == set(simulator.urls)
    assert all(r["status"] == "ok" for r in results.values()), results
    assert "DeprecationWarning" not in done.stderr, "a crawl prints no deprecation warning"

    out = tmp_path / "out"
    assert run_cli("export", "--format", "txt", "--out", str(out), db_url=db).returncode == 0
    files = {p.read_bytes() for p in out.rglob("*.txt")}
    for name in SEED_FILES:
        assert (SEEDS / "canonical" / name).read_bytes() in files, name

    stored = exported(db)
    for url, row in stored.items():  # everything stored is exactly the truth
        assert row["canonical_text"] == simulator.truth(url), url
    for name in simulator.urls:  # generic too: it finds hanoi_gov's list API by itself
        assert set(simulator.article_urls(name)) <= set(stored), f"{name}: articles missed"


@pytest.mark.slow
def test_second_crawl_fetches_no_article_and_only_first_list_pages(simulator, db):
    results, done = crawl(db, simulator.registry_path, "--all")
    assert done.returncode == 0, done.stderr[-2000:]
    first_requests = sum(r["figures"]["requests"] for r in results.values())
    simulator.reset_log()

    results, done = crawl(db, simulator.registry_path, "--all")
    assert done.returncode == 0, done.stderr[-2000:]
    assert_unchanged_recrawl_was_cheap(simulator, results, first_requests)


@pytest.mark.slow
def test_new_article_is_found_and_an_edit_becomes_a_version_on_recrawl(simulator, db):
    assert crawl(db, simulator.registry_path, "thanhtri", "caugiay")[1].returncode == 0
    fresh = simulator.publish("thanhtri", title="Hội nghị tổng kết công tác Mặt trận năm 2026",
                              paragraphs=["Sáng nay, Ủy ban MTTQ huyện tổ chức hội nghị tổng kết."])
    edited = simulator.article_urls("caugiay")[2]
    simulator.edit(edited, append="Bổ sung: danh sách khen thưởng đã được công bố.")

    results, done = crawl(db, simulator.registry_path, "thanhtri", "caugiay")
    assert done.returncode == 0, done.stderr[-2000:]
    assert results["thanhtri"]["figures"]["articles_new"] == 1
    assert results["caugiay"]["figures"]["articles_new"] == 0  # crawl never refetches a known URL
    assert exported(db)[fresh]["canonical_text"] == simulator.truth(fresh)

    simulator.reset_log()
    results, done = crawl(db, simulator.registry_path, "caugiay", command="recrawl")
    assert done.returncode == 0, done.stderr[-2000:]
    figures = results["caugiay"]["figures"]
    known = len(simulator.article_urls("caugiay"))
    assert figures["articles_changed"] == 1
    assert figures["not_modified"] == known - 1
    assert simulator.log.count("caugiay", status=304) == known - 1
    assert exported(db)[edited]["canonical_text"] == simulator.truth(edited)

    # --url: just that article, on whichever site owns it.
    simulator.edit(edited, append="Cập nhật lần hai.")
    results, done = crawl(db, simulator.registry_path, "--url", edited, command="recrawl")
    assert done.returncode == 0, done.stderr[-2000:]
    assert list(results) == ["caugiay"]
    assert results["caugiay"]["figures"]["requests"] <= 2  # robots.txt and the article
    assert results["caugiay"]["figures"]["articles_changed"] == 1
    assert exported(db)[edited]["canonical_text"] == simulator.truth(edited)


@pytest.mark.slow
def test_an_article_taken_down_is_gone_on_recrawl_not_an_error(simulator, db):
    assert crawl(db, simulator.registry_path, "hoankiem")[1].returncode == 0
    removed = simulator.article_urls("hoankiem")[0]
    simulator.delete(removed)
    results, done = crawl(db, simulator.registry_path, "hoankiem", command="recrawl")
    assert done.returncode == 0, done.stderr[-2000:]
    assert results["hoankiem"]["status"] == "ok"
    assert results["hoankiem"]["figures"]["gone"] == 1
    assert removed in exported(db)  # what was stored stays


@pytest.mark.slow
def test_max_articles_and_since(simulator, db):
    results, done = crawl(db, simulator.registry_path, "mttqhanoi", "--max-articles", "5")
    assert done.returncode == 0, done.stderr[-2000:]
    assert results["mttqhanoi"]["figures"]["articles_new"] == 5

    articles = sorted(simulator.articles("hoankiem"), key=lambda a: a.published)
    cutoff = articles[len(articles) // 2].published.date()
    results, done = crawl(db, simulator.registry_path, "hoankiem", "--since", cutoff.isoformat())
    assert done.returncode == 0, done.stderr[-2000:]
    expected = sum(1 for a in articles if a.published.date() >= cutoff)
    assert results["hoankiem"]["figures"]["articles_new"] == expected


def test_usage_errors_exit_2(tmp_path):
    sites = Path(tmp_path / "sites.yaml")
    sites.write_text("sites:\n  - {name: a, url: 'http://127.0.0.1:9/', district: A}\n", encoding="utf-8")
    db = f"sqlite:///{tmp_path / 'x.db'}"
    for args in (["crawl"], ["crawl", "a", "--all"], ["crawl", "nosuchsite"], ["recrawl"],
                 ["recrawl", "a", "--url", "http://elsewhere.example/x"]):
        done = run_cli("--sites", str(sites), *args, db_url=db)
        assert done.returncode == 2, (args, done.stderr)
        assert "Traceback" not in done.stderr
