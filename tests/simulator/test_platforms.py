"""The platforms modelled on real portal software: every article reachable the
platform's way (pagers, postbacks, feeds, sitemaps) and printing its truth."""

from __future__ import annotations

import re
from urllib.parse import urlencode, urlsplit

import pytest
from bs4 import BeautifulSoup

from crawler.discovery import read_feed, read_sitemap
from portalwatch.simulator import Simulator
from portalwatch.simulator.content import site_data
from storage.canonical import parse_article
from storage.normalize import clean_line
from tests.simulator.helpers import fetch

NEW_SITES = [spec.name for spec, _ in site_data("platforms")]
_HREF = re.compile(r'href="([^"#]+)"')


@pytest.fixture(scope="module")
def sim():
    with Simulator(platforms=True, sites=NEW_SITES, articles_per_site=25).start() as running:
        yield running


def page_text(html: str) -> str:
    # No separator: a word split across inline tags reads whole, as a browser shows it.
    return clean_line(BeautifulSoup(html, "html.parser").get_text())


def article_paths(sim, site: str, html: str) -> set[str]:
    known = {urlsplit(u).path for u in sim.article_urls(site)}
    return {urlsplit(h.replace("&amp;", "&")).path for h in _HREF.findall(html)} & known


def test_the_six_hanoi_sites_stay_the_default():
    assert [spec.name for spec, _ in site_data()] == ["thanhtri", "hoankiem", "caugiay", "mttqhanoi",
                                                      "phuongcaugiay", "phuonghoankiem"]
    assert len({site_data("platforms")[i][0].platform for i in range(len(NEW_SITES))}) == 8


@pytest.mark.parametrize("site", NEW_SITES)
def test_every_article_page_prints_its_title_and_every_paragraph(sim, site):
    for url, truth_text in sim.truths(site).items():
        answer = fetch(url)
        assert answer.status == 200, url
        text = page_text(answer.text)
        truth = parse_article(truth_text)
        assert truth.title in text, url
        for paragraph in truth.paragraphs:
            assert paragraph in text, (url, paragraph)


@pytest.mark.parametrize("site", NEW_SITES)
def test_every_article_is_on_its_category_pages_and_the_pager_goes_no_further(sim, site):
    runtime = sim.site(site)
    platform = runtime.platform
    for category in runtime.spec.categories:
        pages = platform.page_count(category.slug)
        seen: set[str] = set()
        for n in range(1, pages + 1):
            html = list_page(sim, site, category.slug, n)
            on_page = article_paths(sim, site, html.split('class="pager', 1)[0]) if n == 1 else article_paths(
                sim, site, html)
            seen |= on_page
        expected = {runtime.state.path(a) for a in runtime.state.listing(category.slug)}
        assert expected <= seen, (category.slug, len(expected - seen))


def list_page(sim, site: str, slug: str, n: int) -> str:
    """Page n of a category list, asked for as a browser does (a postback on WebForms)."""
    platform = sim.site(site).platform
    url = sim.url(site, platform.category_path(slug, n))
    if platform.name != "webforms" or n == 1:
        return fetch(url).text
    first = BeautifulSoup(fetch(url).text, "html.parser")
    form = {i["name"]: i.get("value", "") for i in first.select("form#aspnetForm input[type=hidden]")}
    form.update({"__EVENTTARGET": "ctl00$cphMain$gvNews", "__EVENTARGUMENT": f"Page${n}"})
    answer = fetch(url, "POST", urlencode(form).encode(), {"Content-Type": "application/x-www-form-urlencoded"})
    assert answer.status == 200
    return answer.text


def test_webforms_pages_by_postback_and_refuses_a_post_without_view_state(sim):
    site = "haibatrung"
    slug = sim.site(site).spec.categories[0].slug
    url = sim.url(site, sim.site(site).platform.category_path(slug))
    first = fetch(url).text
    assert "javascript:__doPostBack(&#39;ctl00$cphMain$gvNews&#39;,&#39;Page$2&#39;)" in first
    second = list_page(sim, site, slug, 2)
    assert article_paths(sim, site, second) - article_paths(sim, site, first)
    bare = urlencode({"__EVENTTARGET": "ctl00$cphMain$gvNews", "__EVENTARGUMENT": "Page$2"}).encode()
    assert fetch(url, "POST", bare, {"Content-Type": "application/x-www-form-urlencoded"}).status == 405


def test_dates_only_on_the_list_or_in_a_meta_are_there(sim):
    # WebForms prints the date and time beside the link only; Liferay 7 in a <meta> and the list's day.
    for site in ("haibatrung", "tayho"):
        runtime = sim.site(site)
        article = runtime.state.listing(limit=1)[0]
        page = fetch(sim.url_of(article)).text
        # The body may name the day ("Chiều ngày 02/08/2020, ..."); no date line gives the time.
        assert f"{article.published:%H:%M}" not in page_text(page)
        home = fetch(sim.url(site)).text
        assert f"{article.published:%d/%m/%Y}" in home
    article = sim.site("tayho").state.listing(limit=1)[0]
    assert f'content="{article.published:%Y-%m-%dT%H:%M:%S}+07:00"' in fetch(sim.url_of(article)).text
    article = sim.site("haibatrung").state.listing(limit=1)[0]
    assert f"({article.published:%d/%m/%Y %H:%M})" in fetch(sim.url("haibatrung")).text


def test_wordpress_announces_its_sitemap_index_in_robots_and_it_names_every_post(sim):
    robots = fetch(sim.url("donganh", "/robots.txt")).text
    [sitemap] = re.findall(r"^Sitemap: (\S+)$", robots, re.M)
    children, entries = read_sitemap(fetch(sitemap).body)
    assert entries == [] and len(children) == 1  # the category sitemap is no list of articles
    _, posts = read_sitemap(fetch(children[0]).body)
    assert {p.url for p in posts} == set(sim.article_urls("donganh"))
    assert all(p.published is not None for p in posts)


def test_feeds_are_advertised_and_list_the_newest_articles_with_their_dates(sim):
    for site in ("badinh", "donganh", "socson", "gialam"):
        home = fetch(sim.url(site)).text
        [href] = re.findall(r'<link rel="alternate" type="application/rss\+xml"[^>]*href="([^"]+)"', home)
        items = read_feed(fetch(href).body)
        newest = sim.site(site).state.listing(limit=len(items))
        assert [i.url for i in items] == [sim.url_of(a) for a in newest], site
        assert items[0].published.strftime("%d/%m/%Y %H:%M") == f"{newest[0].published:%d/%m/%Y %H:%M}"


def test_a_site_with_base64_images_serves_pages_over_100_kb_with_the_same_truth(sim):
    url = sim.article_urls("gialam")[0]
    page = fetch(url).text
    assert len(page) > 100_000 and "data:image/jpeg;base64," in page
    assert sim.truth(url).count("\n") < 60


def test_split_words_are_split_in_the_markup_only(sim):
    url = sim.article_urls("donganh")[0]
    html = fetch(url).text
    assert '<span class="mark">' in html
    first = parse_article(sim.truth(url)).paragraphs[0]
    assert first not in html and first in page_text(html)
