"""Typos and bad input fail loudly, in one sentence with exit status 2, and
leave nothing behind; empty answers say so; places match without diacritics."""

from __future__ import annotations

import pytest

from tests.conftest import run_cli


def _one_sentence(result, ending: str) -> None:
    assert result.returncode == 2, (result.stdout, result.stderr)
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("portalwatch: ") and lines[0].endswith(ending), lines
    assert "Traceback" not in result.stderr and "Error:" not in result.stderr


def test_a_database_in_a_directory_that_does_not_exist_is_an_error_not_a_new_directory(tmp_path, seed_paths):
    url = f"sqlite:///{tmp_path / 'no' / 'such' / 'x.db'}"
    result = run_cli("import", str(seed_paths[0]), db_url=url)
    _one_sentence(result, "does not exist (check --db or PORTALWATCH_DB_URL).")
    assert str(tmp_path / "no" / "such") in result.stderr
    assert not (tmp_path / "no").exists()


@pytest.mark.parametrize("command", [["events"], ["roster"], ["status"], ["export", "--format", "jsonl", "--out", "-"]])
def test_read_only_commands_never_create_a_database(tmp_path, command):
    path = tmp_path / "typo.db"
    result = run_cli(*command, db_url=f"sqlite:///{path}")
    _one_sentence(result, "nothing was crawled or imported into it yet (check --db or PORTALWATCH_DB_URL).")
    assert not path.exists()


def test_read_only_commands_refuse_an_empty_postgresql_database(fresh_postgres_url):
    result = run_cli("events", db_url=fresh_postgres_url)
    _one_sentence(result, "has no portalwatch tables: nothing was crawled or imported into it yet "
                          "(check --db or PORTALWATCH_DB_URL).")
    from sqlalchemy import create_engine, inspect

    engine = create_engine(fresh_postgres_url.replace("postgresql://", "postgresql+psycopg://", 1))
    assert inspect(engine).get_table_names() == []
    engine.dispose()


def test_import_into_a_site_the_registry_does_not_have_is_refused(tmp_path, seed_paths):
    path = tmp_path / "x.db"
    result = run_cli("import", "--site", "nosuchsite", str(seed_paths[0]), db_url=f"sqlite:///{path}")
    _one_sentence(result, "sites.yaml.")
    assert "there is no site named 'nosuchsite'" in result.stderr
    assert not path.exists()


def test_empty_events_and_roster_say_so(tmp_path, seed_paths):
    db = f"sqlite:///{tmp_path / 'x.db'}"
    assert run_cli("import", str(seed_paths[0]), db_url=db).returncode == 0
    for command, what in (("events", "events"), ("roster", "roster entries")):
        result = run_cli(command, "--district", "Tân Lâm", db_url=db)
        assert result.returncode == 0 and result.stdout == ""
        assert result.stderr.strip() == f"no {what} for the district 'Tân Lâm' in the store."


def test_roster_and_events_find_a_district_typed_without_diacritics(tmp_path, seed_paths):
    db = f"sqlite:///{tmp_path / 'x.db'}"
    assert run_cli("import", "--site", "caugiay", *map(str, seed_paths), db_url=db).returncode == 0
    for command in ("roster", "events"):
        plain = run_cli(command, "--district", "cau giay", "--json", db_url=db)
        exact = run_cli(command, "--district", "Cầu Giấy", "--json", db_url=db)
        assert plain.returncode == 0 and plain.stdout.strip(), (command, plain.stderr)
        assert plain.stdout == exact.stdout
    wrong = run_cli("roster", "--district", "cau giây", db_url=db)  # a wrong diacritic is another place
    assert wrong.stdout == "" and "no roster entries" in wrong.stderr


def test_export_to_a_place_that_cannot_be_written_is_one_sentence(tmp_path, seed_paths):
    db = f"sqlite:///{tmp_path / 'x.db'}"
    assert run_cli("import", str(seed_paths[0]), db_url=db).returncode == 0
    result = run_cli("export", "--format", "txt", "--out", "/proc/nope", db_url=db)
    _one_sentence(result, ")." )
    assert "cannot write the export to --out /proc/nope (" in result.stderr


@pytest.mark.parametrize("command", ["crawl", "recrawl"])
def test_a_since_that_is_not_yyyy_mm_dd_is_named(tmp_path, command):
    result = run_cli(command, "caugiay", "--since", "2024/01/01", db_url=f"sqlite:///{tmp_path / 'x.db'}")
    _one_sentence(result, "--since takes a date as YYYY-MM-DD, not '2024/01/01'.")


def test_recrawl_of_a_url_no_site_owns_names_the_registry(tmp_path):
    result = run_cli("recrawl", "--url", "http://example.com/x", db_url=f"sqlite:///{tmp_path / 'x.db'}")
    _one_sentence(result, "sites.yaml.")
    assert "the URL http://example.com/x belongs to no site of the registry" in result.stderr


def test_crawl_all_on_an_empty_registry_is_refused(tmp_path):
    sites = tmp_path / "sites.yaml"
    sites.write_text("sites: []\n", encoding="utf-8")
    result = run_cli("--sites", str(sites), "crawl", "--all", db_url=f"sqlite:///{tmp_path / 'x.db'}")
    _one_sentence(result, f"the registry {sites} has no enabled site to crawl.")
