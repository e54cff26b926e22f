"""The JSON API says what `events --json` and `roster --json` say for the same store."""

from __future__ import annotations

import json

import httpx
import pytest

from tests.conftest import run_cli


def _lines(done) -> list[dict]:
    assert done.returncode == 0, done.stderr
    return [json.loads(line) for line in done.stdout.splitlines() if line.startswith("{")]


def _all(client: httpx.Client, path: str, **params) -> list[dict]:
    items, url = [], path
    answer = client.get(url, params={**params, "limit": 4}).json()
    while True:
        items += answer["items"]
        if answer["next"] is None:
            return items
        answer = client.get(answer["next"]).json()


@pytest.fixture(scope="module")
def client(web_server):
    with httpx.Client(base_url=web_server.url, timeout=10) as c:
        yield c


def test_events_api_pages_through_what_events_json_prints(client, filled_db):
    cli = _lines(run_cli("events", "--json", db_url=filled_db))
    assert any(e["type"] == "signing" for e in cli) and any(e["type"] == "leadership_change" for e in cli)
    assert _all(client, "/api/events", order="asc") == cli
    newest_first = _all(client, "/api/events")
    assert [e["id"] for e in newest_first] == [e["id"] for e in reversed(cli)]


def test_events_api_filters_match_the_command_and_ignore_diacritics(client, filled_db):
    cli = _lines(run_cli("events", "--json", "--type", "leadership_change", "--district", "Thanh Trì",
                         db_url=filled_db))
    assert cli
    for typed in ("Thanh Trì", "thanh tri", "THANH TRI"):
        assert _all(client, "/api/events", type="leadership_change", place=typed, order="asc") == cli
    assert _all(client, "/api/events", place="Thanh Trí") == []  # diacritics typed must agree


def test_roster_api_matches_roster_json(client, filled_db):
    assert _all(client, "/api/roster") == _lines(run_cli("roster", "--json", db_url=filled_db))
    thanh_tri = _lines(run_cli("roster", "--json", "--district", "Thanh Trì", db_url=filled_db))
    assert _all(client, "/api/roster", place="thanh tri") == thanh_tri
    at = _lines(run_cli("roster", "--json", "--district", "Thanh Trì", "--at", "2019-06-01", db_url=filled_db))
    assert _all(client, "/api/roster", place="Thanh Trì", at="2019-06-01") == at


def test_article_api_has_the_export_record_versions_and_group(client, filled_db):
    exported = {row["id"]: row for row in map(json.loads, filter(None, run_cli(
        "export", "--format", "jsonl", "--out", "-", db_url=filled_db).stdout.splitlines()))}
    edited = next(row for row in exported.values() if row["version"] == 2)
    answer = client.get(f"/api/articles/{edited['id']}").json()
    assert {k: answer[k] for k in edited} == edited
    assert [v["version"] for v in answer["versions"]] == [1, 2]
    assert "+Bài viết đã được bổ sung thông tin sau khi đăng." in answer["versions"][1]["diff"]
    assert client.get("/api/articles/999999").status_code == 404


def test_sites_api_is_status_json_and_bad_parameters_are_400(client):
    sites = client.get("/api/sites").json()
    assert {s["site"] for s in sites["items"]} >= {"thanhtri", "caugiay"}
    assert sites["items"][0]["last_run"]["status"] == "ok" and "pending" in sites["outbox"]
    for path in ("/api/events?since=hôm-qua", "/api/events?type=vote", "/api/events?limit=0",
                 "/api/events?since=2026-02-01&until=2026-01-01", "/api/roster?at=1/1/2020"):
        answer = client.get(path)
        assert answer.status_code == 400, path
        assert answer.json()["error"].endswith("."), path


def test_openapi_document_names_every_api_route(client):
    document = client.get("/api/openapi.json").json()
    assert document["openapi"].startswith("3.")
    assert set(document["paths"]) == {"/api/events", "/api/roster", "/api/articles/{article_id}",
                                      "/api/sites", "/api/openapi.json"}


def test_nothing_writes(client):
    for method in ("POST", "PUT", "DELETE", "PATCH"):
        assert client.request(method, "/api/events").status_code == 405
