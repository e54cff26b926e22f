"""Pages fetched over HTTP from the server on the simulator's store (no browser needed)."""

from __future__ import annotations

import json

import feedparser
import httpx
import pytest

from portalwatch.web.feeds import events_feed
from tests.conftest import run_cli


@pytest.fixture(scope="module")
def client(web_server):
    with httpx.Client(base_url=web_server.url, timeout=10) as c:
        yield c


def test_person_page_finds_a_name_typed_without_diacritics(client):
    page = client.get("/person", params={"name": "tran cong thanh"}).text
    assert "<h1>Trần Công Thành</h1>" in page and "Chủ tịch HĐND" in page and "Thanh Trì" in page
    assert "Không thấy ai" in client.get("/person", params={"name": "Không Có Ai"}).text


def test_article_page_shows_text_versions_diff_and_group(client, filled_db):
    rows = [json.loads(line) for line in run_cli("export", "--format", "jsonl", "--out", "-",
                                                 db_url=filled_db).stdout.splitlines() if line]
    edited = next(row for row in rows if row["version"] == 2)
    page = client.get(f"/articles/{edited['id']}").text
    assert "Phiên bản 1" in page and "Phiên bản 2" in page
    assert '<span class="add">+Bài viết đã được bổ sung thông tin sau khi đăng.</span>' in page
    # The simulator republishes some stories with another lead: near-duplicates of one group.
    member = next(row for row in rows if row["group_id"] != row["id"])
    assert f'/articles/{member["id"]}"' in client.get(f"/articles/{member['group_id']}").text
    assert client.get("/articles/999999").status_code == 404


def test_roster_of_an_unknown_place_says_so(client):
    page = client.get("/roster", params={"place": "Hà Giang"}).text
    assert "Không tìm thấy địa phương «Hà Giang»" in page
    assert "Thanh Trì" in client.get("/roster").text


def test_a_site_health_entry_links_to_the_sites_page():
    event = {"id": "00000000-0000-4000-8000-000000000009", "type": "site_health", "district": "Thanh Trì",
             "detected_at": "2026-01-02T03:04:05Z", "article_urls": [], "site": "thanhtri",
             "problem": "layout", "state": "raised", "detail": "bố cục thay đổi"}
    parsed = feedparser.parse(events_feed([event], title="t", self_url="http://h/feeds/events.atom",
                                          page_url="http://h/events", base_url="http://h/", stored={}))
    assert not parsed.bozo
    assert parsed.entries[0].link == "http://h/sites"
    assert parsed.entries[0].summary == "bố cục thay đổi"
