"""The site registry as a user meets it: `enabled: false` sites are listed by
nobody and refused by name, and every host of the shipped registry says where
it was seen in use (or why it is disabled)."""

from __future__ import annotations

import re

import yaml

from storage.settings import DEFAULT_SITES_FILE
from tests.conftest import run_cli

REGISTRY = """sites:
  - name: tanlam
    url: http://127.0.0.1:9/
    district: Tân Lâm
  - name: oldportal
    url: http://127.0.0.1:9/old/
    district: Tân Lâm
    enabled: false
"""


def test_a_disabled_site_is_not_listed_and_is_refused_by_name(tmp_path):
    sites = tmp_path / "sites.yaml"
    sites.write_text(REGISTRY, encoding="utf-8")
    db = f"sqlite:///{tmp_path / 'x.db'}"
    listed = run_cli("--sites", str(sites), "sites", db_url=db)
    assert listed.returncode == 0, listed.stderr
    assert [line.split()[0] for line in listed.stdout.splitlines()] == ["tanlam"]
    refused = run_cli("--sites", str(sites), "crawl", "oldportal", db_url=db)
    assert refused.returncode == 2
    assert refused.stderr.strip().endswith("is disabled in the registry " + str(sites) + " (enabled: false).")
    assert "Traceback" not in refused.stderr


def test_an_enabled_that_is_not_a_boolean_is_a_usage_error(tmp_path):
    sites = tmp_path / "sites.yaml"
    sites.write_text(REGISTRY.replace("enabled: false", "enabled: maybe"), encoding="utf-8")
    result = run_cli("--sites", str(sites), "sites")
    assert result.returncode == 2
    assert "has an enabled that is neither true nor false" in result.stderr


def test_every_shipped_host_says_where_it_was_seen_or_why_it_is_disabled():
    text = DEFAULT_SITES_FILE.read_text(encoding="utf-8")
    entries = yaml.safe_load(text)["sites"]
    notes = {name: kind for kind, name in re.findall(r"#\s*(seen|not confirmed): .+\n\s*- name: (\S+)", text)}
    for entry in entries:
        expected = "seen" if entry.get("enabled", True) else "not confirmed"
        assert notes.get(entry["name"]) == expected, entry["name"]
    assert any(e["name"] == "vinhtuy" for e in entries)  # a post-2025 ward portal
