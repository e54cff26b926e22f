"""`portalwatch simulate` as a user runs it: the sites it serves and the registry it writes."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import yaml


def _serve(tmp_path: Path, *flags: str) -> dict[str, str]:
    """{site name: platform} of the registry that `simulate` writes before it serves."""
    registry = tmp_path / "sites.yaml"
    process = subprocess.Popen([sys.executable, "-m", "portalwatch.cli", "simulate", "--registry", str(registry),
                                *flags], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                               env={**os.environ})
    try:
        deadline = time.monotonic() + 60
        for line in process.stdout:
            if line.startswith("Serving") or time.monotonic() > deadline:
                break
        assert process.poll() is None, process.stderr.read()
        sites = yaml.safe_load(registry.read_text(encoding="utf-8"))["sites"]
        return {site["name"]: site.get("platform", "generic") for site in sites}
    finally:
        process.send_signal(signal.SIGINT)
        process.wait(20)


def test_simulate_serves_the_hanoi_sites_and_with_platforms_every_cms(tmp_path):
    hanoi = _serve(tmp_path)
    assert "thanhtri" in hanoi and "drupal" not in set(hanoi.values())
    every = _serve(tmp_path, "--platforms")
    assert set(hanoi) < set(every)
    assert len(every) - len(hanoi) == 8
