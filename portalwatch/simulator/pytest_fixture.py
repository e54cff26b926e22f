"""Pytest fixtures for a running simulator. In a conftest.py::

    from portalwatch.simulator.pytest_fixture import simulator, simulator_module  # noqa: F401

``simulator`` is a fresh simulator per test (free ports, stopped afterwards), so
faults, edits and the request log never leak between tests. ``simulator_module``
is shared by a module's tests, for read-only tests that want speed.
Both write the registry of the running sites to ``sim.registry_path`` (platform
sites) and ``sim.generic_registry_path`` (every site generic).
"""

from __future__ import annotations

import pytest

from portalwatch.simulator.content import content_root
from portalwatch.simulator.simulator import Simulator
from storage.settings import Settings


def _started(tmp_dir) -> Simulator:
    # The test process is an entry point of its own: its settings name the content.
    sim = Simulator(content_root=content_root(Settings.from_environment().env)).start()
    sim.registry_path = sim.write_registry(tmp_dir / "sites.yaml")
    sim.generic_registry_path = sim.write_registry(tmp_dir / "sites-generic.yaml", generic=True)
    return sim


@pytest.fixture
def simulator(tmp_path):
    sim = _started(tmp_path)
    try:
        yield sim
    finally:
        sim.stop()


@pytest.fixture(scope="module")
def simulator_module(tmp_path_factory):
    sim = _started(tmp_path_factory.mktemp("simulator"))
    try:
        yield sim
    finally:
        sim.stop()
