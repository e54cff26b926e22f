"""Every simulator site of the other platforms (Drupal, WordPress, Joomla, DotNetNuke,
ASP.NET WebForms, Liferay 7, VNPT, Viettel), switched to `generic` with nothing but
name, url and district, is read whole: every article found, title, date and body
exact against the simulator's truth; a second crawl fetches no article page."""

from __future__ import annotations

import pytest

from portalwatch.simulator import Simulator
from portalwatch.simulator.content import site_data
from storage.canonical import parse_article
from tests.crawler.conftest import crawl, exported

SITE_OF = {spec.platform: spec.name for spec, _ in site_data("platforms")}


@pytest.fixture(scope="module")
def crawled(tmp_path_factory):
    workdir = tmp_path_factory.mktemp("platforms")
    with Simulator(platforms=True, sites=list(SITE_OF.values())).start() as sim:
        registry = sim.write_registry(workdir / "generic.yaml", generic=True)
        db = f"sqlite:///{workdir / 'crawl.db'}"
        first, done = crawl(db, registry, "--all", timeout=600)
        assert done.returncode in (0, 1), done.stderr[-2000:]
        first_log = {name: (sim.log.by_kind(name), sim.log.by_method(name)) for name in sim.urls}
        stored = exported(db)
        sim.reset_log()
        second, done = crawl(db, registry, "--all", timeout=600)
        assert done.returncode in (0, 1), done.stderr[-2000:]
        yield sim, first, first_log, stored, second


@pytest.mark.slow
@pytest.mark.parametrize("platform", list(SITE_OF))
def test_every_article_is_found_the_crawl_is_ok_and_a_second_crawl_fetches_none(crawled, platform):
    sim, first, _, stored, second = crawled
    site = SITE_OF[platform]
    assert first[site]["status"] == "ok", first[site]
    missing = [url for url in sim.article_urls(site) if url not in stored]
    assert not missing, (len(missing), missing[:3])
    assert second[site]["figures"]["articles_new"] == 0
    assert sim.log.by_kind(site).get("article", 0) == 0, sim.log.by_path(site)
    assert second[site]["figures"]["requests"] < first[site]["figures"]["requests"] / 4


@pytest.mark.slow
@pytest.mark.parametrize("platform", list(SITE_OF))
def test_every_article_reads_with_the_title_date_and_body_it_was_published_with(crawled, platform):
    sim, _, _, stored, _ = crawled
    wrong = []
    for url, truth_text in sim.truths(SITE_OF[platform]).items():
        truth, ours = parse_article(truth_text), parse_article(stored[url]["canonical_text"])
        if (ours.title, ours.published, ours.paragraphs) != (truth.title, truth.published, truth.paragraphs):
            wrong.append(url)
    assert not wrong, (len(wrong), wrong[:3])


@pytest.mark.slow
def test_discovery_went_the_platforms_own_ways(crawled):
    _, _, log, _, _ = crawled
    kinds = {name: k for name, (k, _) in log.items()}
    assert kinds[SITE_OF["wordpress"]]["sitemap"] == 2  # robots.txt -> index -> the posts' sitemap
    assert kinds[SITE_OF["viettel"]]["sitemap"] == 1
    assert kinds[SITE_OF["drupal"]]["feed"] == 1  # advertised in <head>
    # WebForms lists page by posting the form back, one post per further page of each category.
    assert log[SITE_OF["webforms"]][1]["POST"] >= 2
    # Number-only pagers (DotNetNuke) and path pagers (VNPT) were walked past page 1.
    for platform in ("dnn", "vnpt", "joomla"):
        assert kinds[SITE_OF[platform]]["list"] > 2, platform
