"""Every injected fault leaves the crawl running to its end, is counted in the
crawl run's figures, and stores nothing half-written."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest

from tests.crawler.conftest import crawl, exported

FAULTS = [  # kind, params, error kind in the figures (None: read fine)
    ("status", {"code": 503}, "http_503"),
    ("status", {"code": 500}, "http_500"),
    ("delay", {"seconds": 5}, "timeout"),
    ("reset", {}, "connection_reset"),
    ("cp1258", {"meta": False}, None),
    ("cp1258", {"meta": True}, None),
    ("redirect_loop", {}, "redirect_loop"),
    ("offsite_redirect", {}, "offsite_redirect"),
    ("large", {}, "too_large"),
    ("layout", {}, "layout_changed"),
]


@pytest.mark.slow
def test_every_fault_is_survived_counted_and_nothing_half_written(simulator, db):
    site = "thanhtri"
    urls = simulator.article_urls(site)
    faulty = {}
    for (kind, params, error), url in zip(FAULTS, urls):
        simulator.inject(site, urlsplit(url).path, kind, **params)
        faulty[url] = (kind, error)

    results, done = crawl(db, simulator.registry_path, site, "caugiay")
    assert done.returncode == 0, done.stderr[-2000:]
    figures = results[site]["figures"]
    assert results[site]["status"] == "partial"
    assert results["caugiay"]["status"] == "ok"  # faults on one site leave the others alone

    expected_errors = {}
    for kind, error in faulty.values():
        if error:
            expected_errors[error] = expected_errors.get(error, 0) + 1
    assert figures["errors"] == expected_errors

    stored = exported(db)
    for url, row in stored.items():  # what was stored is whole and right
        assert row["canonical_text"] == simulator.truth(url), url
    readable = {url for url, (kind, error) in faulty.items() if error in (None, "layout_changed")}
    failed = set(faulty) - readable
    assert readable <= set(stored)  # cp1258 pages and a changed layout still give the article
    assert not failed & set(stored)
    assert set(urls) - set(faulty) <= set(stored)  # the crawl went on to its end
    assert figures["articles_new"] == len(urls) - len(failed)


@pytest.mark.slow
def test_transient_5xx_is_retried_with_backoff_and_succeeds(simulator, db):
    url = simulator.article_urls("caugiay")[0]
    simulator.inject("caugiay", urlsplit(url).path, "status", times=1, code=503)
    results, done = crawl(db, simulator.registry_path, "caugiay")
    assert done.returncode == 0, done.stderr[-2000:]
    assert results["caugiay"]["status"] == "ok"
    assert exported(db)[url]["canonical_text"] == simulator.truth(url)
    assert simulator.log.count("caugiay", path=urlsplit(url).path) == 2


@pytest.mark.slow
def test_a_site_that_is_down_fails_alone(simulator, db, tmp_path):
    registry = tmp_path / "sites.yaml"
    registry.write_text(simulator.registry_path.read_text(encoding="utf-8") +
                        "- name: down\n  url: http://127.0.0.1:9/\n  district: Nowhere\n", encoding="utf-8")
    results, done = crawl(db, registry, "down", "mttqhanoi")
    assert done.returncode == 1
    assert "down" in done.stderr and "Traceback" not in done.stderr
    assert results["down"]["status"] == "failed"
    assert results["mttqhanoi"]["status"] == "ok"
