"""The import/export commands as a user runs them: real subprocesses."""

import csv
import json

from tests.conftest import run_cli


def test_round_trip_gives_the_canonical_seeds(db_url, seed_paths, tmp_path):
    result = run_cli("import", *map(str, seed_paths), db_url=db_url)
    assert result.returncode == 0, result.stderr
    assert "5 new" in result.stdout
    out = tmp_path / "out"
    result = run_cli("export", "--format", "txt", "--out", str(out), db_url=db_url)
    assert result.returncode == 0, result.stderr
    exported = sorted(p.read_bytes() for p in out.rglob("*.txt"))
    expected = sorted((p.parent / "canonical" / p.name).read_bytes() for p in seed_paths)
    assert exported == expected


def test_importing_twice_stores_one_article(db_url, seed_paths, tmp_path):
    assert run_cli("import", str(seed_paths[0]), db_url=db_url).returncode == 0
    again = run_cli("import", str(seed_paths[0]), str(seed_paths[0].parent / "canonical" / seed_paths[0].name),
                    db_url=db_url)
    assert again.returncode == 0 and "1 duplicate, 1 unchanged" in again.stdout
    lines = run_cli("export", "--format", "jsonl", "--out", "-", db_url=db_url).stdout.splitlines()
    assert len(lines) == 1 and len(json.loads(lines[0])["urls"]) == 2


def test_bad_files_are_named_and_skipped_and_the_rest_imported(db_url, seed_paths, tmp_path):
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    binary = tmp_path / "photo.jpg"
    binary.write_bytes(b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" * 20)
    html = tmp_path / "page.html"
    html.write_text("<html><body><h1>Tin tức</h1></body></html>", encoding="utf-8")
    truncated = tmp_path / "truncated.txt"
    truncated.write_text("chỉ đạo điều hành\n\nHĐND huyện ký kết", encoding="utf-8")
    missing = tmp_path / "missing.txt"
    result = run_cli("import", str(empty), str(seed_paths[0]), str(binary), str(html), str(truncated),
                     str(missing), str(seed_paths[1]), db_url=db_url)
    assert result.returncode == 2
    for path, words in ((empty, "is empty"), (binary, "binary"), (html, "HTML"),
                        (truncated, "no date line"), (missing, "cannot be read")):
        assert any(str(path) in line and words in line for line in result.stderr.splitlines()), result.stderr
    assert "Traceback" not in result.stderr
    lines = run_cli("export", "--format", "jsonl", "--out", "-", db_url=db_url).stdout.splitlines()
    assert sorted(json.loads(line)["title"][:20] for line in lines) == sorted(
        json.loads(json.dumps(t))[:20] for t in (
            "HĐND – UBND - UBMTTQ huyện Thanh Trì tổng kết chương trình phối hợp năm 2020",
            "Hội nghị lãnh đạo UBND huyện làm việc với Ban thường trực Ủy ban MTTQ"))


def test_jsonl_and_csv_carry_the_spec_fields(db_url, seed_paths, tmp_path):
    run_cli("import", "--site", "caugiay", str(seed_paths[2]), db_url=db_url)
    record = json.loads(run_cli("export", "--format", "jsonl", "--out", "-", db_url=db_url).stdout)
    for key in ("url", "site", "district", "category", "title", "published", "views", "byline", "body",
                "canonical_text"):
        assert key in record
    assert (record["site"], record["district"], record["category"]) == ("caugiay", "Cầu Giấy", None)
    assert record["published"] == "2021-01-23T14:46" and record["views"] is None
    assert record["byline"] == "Ủy ban MTTQ Việt Nam quận Cầu Giấy"
    assert not record["body"].endswith(record["byline"])
    assert record["canonical_text"] == (seed_paths[2].parent / "canonical" / seed_paths[2].name).read_text("utf-8")
    out = tmp_path / "csv"
    assert run_cli("export", "--format", "csv", "--out", str(out), db_url=db_url).returncode == 0
    rows = list(csv.DictReader((out / "articles.csv").open(encoding="utf-8", newline="")))
    assert len(rows) == 1 and rows[0]["title"] == record["title"] and rows[0]["body"] == record["body"]


def test_bad_usage_is_one_sentence_and_status_2(tmp_path):
    for args in (["--db", "mysql://x/y", "export", "--format", "txt", "--out", str(tmp_path)],
                 ["export", "--format", "pdf", "--out", "-"],
                 ["--sites", str(tmp_path / "nope.yaml"), "sites"],
                 ["frobnicate"]):
        result = run_cli(*args)
        assert result.returncode == 2, (args, result.stderr)
        assert result.stderr.startswith("portalwatch: ") and "Traceback" not in result.stderr
        assert len(result.stderr.strip().splitlines()) == 1, result.stderr


def test_unreachable_database_is_status_1(tmp_path):
    result = run_cli("--db", "postgresql://nobody@127.0.0.1:1/none", "export", "--format", "jsonl", "--out", "-")
    assert result.returncode == 1 and "cannot open the database" in result.stderr


def test_sites_lists_the_registry(tmp_path):
    registry = tmp_path / "sites.yaml"
    registry.write_text("sites:\n  - name: tanlam\n    url: http://127.0.0.1:8080/\n    district: Tân Lâm\n",
                        encoding="utf-8")
    result = run_cli("--sites", str(registry), "sites", "--json")
    assert result.returncode == 0, result.stderr
    site = json.loads(result.stdout)
    assert site["name"] == "tanlam" and site["platform"] == "generic" and site["district"] == "Tân Lâm"
    assert site["allowed_domains"] == ["127.0.0.1"]
    registry.write_text("sites:\n  - name: tanlam\n    url: ftp://x\n    district: Tân Lâm\n", encoding="utf-8")
    bad = run_cli("--sites", str(registry), "sites")
    assert bad.returncode == 2 and "url" in bad.stderr
