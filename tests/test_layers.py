"""The import graph: four floors, every import down, the alert path one way
(pyproject.toml's [tool.importlinter] contracts, checked by `lint-imports`)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import REPO

PACKAGES = ("storage", "crawler", "monitor", "portalwatch")
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")


def _lint(root: Path) -> subprocess.CompletedProcess[str]:
    # PYTHONPATH first: a copy under tmp_path is read instead of the installed project.
    env = {**os.environ, "PYTHONPATH": str(root)}
    return subprocess.run([str(LINT_IMPORTS), "--no-cache"], cwd=root, env=env,
                          capture_output=True, text=True, timeout=120)


def test_every_contract_is_kept() -> None:
    result = _lint(REPO)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "2 kept, 0 broken" in result.stdout


@pytest.fixture
def copy_of_project(tmp_path: Path) -> Path:
    for package in PACKAGES:
        shutil.copytree(REPO / package, tmp_path / package,
                        ignore=shutil.ignore_patterns("__pycache__", "*.yaml", "migrations"))
    shutil.copy(REPO / "pyproject.toml", tmp_path)
    return tmp_path


def _add_import(module: Path, statement: str) -> None:
    module.write_text(module.read_text(encoding="utf-8") + f"\n\n{statement}\n", encoding="utf-8")


@pytest.mark.parametrize(("module", "statement", "broken"), [
    # An arrow up a floor, even one hidden inside a function.
    ("storage/clock.py", "def _up() -> None:\n    import portalwatch.cli", "Four floors, every import runs down"),
    ("crawler/registry.py", "from monitor import alert_config", "Four floors, every import runs down"),
    # The old loop: a channel reaching back into the analysis pass.
    ("monitor/channels/base.py", "from monitor.events import list_events", "The alert path runs one way"),
])
def test_an_added_arrow_breaks_a_contract(copy_of_project: Path, module: str, statement: str,
                                          broken: str) -> None:
    assert _lint(copy_of_project).returncode == 0
    _add_import(copy_of_project / module, statement)
    result = _lint(copy_of_project)
    assert result.returncode == 1
    assert any(line.startswith(broken) and line.endswith("BROKEN") for line in result.stdout.splitlines())
