"""The analysis after a crawl or an import imports the detectors only when an article waits:
a crawl that found nothing new (most crawls of a portal) does not pay for them (~0.1 CPU-s)."""

from __future__ import annotations

import subprocess
import sys

from tests.conftest import REPO

_PROBE = """
import sys
from portalwatch.cli import AppContext
from storage.canonical import read_article_file
from storage.settings import Settings
app = AppContext(Settings.from_environment({{}}, db_url={db!r}))
for path in {seeds!r}:
    app.store.save_article(read_article_file(path), url="https://example.gov.vn/" + path[-20:], site="thanhtri")
made = app.analyse_pending()
queued_after = app.analyse_pending()
print(isinstance(made, list), queued_after, "monitor.detect" in sys.modules)
"""


def _run(tmp_path, seeds: list[str]) -> str:
    code = _PROBE.format(db=f"sqlite:///{tmp_path / 'q.db'}", seeds=seeds)
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=REPO, timeout=120)
    assert done.returncode == 0, done.stderr
    return done.stdout.strip().splitlines()[-1]


def test_nothing_queued_no_detectors_imported(tmp_path):
    assert _run(tmp_path, []) == "True [] False"


def test_a_queued_article_is_analysed(tmp_path, seed_paths):
    # the detectors ran on it, and it left the queue (a second pass finds nothing)
    assert _run(tmp_path, [str(seed_paths[0])]) == "True [] True"
