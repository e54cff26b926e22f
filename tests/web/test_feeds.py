"""Atom feeds: a feed reader gets every entry back with its link and date."""

from __future__ import annotations

import feedparser
import httpx
import pytest


@pytest.fixture(scope="module")
def client(web_server):
    with httpx.Client(base_url=web_server.url, timeout=10) as c:
        yield c


def _feed(client, **params):
    answer = client.get("/feeds/events.atom", params=params)
    assert answer.status_code == 200
    assert answer.headers["content-type"].startswith("application/atom+xml")
    parsed = feedparser.parse(answer.content)
    assert not parsed.bozo, parsed.get("bozo_exception")
    assert parsed.version == "atom10"
    return parsed


@pytest.mark.parametrize("params", [{}, {"type": "signing"}, {"type": "leadership_change"},
                                    {"place": "thanh tri"}, {"type": "signing", "place": "Cầu Giấy"}])
def test_every_entry_reads_back_with_link_date_and_id(client, params):
    events = client.get("/api/events", params={**params, "limit": 50}).json()["items"]
    parsed = _feed(client, **params)
    assert len(parsed.entries) == len(events) > 0
    for entry, event in zip(parsed.entries, events):
        assert entry.id == f"urn:uuid:{event['id']}"
        assert entry.link == event["article_urls"][0]
        assert entry.updated_parsed is not None
        assert entry.updated.startswith(event["detected_at"][:19])
        assert entry.title
    assert parsed.feed.links and any(link.rel == "self" for link in parsed.feed.links)


def test_signing_entries_carry_their_evidence_and_stored_copy(client):
    parsed = _feed(client, type="signing", place="Thanh Trì")
    entry = parsed.entries[0]
    assert "ký kết chương trình phối hợp" in entry.summary
    stored = [link.href for link in entry.links if link.rel == "related"]
    assert stored and "/articles/" in stored[0]
    assert client.get(stored[0]).status_code == 200
