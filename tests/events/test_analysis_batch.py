"""Analysis in batches (monitor.events._analyse_batch) tells what analysing one article at a
time tells: the same events, whatever the order the articles were stored in and however
the queue is cut into batches; an article whose detectors fail is skipped alone."""

import pytest

from monitor import events
from monitor.events import analyse_pending, list_events
from storage.canonical import read_article_file
from storage.models_facts import ArticleFacts
from tests.events.seed_store import seed_expectations, store_seeds
from tests.events.test_events_from_store import _summary


def _save_all(store, seed_paths, order) -> dict[str, int]:
    """The seeds stored without analysing any; their article ids by file name."""
    expected = seed_expectations(seed_paths)["articles"]
    from crawler.registry import Site

    store.sync_sites(Site(name=n, url=f"http://{n}.local/", district=d)
                     for n, d in {(a["site"], a["district"]) for a in expected.values()})
    ids = {}
    for path in order:
        saved = store.save_article(read_article_file(path), url=f"http://{expected[path.name]['site']}.local/{path.stem}",
                                   site=expected[path.name]["site"])
        ids[path.name] = saved.article_id
    return ids


@pytest.mark.parametrize("write_batch", [50, 2])
@pytest.mark.parametrize("reverse", [False, True])
def test_a_batch_makes_the_events_that_one_article_at_a_time_makes(db_url, seed_paths, tmp_path, monkeypatch,
                                                                    write_batch, reverse):
    from storage.store import Store

    order = list(reversed(seed_paths)) if reverse else list(seed_paths)
    one_by_one = Store.open(f"sqlite:///{tmp_path}/one.db")
    store_seeds(one_by_one, seed_paths, order)  # analyses after every save
    want = _summary(one_by_one)
    one_by_one.engine.dispose()

    monkeypatch.setattr(events, "WRITE_BATCH", write_batch)
    batched = Store.open(db_url)
    _save_all(batched, seed_paths, order)
    created = analyse_pending(batched)
    assert want and _summary(batched) == want
    assert sorted(created) == sorted(e["id"] for e in list_events(batched))
    assert analyse_pending(batched) == []  # the queue is empty: nothing analysed twice
    batched.engine.dispose()


def test_an_article_whose_detectors_fail_is_skipped_and_the_rest_of_its_batch_analysed(store, seed_paths,
                                                                                      monkeypatch):
    ids = _save_all(store, seed_paths, seed_paths)
    bad = ids[seed_paths[0].name]
    bad_text = _text_of(store, bad)
    real = events._read

    def failing(text, district, settings):
        if text == bad_text:
            raise ValueError("detector broke")
        return real(text, district, settings)

    monkeypatch.setattr(events, "_read", failing)
    analyse_pending(store)
    with store.session() as s:
        facts = {i: s.get(ArticleFacts, i) for i in ids.values()}
    assert "detector broke" in facts[bad].facts["skipped"]
    assert all(f is not None and "skipped" not in f.facts for i, f in facts.items() if i != bad)


def _text_of(store, article_id: int) -> str:
    from storage.models import Article

    with store.session() as s:
        return s.get(Article, article_id).canonical_text
