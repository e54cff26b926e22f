"""Publish, edit and delete at run time, through Python and through /_sim/."""

import json
import re
from urllib.parse import quote, urlsplit

import yaml

from crawler.registry import parse_registry
from tests.simulator.helpers import extract, fetch, news_zone, post_json


def test_publish_appears_first_on_list_page_one(simulator):
    url = simulator.publish("thanhtri", title="Bài mới đăng", paragraphs=["Đoạn một.", "Đoạn hai."],
                            category="kinh-te-chinh-tri")
    path = urlsplit(url).path
    page = fetch(simulator.url("thanhtri", "/web/guest/kinh-te-chinh-tri")).text
    assert re.findall(r'<h3 class="asset-title"><a href="([^"]+)"', page)[0] == path
    assert simulator.truth(url).splitlines()[2] == "Bài mới đăng"
    assert extract(fetch(url).text, "liferay") == simulator.truth(url)


def test_publish_on_hanoi_gov_heads_the_api(simulator):
    url = simulator.publish("phuonghoankiem", category="chinh-quyen")
    first = news_zone(simulator.urls["phuonghoankiem"], "chinh-quyen", 0).text
    assert re.search(r'href="([^"]+)"', first)[1] == urlsplit(url).path
    assert re.fullmatch(r"/chinh-quyen/[a-z0-9-]+-35\d{15}\.htm", urlsplit(url).path)
    assert extract(fetch(url).text, "hanoi_gov") == simulator.truth(url)


def test_edit_changes_etag_last_modified_and_truth(simulator):
    url = simulator.seed_url("001_98acb9349af64188.txt")
    before = fetch(url)
    old_truth = simulator.truth(url)
    simulator.edit(url, append="Bài viết được cập nhật thêm thông tin.")
    after = fetch(url, headers={"If-None-Match": before.headers["ETag"]})
    assert after.status == 200
    assert after.headers["ETag"] != before.headers["ETag"]
    assert after.headers["Last-Modified"] != before.headers["Last-Modified"]
    assert fetch(url, headers={"If-Modified-Since": before.headers["Last-Modified"]}).status == 200
    assert "Bài viết được cập nhật thêm thông tin." in simulator.truth(url) != old_truth
    assert extract(after.text, "liferay") == simulator.truth(url)
    assert fetch(url, headers={"If-None-Match": after.headers["ETag"]}).status == 304


def test_delete_gives_410_or_404_and_leaves_the_lists(simulator):
    gone = simulator.article_urls("caugiay")[0]
    simulator.delete(gone)
    assert fetch(gone).status == 410
    assert urlsplit(gone).path not in fetch(simulator.url("caugiay", "/")).text
    missing = simulator.article_urls("caugiay")[0]
    simulator.delete(missing, status=404)
    assert fetch(missing).status == 404


def test_http_control_api(simulator):
    base = simulator.urls["caugiay"]
    assert json.loads(fetch(base + "/_sim/sites").body) == simulator.urls
    made = post_json(base + "/_sim/publish", {"title": "Tin qua HTTP", "paragraphs": ["Nội dung."]})
    assert made.status == 201
    url = json.loads(made.body)["url"]
    assert fetch(url).status == 200
    truth = fetch(base + "/_sim/truth?url=" + quote(url, safe=""))
    assert truth.text == simulator.truth(url)
    assert json.loads(fetch(base + "/_sim/truth").body)[url] == simulator.truth(url)
    listed = json.loads(fetch(base + "/_sim/articles?site=caugiay").body)
    assert listed[0]["url"] == url and listed[0]["kind"] == "published"
    assert post_json(base + "/_sim/edit", {"url": url, "title": "Tin đã sửa"}).status == 200
    assert "Tin đã sửa" in simulator.truth(url)
    assert post_json(base + "/_sim/delete", {"url": url}).status == 200
    assert fetch(url).status == 410
    assert post_json(base + "/_sim/delay", {"seconds": 0}).status == 200
    fetch(base + "/")
    log = json.loads(fetch(base + "/_sim/log").body)
    assert log["caugiay"]["by_method"]["GET"] >= 2
    fetch(base + "/_sim/log", method="DELETE")
    assert simulator.log.entries() == []
    assert fetch(base + "/_sim/nothing").status == 404


def test_registry_yaml_for_platforms_and_generic(simulator):
    registry = parse_registry(simulator.registry_yaml())
    assert {s.name: s.platform for s in registry.sites} == {
        "thanhtri": "liferay", "hoankiem": "liferay", "caugiay": "caugiay", "mttqhanoi": "caugiay",
        "phuongcaugiay": "hanoi_gov", "phuonghoankiem": "hanoi_gov"}
    assert registry.get("thanhtri").url == simulator.urls["thanhtri"] + "/"
    generic = parse_registry(fetch(simulator.urls["thanhtri"] + "/_sim/registry?generic=1").text)
    assert {s.platform for s in generic.sites} == {"generic"}
    assert yaml.safe_load(simulator.registry_path.read_text())["sites"][0]["district"] == "Thanh Trì"
