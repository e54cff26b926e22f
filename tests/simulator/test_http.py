"""HTTP behaviour: robots.txt, 404, headers, pagination, the NewsZone API, 304s."""

import re

from tests.simulator.helpers import HREF, fetch, news_zone


def test_each_site_is_its_own_origin_with_robots(simulator_module):
    ports = {url.rsplit(":", 1)[1] for url in simulator_module.urls.values()}
    assert len(ports) == len(simulator_module.urls) >= 6
    for url in simulator_module.urls.values():
        robots = fetch(url + "/robots.txt")
        assert robots.status == 200 and robots.headers["Content-Type"].startswith("text/plain")
        assert "Disallow: /admin/" in robots.text and "Disallow: /search" in robots.text
        assert "Crawl-delay:" in robots.text


def test_unknown_paths_are_404_and_pages_declare_utf8(simulator_module):
    base = simulator_module.urls["thanhtri"]
    assert fetch(base + "/khong-co-trang-nay").status == 404
    assert fetch(base + "/web/guest/khong-co-muc").status == 404
    home = fetch(base + "/")
    assert home.status == 200 and home.headers["Content-Type"] == "text/html; charset=utf-8"


def _liferay_walk(sim, site, slug):
    base, seen, url, pages = sim.urls[site], [], f"/web/guest/{slug}", 0
    while url:
        page = fetch(base + url).text
        pages += 1
        seen += re.findall(r'<h3 class="asset-title"><a href="([^"]+)"', page)
        nxt = re.search(r'<li class="next"><a href="([^"]+)">Tiếp</a>', page)
        url = nxt[1].replace("&amp;", "&") if nxt else None
    return seen, pages


def test_liferay_pagination_reaches_every_article_once(simulator):
    sim = simulator
    for _ in range(25):
        sim.publish("thanhtri", category="chi-dao-dieu-hanh")
    seen, pages = _liferay_walk(sim, "thanhtri", "chi-dao-dieu-hanh")
    expected = [sim.site("thanhtri").state.path(a)
                for a in sim.site("thanhtri").state.listing("chi-dao-dieu-hanh")]
    assert seen == expected and pages == (len(expected) + 9) // 10 >= 3
    assert "_101_INSTANCE_news_cur=2" in fetch(sim.url("thanhtri", "/web/guest/chi-dao-dieu-hanh")).text
    beyond = fetch(sim.url("thanhtri", f"/web/guest/chi-dao-dieu-hanh?_101_INSTANCE_news_cur={pages + 1}"))
    assert beyond.status == 200 and "asset-title" not in beyond.text


def test_caugiay_pagination(simulator):
    sim = simulator
    for _ in range(12):
        sim.publish("mttqhanoi", category="tin-hoat-dong")
    base, seen, page = sim.urls["mttqhanoi"], [], 1
    while True:
        html = fetch(f"{base}/danh-muc/tin-hoat-dong?page={page}").text
        links = re.findall(r'<h3 class="news-title"><a href="([^"]+)"', html)
        if not links:
            break
        seen += links
        page += 1
    assert len(seen) == len(set(seen)) == sim.site("mttqhanoi").state.count("tin-hoat-dong")
    assert 'href="/danh-muc/tin-hoat-dong?page=2"' in fetch(base + "/danh-muc/tin-hoat-dong").text


def test_news_zone_api_pages_until_empty(simulator_module):
    sim = simulator_module
    base = sim.urls["phuongcaugiay"]
    category_page = fetch(base + "/tin-tuc-su-kien.htm").text
    assert 'data-catname="tin-tuc-su-kien"' in category_page and 'data-site="phuongcaugiay"' in category_page
    assert 'data-api="/api/NewsZone/NewsZone"' in category_page and "news-item" not in category_page
    ids, index = [], 0
    while True:
        answer = news_zone(base, "tin-tuc-su-kien", index, size=4, site="phuongcaugiay")
        assert answer.status == 200 and answer.headers["Content-Type"].startswith("text/html")
        if not answer.body.strip():
            break
        assert re.search(r'<span class="news-time" title="\d\d:\d\d, \d\d/\d\d/\d{4}">', answer.text)
        assert '<h3 class="news-title">' in answer.text and '<p class="news-sapo">' in answer.text
        ids += re.findall(r'<div class="news-item" data-id="(\d+)">', answer.text)
        index += 1
    assert len(ids) == len(set(ids)) == sim.site("phuongcaugiay").state.count("tin-tuc-su-kien")
    assert all(re.fullmatch(r"32\d{15}", i) for i in ids)
    first = news_zone(base, "tin-tuc-su-kien", 0, size=4).text
    for href in HREF.findall(first):
        assert re.fullmatch(r"/tin-tuc-su-kien/[a-z0-9-]+-32\d{15}\.htm", href)
        assert fetch(base + href).status == 200
    assert news_zone(base, "tin-tuc-su-kien", 0, xhr=False).status == 400
    assert news_zone(base, "khong-co", 0).body == b""


def test_article_pages_revalidate_with_304(simulator_module):
    url = simulator_module.seed_url("001_98acb9349af64188.txt")
    first = fetch(url)
    etag, modified = first.headers["ETag"], first.headers["Last-Modified"]
    assert modified == "Wed, 29 Jul 2020 00:50:00 GMT"  # 07:50 in Hanoi
    assert fetch(url, headers={"If-None-Match": etag}).status == 304
    assert fetch(url, headers={"If-Modified-Since": modified}).status == 304
    assert fetch(url, headers={"If-Modified-Since": "Tue, 28 Jul 2020 00:00:00 GMT"}).status == 200
    assert fetch(url, headers={"If-None-Match": '"other"'}).status == 200
    head = fetch(url, method="HEAD")
    assert head.status == 200 and head.body == b"" and head.headers["ETag"] == etag


def test_request_log_counts_per_path_method_and_kind(simulator):
    sim = simulator
    url = sim.seed_url("000_8c87a9c90fa289fa.txt")
    fetch(url), fetch(url), fetch(sim.url("thanhtri", "/robots.txt"))
    news_zone(sim.urls["phuonghoankiem"], "chinh-quyen", 0)
    path = url.split(sim.urls["thanhtri"])[1]
    assert sim.log.count("thanhtri", path=path) == 2
    assert sim.log.count("thanhtri", kind="article") == 2 and sim.log.count("thanhtri", kind="robots") == 1
    assert sim.log.by_method("phuonghoankiem") == {"POST": 1}
    fetch(sim.url("thanhtri", "/_sim/log"))  # control requests are not counted
    assert len(sim.log.entries()) == 4
