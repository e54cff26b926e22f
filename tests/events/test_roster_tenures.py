"""The stored roster (roster_tenures, migration 0006): whatever the order and batches in which a
post's sightings arrive, what the rebuilds store is what grouping all its sightings at once gives,
for the roster and for the post's events."""

from __future__ import annotations

import itertools
import random
from datetime import datetime, timedelta

from alembic import command
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import delete, select

import monitor.events as events
from monitor.alert_config import AlertSettings
from monitor.roster import tenures
from monitor.roster_query import roster_entries, stored_sightings
from monitor.roster_store import holder_json
from storage.canonical import CanonicalArticle
from storage.db import alembic_config
from storage.models import Article, Event
from storage.models_facts import RosterSighting, RosterTenure
from storage.store import Store

NAMES = ["Nguyễn Văn An", "Nguyễn An", "Trần Văn Bình", "Lê Thị Cúc", "Phạm Văn Dũng"]
START = datetime(2020, 1, 1, 8, 0)
_places = itertools.count()


def _articles(store: Store, count: int) -> list[int]:
    ids = []
    for i in range(count):
        article = CanonicalArticle(title=f"Tin {i}", published=START + timedelta(days=i),
                                   paragraphs=(f"Huyện tổng kết công tác số {i}.", "P.V"))
        ids.append(store.save_article(article, url=f"http://place.local/{i}", site="local").article_id)
    return ids


def _expected(store: Store, place_key: str) -> list[dict]:
    """The post's roster grouped from all its sightings at once, as `roster` printed it before 0006."""
    with store.session() as s:
        sightings = stored_sightings(s, RosterSighting.place_key == place_key)
    if not sightings:
        return []
    return [{"place": sightings[0].place, "scope": sightings[0].scope, "post": "ubnd_chair",
             "holders": [holder_json(t.name, t.first_seen, t.last_seen, sorted({x.url for x in t.sightings}))
                         for t in tenures(sightings)]}]


def _events(store: Store, place_key: str) -> list[tuple]:
    with store.session() as s:
        rows = s.scalars(select(Event).where(Event.subject == f"{place_key}|ubnd_chair"))
        return sorted((e.dedup_key, repr(e.article_urls), repr(sorted(e.payload.items()))) for e in rows)


def _apply(store: Store, place_key: str, batch: list[tuple], removed: list[int] = (), windowed: bool = True) -> None:
    """One analysed article's worth of change: sightings added (and some removed), then the rebuild."""
    with store.session() as s:
        r = RosterSighting
        gone = s.execute(delete(r).where(r.place_key == place_key, r.article_id.in_(removed))
                         .returning(r.article_id, r.name, r.published, r.source)).all() if removed else []
        # Where the history changed, as the analysis tells the rebuild (monitor.roster.order_key).
        keys = [(when, source != "announced", s.get(Article, article_id).url, article_id)
                for article_id, _, when, source in [*gone, *batch]]
        s.add_all(RosterSighting(article_id=article_id, place_key=place_key, place=place_key[9:].title(), scope="district",
                                 post="ubnd_chair", name=name, published=when, source=source, evidence=name)
                  for article_id, name, when, source in batch)
        s.flush()
        events._rebuild_post(s, place_key, "ubnd_chair", min(keys) if keys and windowed else None, AlertSettings())


