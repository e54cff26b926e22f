"""``python -m crawler.extract FILE|URL``: a saved page or a served one, and the errors
a user meets (one sentence on stderr, exit 2), against a real HTTP server."""

from __future__ import annotations

import functools
import socket
import subprocess
import sys
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

CASES = Path(__file__).resolve().parents[1] / "data" / "extract"
PAGE = "drupal9-sidebar-first/page.html"


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "crawler.extract", *args], capture_output=True, text=True,
                          timeout=120)


@pytest.fixture(scope="module")
def served():
    class Quiet(SimpleHTTPRequestHandler):
        def log_message(self, *args):  # the test's output is not the place for access logs
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(CASES)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def a_closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def one_sentence(done: subprocess.CompletedProcess) -> str:
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in done.stderr, done.stderr
    return lines[0]


def test_a_saved_page_and_the_same_page_served_give_the_same_article(served):
    saved = run(str(CASES / PAGE))
    fetched = run(f"{served}/{PAGE}")
    assert saved.returncode == fetched.returncode == 0, saved.stderr + fetched.stderr
    assert saved.stdout == fetched.stdout
    lines = saved.stdout.splitlines()
    assert lines[2].startswith("Huyện Mê Linh ký kết chương trình phối hợp")
    assert lines[3] == "Ngày đăng 23/01/2021 | 07:23 | View count: 1274"


@pytest.mark.parametrize("args, says", [
    (["/no/such/page.html"], "no such file"),
    ([str(CASES)], "is a directory"),
    (["--platform", "drupal", str(CASES / PAGE)], "there is no platform 'drupal'"),
    (["--site", "no-such-site", str(CASES / PAGE)], "no site named 'no-such-site'"),
], ids=["missing-file", "directory", "unknown-platform", "unknown-site"])
def test_bad_input_is_one_sentence_and_exit_2(args, says):
    done = run(*args)
    assert done.returncode == 2
    assert says in one_sentence(done)


def test_a_404_is_one_sentence_and_exit_2(served):
    done = run(f"{served}/no-such-page.html")
    assert done.returncode == 2
    assert "HTTP 404" in one_sentence(done)


def test_a_refused_connection_is_one_sentence_and_exit_2():
    done = run(f"http://127.0.0.1:{a_closed_port()}/tin-tuc/a.html")
    assert done.returncode == 2
    assert "cannot connect" in one_sentence(done)


def test_a_page_without_an_article_says_what_is_missing(tmp_path):
    page = tmp_path / "lien-he.html"
    page.write_text("<html><body><h1>Liên hệ</h1><p>Địa chỉ: số 1 phố Lê Lai</p></body></html>", encoding="utf-8")
    done = run(str(page))
    assert done.returncode == 1
    assert "date" in one_sentence(done)
