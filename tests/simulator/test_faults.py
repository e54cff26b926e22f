"""Each injected fault, over real HTTP, and clearing them."""

import http.client
import re
import time
import unicodedata
import urllib.error
import urllib.request
from urllib.parse import urlsplit

import pytest

from tests.simulator.helpers import fetch, post_json

SEED = "000_8c87a9c90fa289fa.txt"


def _path(sim, url):
    return urlsplit(url).path


def test_status_for_the_first_n_requests_then_normal(simulator):
    url = simulator.seed_url(SEED)
    simulator.inject("thanhtri", _path(simulator, url), "status", code=503, times=2)
    assert [fetch(url).status for _ in range(3)] == [503, 503, 200]
    assert simulator.log.count("thanhtri", status=503) == 2


def test_status_on_robots_always(simulator):
    simulator.inject("caugiay", "/robots.txt", "status", code=500)
    assert fetch(simulator.url("caugiay", "/robots.txt")).status == 500
    assert fetch(simulator.url("caugiay", "/robots.txt")).status == 500


def test_delay(simulator):
    url = simulator.url("hoankiem", "/")
    simulator.inject("hoankiem", "/", "delay", seconds=0.5)
    started = time.monotonic()
    assert fetch(url).status == 200
    assert time.monotonic() - started >= 0.5


def test_site_wide_delay(simulator):
    simulator.set_delay("caugiay", 0.3)
    started = time.monotonic()
    fetch(simulator.url("caugiay", "/")), fetch(simulator.url("caugiay", "/robots.txt"))
    assert time.monotonic() - started >= 0.6
    simulator.set_delay("caugiay", 0)


def test_connection_reset(simulator):
    url = simulator.seed_url(SEED)
    simulator.inject("thanhtri", _path(simulator, url), "reset", times=1)
    with pytest.raises((ConnectionError, http.client.RemoteDisconnected, urllib.error.URLError)):
        urllib.request.urlopen(url, timeout=5).read()
    assert fetch(url).status == 200
    assert simulator.log.count("thanhtri", status=0) == 1


@pytest.mark.parametrize("meta", [True, False])
def test_windows_1258_page_without_charset_header(simulator, meta):
    url = simulator.seed_url(SEED)
    utf8 = fetch(url).text
    simulator.inject("thanhtri", _path(simulator, url), "cp1258", meta=meta)
    page = fetch(url)
    assert page.headers["Content-Type"] == "text/html"
    with pytest.raises(UnicodeDecodeError):
        page.body.decode("utf-8")
    decoded = page.body.decode("cp1258")
    assert ("charset=windows-1258" in decoded) is meta
    # Tones come as combining marks: only NFC makes the text equal to the UTF-8 page's.
    assert "Thanh Trì" not in decoded
    assert "Thanh Trì" in unicodedata.normalize("NFC", decoded)
    strip = lambda text: re.sub(r"<meta[^>]*>", "", text)  # noqa: E731
    assert strip(unicodedata.normalize("NFC", decoded)) == strip(utf8)


def test_redirect_loop(simulator):
    url = simulator.url("thanhtri", "/web/guest/dang-doan-the")
    simulator.inject("thanhtri", "/web/guest/dang-doan-the", "redirect_loop")
    first = fetch(url)
    assert first.status == 302 and first.headers["Location"] == "/web/guest/dang-doan-the?_loop=1"
    second = fetch(simulator.url("thanhtri", first.headers["Location"]))
    assert second.status == 302 and second.headers["Location"] == "/web/guest/dang-doan-the"
    with pytest.raises(urllib.error.HTTPError) as err:
        urllib.request.urlopen(url, timeout=5)
    assert err.value.code == 302  # urllib gives up: "redirect loop"


def test_offsite_redirect(simulator):
    url = simulator.seed_url(SEED)
    simulator.inject("thanhtri", _path(simulator, url), "offsite_redirect", code=301)
    answer = fetch(url)
    assert answer.status == 301 and answer.headers["Location"].startswith("http://offsite.invalid/")


def test_very_large_page(simulator):
    url = simulator.seed_url(SEED)
    simulator.inject("thanhtri", _path(simulator, url), "large", size_mb=3)
    page = fetch(url, timeout=30)
    assert page.status == 200 and len(page.body) >= 3 * 1024 * 1024
    assert int(page.headers["Content-Length"]) == len(page.body)
    assert "journal-content-article" in page.text and page.text.rstrip().endswith("</html>")


@pytest.mark.parametrize("site,selector", [("thanhtri", "journal-content-article"),
                                           ("caugiay", "news-content"),
                                           ("phuongcaugiay", "detail-content afcbc-body")])
def test_changed_layout_breaks_the_platform_selectors(simulator, site, selector):
    url = simulator.article_urls(site)[0]
    normal = fetch(url)
    simulator.inject(site, _path(simulator, url), "layout")
    changed = fetch(url)
    assert selector in normal.text and selector not in changed.text
    assert changed.headers["ETag"] != normal.headers["ETag"]
    first_paragraph = re.search(r"<p[^>]*>([^<]{40,})</p>", normal.text)[1]
    assert first_paragraph in changed.text  # same article, other markup


def test_prefix_faults_and_clearing(simulator):
    simulator.inject("caugiay", "/danh-muc/*", "status", code=502)
    assert fetch(simulator.url("caugiay", "/danh-muc/tin-tuc-su-kien?page=2")).status == 502
    assert fetch(simulator.url("caugiay", "/")).status == 200
    assert simulator.clear_faults("caugiay") == 1
    assert fetch(simulator.url("caugiay", "/danh-muc/tin-tuc-su-kien?page=2")).status == 200


def test_faults_over_http_control(simulator):
    base = simulator.urls["hoankiem"]
    made = post_json(base + "/_sim/faults", {"path": "/", "kind": "status", "times": 1, "params": {"code": 500}})
    assert made.status == 201
    assert fetch(base + "/").status == 500 and fetch(base + "/").status == 200
    assert post_json(base + "/_sim/faults", {"path": "/", "kind": "nonsense"}).status == 400
    post_json(base + "/_sim/faults", {"path": "/", "kind": "status"})
    assert fetch(base + "/").status == 503
    assert fetch(base + "/_sim/faults", method="DELETE").status == 200
    assert fetch(base + "/").status == 200
