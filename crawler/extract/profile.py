"""Site knowledge as data: a platform's selectors (platforms.yaml), merged with a site's own."""

from __future__ import annotations

from collections.abc import Mapping
from copy import deepcopy
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

PLATFORMS_FILE = Path(__file__).with_name("platforms.yaml")


@lru_cache(maxsize=1)
def _platforms() -> dict[str, dict[str, Any]]:
    return yaml.safe_load(PLATFORMS_FILE.read_text(encoding="utf-8"))


def _merge(base: dict[str, Any], override: Mapping[str, Any]) -> dict[str, Any]:
    merged = deepcopy(base)
    for key, value in override.items():
        if isinstance(value, Mapping) and isinstance(merged.get(key), dict):
            merged[key] = _merge(merged[key], value)
        else:
            merged[key] = deepcopy(value)
    return merged


def profile_for(platform: str, site_selectors: Mapping[str, Any] | None = None) -> dict[str, Any]:
    """The selectors for a site: its platform's, overridden key by key by the site's.

    ``generic`` has none of its own; a generic site may still give some, which
    the generic extractor then tries before its own heuristics.
    """
    base = _platforms().get(platform, {})
    return _merge(base, site_selectors or {})


def get(profile: Mapping[str, Any], section: str, key: str) -> Any:
    return (profile.get(section) or {}).get(key)
