"""Where the project's defaults live: database URL, registry path, var/ directory."""

from __future__ import annotations

import os
from pathlib import Path

PACKAGE_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DB_URL = "sqlite:///var/portalwatch.db"
DEFAULT_SITES_FILE = PACKAGE_ROOT / "crawler" / "sites.yaml"


def db_url_from_env() -> str:
    return os.environ.get("PORTALWATCH_DB_URL") or DEFAULT_DB_URL


def sites_file_from_env() -> Path:
    value = os.environ.get("PORTALWATCH_SITES")
    return Path(value) if value else DEFAULT_SITES_FILE