sightings_strategy = st.lists(
    st.tuples(st.integers(0, 11), st.sampled_from(NAMES), st.integers(0, 40),
              st.sampled_from(["seen", "announced", "replaced"])),
    min_size=1, max_size=20)


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(raw=sightings_strategy, seed=st.integers(0, 10_000))
def test_random_orders_and_batches_store_what_one_rebuild_of_everything_gives(tmp_path_factory, raw, seed):
    incremental, at_once = _stores(tmp_path_factory)
    place = f"district:p{next(_places)}"
    rows = list({(a, name): (a + 1, name, START + timedelta(days=day), source)
                 for a, name, day, source in raw}.values())
    rng = random.Random(seed)
    rng.shuffle(rows)
    if rng.random() < 0.6:  # mostly newer articles, as crawls bring them, a few older ones among them
        rows.sort(key=lambda x: x[2] + timedelta(days=rng.choice([0, 0, 0, -15])))
    kept: list[tuple] = []
    while rows:
        cut = rng.randint(1, min(3, len(rows)))
        # Now and then an article analysed again says nothing of the post any more.
        removed = [rng.choice(kept)[0]] if kept and rng.random() < 0.3 else []
        kept = [x for x in kept if x[0] not in removed] + rows[:cut]
        _apply(incremental, place, rows[:cut], removed)
        rows = rows[cut:]
    _apply(at_once, place, kept, windowed=False)
    assert roster_entries(incremental, district=place[9:]) == _expected(incremental, place)
    assert roster_entries(at_once, district=place[9:]) == _expected(incremental, place)
    assert _events(incremental, place) == _events(at_once, place)


_STORES: list[Store] = []


def _stores(factory) -> list[Store]:
    """Two stores with the same twelve articles (ids 1 to 12): one fed in batches, one at once."""
    while len(_STORES) < 2:
        store = Store.open(f"sqlite:///{factory.mktemp('tenures') / 'portalwatch.db'}")
        assert _articles(store, 12) == list(range(1, 13))
        _STORES.append(store)
    return _STORES


def test_a_long_history_fed_one_article_at_a_time_then_a_backfill_in_its_middle(tmp_path_factory):
    incremental, at_once = _stores(tmp_path_factory)
    place = f"district:p{next(_places)}"
    runs = ["Nguyễn Văn An", "Trần Văn Bình", "Nguyễn Văn An", "Lê Thị Cúc", "Phạm Văn Dũng", "Lê Thị Cúc"]
    rows = [(a + 1, runs[a // 2], START + timedelta(days=3 * a), "announced" if a % 4 == 0 else "seen")
            for a in range(12)]
    for row in rows:  # each new article newer than the last: the rebuild starts near the end
        _apply(incremental, place, [row])
    # Article 7 analysed again: no longer Lê Thị Cúc on day 18 but Phạm Văn Dũng on day 10, a
    # tenure of its own between Trần Văn Bình's and Nguyễn Văn An's second.
    backfill = (7, "Phạm Văn Dũng", START + timedelta(days=10), "seen")
    _apply(incremental, place, [backfill], removed=[7])
    kept = [r for r in rows if r[0] != 7] + [backfill]
    _apply(at_once, place, kept, windowed=False)
    assert roster_entries(incremental, district=place[9:]) == _expected(incremental, place)
    assert [h["name"] for h in _expected(incremental, place)[0]["holders"]][:4] == [
        "Nguyễn Văn An", "Trần Văn Bình", "Phạm Văn Dũng", "Nguyễn Văn An"]
    assert _events(incremental, place) == _events(at_once, place)


def test_late_news_of_the_replaced_holder_inside_the_rebuilt_window(tmp_path_factory):
    """A seen, B announced, A seen again a few days later (older news posted late: no tenure), then C and
    D: the last rebuild starts at B's tenure and must still know that A came before it."""
    incremental, at_once = _stores(tmp_path_factory)
    place = f"district:p{next(_places)}"
    rows = [(1, "Nguyễn Văn An", START, "seen"),
            (2, "Trần Văn Bình", START + timedelta(days=10), "announced"),
            (3, "Nguyễn Văn An", START + timedelta(days=15), "seen"),
            (4, "Lê Thị Cúc", START + timedelta(days=50), "seen"),
            (5, "Phạm Văn Dũng", START + timedelta(days=60), "seen")]
    for row in rows:
        _apply(incremental, place, [row])
    _apply(at_once, place, rows, windowed=False)
    assert [h["name"] for h in _expected(incremental, place)[0]["holders"]] == [
        "Nguyễn Văn An", "Trần Văn Bình", "Lê Thị Cúc", "Phạm Văn Dũng"]
    assert roster_entries(incremental, district=place[9:]) == _expected(incremental, place)
    assert _events(incremental, place) == _events(at_once, place)
