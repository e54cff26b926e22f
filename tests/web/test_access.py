"""Access: a token off loopback, 401 without it, no secret in any answer."""

from __future__ import annotations

import httpx
import pytest

from storage.errors import UsageError
from portalwatch.web.access import check_bind, is_loopback
from portalwatch.web.server import parse_addr, serve_in_thread
from tests.conftest import run_cli


@pytest.mark.parametrize("host", ["127.0.0.1", "127.0.0.2", "::1", "localhost"])
def test_loopback_needs_no_token(host):
    assert is_loopback(host)
    check_bind(host, None)


@pytest.mark.parametrize("host", ["0.0.0.0", "::", "192.168.1.10", "portal.example.vn"])
def test_other_addresses_need_a_token(host):
    with pytest.raises(UsageError, match="PORTALWATCH_WEB_TOKEN"):
        check_bind(host, None)
    check_bind(host, "s3cret-token")


def test_the_command_refuses_to_start_off_loopback_without_a_token(tmp_path):
    done = run_cli("web", "--host", "0.0.0.0", "--port", "0", db_url=f"sqlite:///{tmp_path / 'x.db'}",
                   env={"PORTALWATCH_WEB_TOKEN": ""}, timeout=30)
    assert done.returncode == 2
    assert done.stderr.count("\n") == 1 and "PORTALWATCH_WEB_TOKEN" in done.stderr
    assert "Traceback" not in done.stderr
    assert not (tmp_path / "x.db").exists()  # refused before touching the database


def test_serve_in_thread_refuses_too(web_store, monkeypatch):
    monkeypatch.setenv("PORTALWATCH_WEB_TOKEN", "tok-9f8e7d6c")  # the token is the caller's settings', not the environment's
    with pytest.raises(UsageError):
        serve_in_thread(web_store, "0.0.0.0:0")


def test_parse_addr():
    assert parse_addr("127.0.0.1:8123") == ("127.0.0.1", 8123)
    assert parse_addr(":8123") == ("127.0.0.1", 8123)
    assert parse_addr("[::1]:9000") == ("::1", 9000)
    with pytest.raises(UsageError):
        parse_addr("127.0.0.1:http")


def test_with_a_token_every_request_needs_it(web_store):
    server = serve_in_thread(web_store, "0.0.0.0:0", token="tok-9f8e7d6c")
    try:
        port = server.server.servers[0].sockets[0].getsockname()[1]
        base = f"http://127.0.0.1:{port}"
        for path in ("/events", "/api/events", "/feeds/events.atom", "/static/style.css", "/api/openapi.json"):
            assert httpx.get(base + path).status_code == 401, path
            assert httpx.get(base + path, headers={"Authorization": "Bearer wrong"}).status_code == 401, path
            assert httpx.get(base + path, headers={"Authorization": "Basic tok-9f8e7d6c"}).status_code == 401, path
            good = httpx.get(base + path, headers={"Authorization": "Bearer tok-9f8e7d6c"})
            assert good.status_code == 200, path
            assert "tok-9f8e7d6c" not in good.text
        assert httpx.get(base + "/events").headers["www-authenticate"].startswith("Bearer")
        assert httpx.get(base + "/events", headers={"Authorization": "bearer tok-9f8e7d6c"}).status_code == 200
    finally:
        server.stop()


def test_a_port_in_use_is_an_error_not_a_hang(web_store, web_server):
    from storage.errors import OperationError

    port = web_server.server.servers[0].sockets[0].getsockname()[1]
    with pytest.raises(OperationError, match="could not listen"):
        serve_in_thread(web_store, f"127.0.0.1:{port}", token="")


def test_a_bad_port_is_one_sentence_and_status_2(tmp_path):
    done = run_cli("web", "--port", "70000", db_url=f"sqlite:///{tmp_path / 'x.db'}", timeout=30)
    assert done.returncode == 2 and "Traceback" not in done.stderr and done.stderr.count("\n") == 1
