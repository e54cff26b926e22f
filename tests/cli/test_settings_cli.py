"""The settings read at the entry point: a bad value of each kind is one sentence
and exit status 2 from the real command, before anything is stored; a good one
reaches the part that uses it."""

from __future__ import annotations

import json
import shutil

import pytest
import yaml

from portalwatch.simulator.content import BUNDLED, content_root, site_data
from portalwatch.simulator.simulator import Simulator
from storage.errors import UsageError
from storage.settings import Settings
from tests.conftest import run_cli


def _refused(result, variable: str, value: str, ending: str) -> None:
    assert result.returncode == 2, (result.stdout, result.stderr)
    assert result.stderr.strip().splitlines() == [f"portalwatch: the setting {variable}={value!r} {ending}"]


@pytest.mark.parametrize(("variable", "value", "ending"), [
    ("PORTALWATCH_ANALYSIS_TIMEOUT_SECONDS", "a minute", "is not a number."),
    ("PORTALWATCH_ANALYSIS_TIMEOUT_SECONDS", "-5", "is below its minimum of 0."),
    ("PORTALWATCH_ANALYSIS_TIMEOUT_SECONDS", "inf", "is above its maximum of 86400."),
    ("PORTALWATCH_ANALYSIS_TIMEOUT_SECONDS", "nan", "is not a number."),
    ("PORTALWATCH_LOG_FORMAT", "xml", "is not one of human, json."),
])
def test_a_bad_value_stops_an_import_before_it_stores_anything(tmp_path, seed_paths, variable, value, ending):
    db = tmp_path / "x.db"
    result = run_cli("import", str(seed_paths[0]), db_url=f"sqlite:///{db}", env={variable: value})
    _refused(result, variable, value, ending)
    assert not db.exists()


def test_content_that_is_not_the_simulators_stops_simulate_and_demo(tmp_path):
    empty = tmp_path / "content"
    empty.mkdir()
    registry = tmp_path / "sites.yaml"
    ending = "is not a directory of the simulator's content (no sites.yaml)."
    result = run_cli("simulate", "--registry", str(registry), env={"PORTALWATCH_SIM_CONTENT": str(empty)}, timeout=60)
    _refused(result, "PORTALWATCH_SIM_CONTENT", str(empty), ending)
    assert not registry.exists()
    db = tmp_path / "demo.db"
    result = run_cli("demo", db_url=f"sqlite:///{db}", env={"PORTALWATCH_SIM_CONTENT": str(empty)}, timeout=60)
    _refused(result, "PORTALWATCH_SIM_CONTENT", str(empty), ending)


def test_the_simulator_serves_the_content_its_settings_name(tmp_path):
    copy = tmp_path / "content"
    shutil.copytree(BUNDLED, copy)
    sites = yaml.safe_load((copy / "sites.yaml").read_text(encoding="utf-8"))
    sites["sites"][0]["title"] = "Cổng thông tin thử nghiệm"
    (copy / "sites.yaml").write_text(yaml.safe_dump(sites, allow_unicode=True), encoding="utf-8")
    first = site_data()[0][0].name

    root = content_root(Settings.from_environment({"PORTALWATCH_SIM_CONTENT": str(copy)}).env)
    assert root == copy and content_root({}) == BUNDLED
    assert Simulator(sites=[first], content_root=root).site(first).spec.title == "Cổng thông tin thử nghiệm"
    assert Simulator(sites=[first]).site(first).spec.title != "Cổng thông tin thử nghiệm"


def test_log_format_from_the_settings_any_case(tmp_path, seed_paths):
    assert Settings.from_environment({"PORTALWATCH_LOG_FORMAT": " JSON "}).log_format == "json"
    assert Settings.from_environment({}).log_format is None
    with pytest.raises(UsageError):
        Settings.from_environment({"PORTALWATCH_ANALYSIS_TIMEOUT_SECONDS": "soon"})
    # stderr is a pipe here (json by default); the setting asks for human lines.
    result = run_cli("-v", "import", str(seed_paths[0]), db_url=f"sqlite:///{tmp_path / 'x.db'}",
                     env={"PORTALWATCH_LOG_FORMAT": "Human"})
    assert result.returncode == 0, result.stderr
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert lines and not any(line.startswith("{") for line in lines), lines
    result = run_cli("-v", "import", str(seed_paths[1]), db_url=f"sqlite:///{tmp_path / 'x.db'}")
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert lines and all(json.loads(line)["level"] for line in lines), lines
