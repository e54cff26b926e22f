"""Secrets never reach a terminal; a bad file is one sentence; a read-only store is one sentence."""

from __future__ import annotations

import socket
from pathlib import Path

import pytest
from sqlalchemy import create_engine, func, select

from storage.db import sqlalchemy_url
from storage.models import Article
from storage.redact import mask_secrets, mask_url
from tests.conftest import SEEDS, run_cli


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_mask_url_hides_passwords_queries_and_fragments():
    assert mask_url("postgresql://u:PW@127.0.0.1:1/x") == "postgresql://u:***@127.0.0.1:1/x"
    assert mask_url("https://hooks.example.vn/in?token=abc&x=1") == "https://hooks.example.vn/in?***"
    assert mask_url("sqlite:////var/lib/pw.db") == "sqlite:////var/lib/pw.db"
    assert mask_secrets("cannot reach http://h:1/p?token=SECRET.") == "cannot reach http://h:1/p?***."


def test_an_unreachable_database_is_named_without_its_password(fault_row):
    done = run_cli("status", db_url=f"postgresql://u:S3cretPW@127.0.0.1:{_closed_port()}/x")
    fault_row("database unreachable, password in --db", "one sentence, password masked",
              f"exit {done.returncode}, {len(done.stderr.strip().splitlines())} line(s), "
              f"password shown: {'S3cretPW' in done.stderr + done.stdout}")
    assert done.returncode == 1
    assert "S3cretPW" not in done.stderr + done.stdout, done.stderr
    assert "u:***@" in done.stderr and "Traceback" not in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1, done.stderr


def test_alerts_test_shows_no_webhook_token(fault_row):
    url = f"http://127.0.0.1:{_closed_port()}/hook?token=T0ken-Secret"
    done = run_cli("alerts", "test", env={"PORTALWATCH_WEBHOOK_URL": url, "PORTALWATCH_WEBHOOK_SECRET": "s"})
    fault_row("alerts test, webhook URL with ?token=", "token masked",
              f"exit {done.returncode}, token shown: {'T0ken-Secret' in done.stdout + done.stderr}")
    assert done.returncode == 1
    assert "T0ken-Secret" not in done.stdout + done.stderr, done.stdout + done.stderr
    assert "/hook?***" in done.stdout


def _articles(db_url: str) -> int:
    engine = create_engine(sqlalchemy_url(db_url))
    try:
        with engine.connect() as conn:
            return conn.scalar(select(func.count()).select_from(Article))
    finally:
        engine.dispose()


def test_a_nul_byte_after_8_kb_is_a_bad_file_and_the_others_are_imported(db_url, tmp_path, fault_row):
    seeds = sorted(SEEDS.glob("*.txt"))
    text = seeds[0].read_text(encoding="utf-8")
    padding = "\n\n".join(f"Đoạn bổ sung số {i} của bài viết thử, viết riêng cho bài kiểm tra này." for i in range(150))
    lines = text.rstrip("\n").split("\n")
    bad = tmp_path / "nul.txt"
    bad.write_text("\n".join(lines[:-1]) + "\n\n" + padding + "\n\nCó ký tự \x00 ở đây.\n\n" + lines[-1] + "\n",
                   encoding="utf-8")
    assert bad.read_bytes().index(b"\x00") > 8192
    done = run_cli("import", str(bad), *map(str, seeds), db_url=db_url)
    imported = _articles(db_url)
    fault_row("import: NUL byte after 8 KB, then 5 good files", "bad file in one sentence, exit 2, the rest imported",
              f"exit {done.returncode}, {imported} of 5 imported, SQL on stderr: {'[SQL' in done.stderr}",
              lost=len(seeds) - imported)
    assert done.returncode == 2, done.stderr[-1000:]
    assert "nul.txt" in done.stderr and "control character" in done.stderr
    assert "DataError" not in done.stderr and "Traceback" not in done.stderr and "[SQL" not in done.stderr
    assert _articles(db_url) == len(seeds), "the good files after the bad one are imported"


def test_a_utf8_file_with_a_stray_byte_is_refused_not_stored_as_mojibake(db_url, tmp_path):
    seed = sorted(SEEDS.glob("*.txt"))[1]
    data = seed.read_bytes()
    cut = data.index("\n\n".encode(), len(data) // 2)
    bad = tmp_path / "stray.txt"
    bad.write_bytes(data[:cut] + b" \xff" + data[cut:])
    done = run_cli("import", str(bad), db_url=db_url)
    assert done.returncode == 2, done.stderr[-500:]
    # Read as Windows-1258 it is either undecodable or mojibake: refused either way.
    assert "mojibake" in done.stderr or "neither UTF-8 nor Windows-1258" in done.stderr, done.stderr[-500:]
    assert _articles(db_url) == 0


def test_a_read_only_sqlite_store_is_one_sentence(tmp_path, fault_row):
    path = tmp_path / "ro.db"
    seeds = [str(p) for p in sorted(SEEDS.glob("*.txt"))]
    assert run_cli("import", seeds[0], db_url=f"sqlite:///{path}").returncode == 0
    read_only = f"sqlite:///file:{path}?mode=ro&uri=true"
    done = run_cli("import", seeds[1], db_url=read_only)
    assert done.returncode == 1
    assert "read-only" in done.stderr and "[SQL" not in done.stderr and "OperationalError" not in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1, done.stderr
    status = run_cli("status", db_url=read_only)
    fault_row("read-only SQLite store", "one sentence on write; status works",
              f"import exit {done.returncode}, {len(done.stderr.strip().splitlines())} line(s); "
              f"status exit {status.returncode}")
    assert status.returncode == 0, status.stderr


@pytest.mark.slow
def test_recrawl_never_fetches_the_file_urls_of_imported_articles(db_url, tmp_path, fault_row):
    from tests.faults.portal import FAST_SETTINGS, FaultPortal

    seed = sorted(SEEDS.glob("*.txt"))[0]
    with FaultPortal(articles=0) as portal:
        registry = str(portal.registry(tmp_path))
        assert run_cli("--sites", registry, "import", str(seed), "--site", "faulty", db_url=db_url).returncode == 0
        done = run_cli("--sites", registry, "recrawl", "faulty", "--json", db_url=db_url,
                       env={"PORTALWATCH_SCRAPY_SETTINGS": FAST_SETTINGS})
    assert done.returncode == 0, done.stderr[-1000:]
    import json

    result = next(json.loads(line) for line in done.stdout.splitlines() if line.startswith("{"))
    fault_row("recrawl of a site with an imported file", "no file:// request",
              f"{result['figures']['requests']} requests")
    assert result["figures"]["requests"] == 0, f"recrawl made {result['figures']['requests']} requests"
    assert result["figures"]["pages"] == 0
