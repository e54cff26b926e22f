"""The seed articles stored and analysed one by one, as the events tests start from them."""

from __future__ import annotations

import json

from monitor.events import analyse_pending
from storage.canonical import read_article_file


def seed_expectations(seed_paths) -> dict:
    """The seeds' expected.json: what a correct reading of each seed yields."""
    return json.loads((seed_paths[0].parent / "expected.json").read_text("utf-8"))


def store_seeds(store, seed_paths, order=None) -> None:
    """Registers the seeds' sites, then saves and analyses each seed in ``order`` (default: as given)."""
    from crawler.registry import Site

    expected = seed_expectations(seed_paths)["articles"]
    store.sync_sites(Site(name=n, url=f"http://{n}.local/", district=d)
                     for n, d in {(a["site"], a["district"]) for a in expected.values()})
    for path in seed_paths if order is None else order:
        store.save_article(read_article_file(path), url=f"http://{expected[path.name]['site']}.local/{path.stem}",
                           site=expected[path.name]["site"])
        analyse_pending(store)
