"""The daemon serves the read-only web view beside its work when
PORTALWATCH_WEB_ADDR is set, and not otherwise (a real daemon process)."""

from __future__ import annotations

import json
import socket
import urllib.error
import urllib.request

import pytest

from monitor_helpers import write_registry

pytestmark = pytest.mark.slow

SITES = [{"name": "nowhere", "url": "https://nowhere.invalid/", "district": "Ba Đình",
          "schedule": {"interval_seconds": 3600, "jitter_seconds": 0}}]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _get_json(url: str):
    with urllib.request.urlopen(url, timeout=5) as answer:
        return json.loads(answer.read())


def test_the_daemon_serves_the_web_view_when_an_address_is_set(tmp_path, daemons):
    port = _free_port()
    sites = write_registry(tmp_path / "sites.yaml", SITES)
    daemon = daemons(f"sqlite:///{tmp_path / 'web.db'}", sites,
                     {"PORTALWATCH_WEB_ADDR": f"127.0.0.1:{port}", "PORTALWATCH_START_SPREAD_SECONDS": "1"})
    assert daemon.wait_for_log("web view listening", timeout=60), daemon.log_path.read_text()[-2000:]
    answer = _get_json(f"http://127.0.0.1:{port}/api/sites")
    names = [site["site"] for site in answer["items"]]
    assert names == ["nowhere"]
    assert daemon.terminate()[0] == 0
    with pytest.raises(urllib.error.URLError):
        urllib.request.urlopen(f"http://127.0.0.1:{port}/api/sites", timeout=2)


def test_no_address_no_web_view(tmp_path, daemons):
    sites = write_registry(tmp_path / "sites.yaml", SITES)
    daemon = daemons(f"sqlite:///{tmp_path / 'noweb.db'}", sites, {"PORTALWATCH_START_SPREAD_SECONDS": "1"})
    assert daemon.wait_for_log("daemon started", timeout=60)
    assert "web view listening" not in [x.get("msg") for x in daemon.log_lines()]
    assert daemon.terminate()[0] == 0
