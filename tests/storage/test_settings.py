"""One settings object: flags over the environment over the defaults, read once
at the entry point; a bad value is one sentence and exit status 2."""

from __future__ import annotations

from pathlib import Path

import pytest

from storage.settings import DEFAULT_DB_URL, DEFAULT_SITES_FILE, Settings
from tests.conftest import run_cli


def test_flags_win_over_the_environment_which_wins_over_the_defaults() -> None:
    environ = {"PORTALWATCH_DB_URL": "sqlite:///env.db", "PORTALWATCH_SITES": "env.yaml", "HOME": "/root"}
    assert Settings.from_environment({}) == Settings(DEFAULT_DB_URL, DEFAULT_SITES_FILE)
    from_env = Settings.from_environment(environ)
    assert (from_env.db_url, from_env.sites_file) == ("sqlite:///env.db", Path("env.yaml"))
    flagged = Settings.from_environment(environ, db_url="sqlite:///flag.db", sites_file=Path("flag.yaml"))
    assert (flagged.db_url, flagged.sites_file) == ("sqlite:///flag.db", Path("flag.yaml"))


def test_the_environment_is_a_snapshot_of_our_variables_only() -> None:
    environ = {"PORTALWATCH_WEB_ADDR": " :8091 ", "PORTALWATCH_EMPTY": "  ", "PATH": "/bin"}
    settings = Settings.from_environment(environ)
    environ["PORTALWATCH_WEB_ADDR"] = "changed later"
    assert dict(settings.env) == {"PORTALWATCH_WEB_ADDR": " :8091 ", "PORTALWATCH_EMPTY": "  "}
    assert settings.text("PORTALWATCH_WEB_ADDR") == ":8091"
    assert settings.text("PORTALWATCH_EMPTY") is None and settings.text("PORTALWATCH_UNSET") is None
    with pytest.raises(TypeError):
        settings.env["PORTALWATCH_WEB_ADDR"] = "x"  # type: ignore[index]


@pytest.mark.parametrize(("variable", "value", "ending"), [
    ("PORTALWATCH_REDIS_LEASE_SECONDS", "soon", "is not a number."),
    ("PORTALWATCH_REDIS_RUN_TTL_SECONDS", "5", "is below its minimum of 60."),
])
def test_a_bad_value_read_from_the_settings_is_one_sentence_and_exit_2(tmp_path, seed_paths, variable, value,
                                                                      ending) -> None:
    assert run_cli("import", str(seed_paths[0]), db_url=f"sqlite:///{tmp_path / 'x.db'}").returncode == 0
    result = run_cli("status", db_url=f"sqlite:///{tmp_path / 'x.db'}",
                     env={"PORTALWATCH_REDIS_URL": "redis://127.0.0.1:1/0", variable: value})
    assert result.returncode == 2, (result.stdout, result.stderr)
    assert result.stderr.strip().splitlines() == [f"portalwatch: the setting {variable}={value!r} {ending}"]
