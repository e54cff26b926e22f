"""Events made from stored articles: the seeds in any order give the same events."""

import itertools
import random


from monitor.events import analyse_pending, list_events
from storage.canonical import read_article_file
from tests.events.seed_store import seed_expectations, store_seeds


def _summary(store):
    out = set()
    for e in list_events(store):
        if e["type"] == "leadership_change":
            out.add((e["type"], e["district"], e["post"], (e["old_holder"] or {}).get("name"),
                     e["new_holder"]["name"], e["old_holder"]["last_seen"] if e["old_holder"] else None,
                     e["new_holder"]["first_seen"]))
        else:
            out.add((e["type"], e["district"], e["signing"]["period"], e["signing"]["event_date"]))
    return out


def test_seeds_give_exactly_the_expected_change(store, seed_paths):
    store_seeds(store, seed_paths, seed_paths)
    changes = {x for x in _summary(store) if x[0] == "leadership_change"}
    want = {("leadership_change", c["district"], c["post"], c["old_holder"], c["new_holder"],
             c["last_seen_old"], c["first_seen_new"]) for c in seed_expectations(seed_paths)["changes"]}
    assert changes == want
    signings = {x for x in _summary(store) if x[0] == "signing"}
    assert {(d, p) for _, d, p, _ in signings} == {("Thanh Trì", "2020"), ("Cầu Giấy", "2021"),
                                                   ("Hoàn Kiếm", "2020")}


def test_any_import_order_gives_the_same_events(db_url, seed_paths, tmp_path):
    from storage.store import Store

    orders = list(itertools.permutations(seed_paths))
    random.Random(4).shuffle(orders)
    summaries = []
    for i, order in enumerate(orders[:4]):
        url = db_url if db_url.startswith("postgresql") and i == 0 else f"sqlite:///{tmp_path}/o{i}.db"
        store = Store.open(url)
        store_seeds(store, seed_paths, order)
        summaries.append(_summary(store))
        store.engine.dispose()
    assert all(s == summaries[0] for s in summaries)


def test_running_twice_and_republished_copies_make_no_new_event(store, seed_paths):
    store_seeds(store, seed_paths, seed_paths)
    before = list_events(store)
    assert analyse_pending(store) == []
    # The Cầu Giấy signing republished on the MTTQ portal with the old spelling of Ủy.
    article = read_article_file(seed_paths[2])
    copy = article.with_paragraphs(tuple(p.replace("Ủy", "Uỷ") for p in article.paragraphs)
                                   + ("Nguồn: mttqhanoi.org.vn",))
    store.save_article(copy, url="http://mttqhanoi.local/copy", site="mttqhanoi")
    assert analyse_pending(store) == []
    after = list_events(store)
    assert len(after) == len(before)
    signing = next(e for e in after if e["type"] == "signing" and e["district"] == "Cầu Giấy")
    assert "http://mttqhanoi.local/copy" in signing["article_urls"]


def test_imported_articles_do_not_alert(store, seed_paths):
    from sqlalchemy import func, select

    from storage.models import Event, OutboxItem

    store_seeds(store, seed_paths, seed_paths)
    with store.session() as s:
        assert s.scalar(select(func.count(Event.id))) == 4
        assert s.scalar(select(func.count(Event.id)).where(Event.alert.is_(True))) == 0
        assert s.scalar(select(func.count(OutboxItem.id))) == 0
