"""A worker's command line, which `ps` shows every user, never carries the store's URL."""

from __future__ import annotations

from pathlib import Path

from crawler.distributed.processes import Workers
from storage.settings import DB_URL_ENV


def test_the_store_url_goes_to_workers_in_their_environment_not_their_command_line(tmp_path: Path) -> None:
    url = "postgresql://portalwatch:s3cret-pass@db.internal:5432/portalwatch"
    pool = Workers(url, tmp_path / "sites.yaml", "redis://127.0.0.1:6379/0", tmp_path / "logs")
    assert not any("s3cret-pass" in part for part in pool.command)
    assert "--db" not in pool.command
    assert pool.env[DB_URL_ENV] == url
