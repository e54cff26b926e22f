"""The analysis queue: a save queues its article, the analyser consumes it, one analyser at a time."""

from __future__ import annotations

import threading
from datetime import datetime

from sqlalchemy import func, select

import monitor.events as events
from monitor.events import analyse_pending, list_events
from storage.analysis_queue import Lease
from storage.canonical import CanonicalArticle
from storage.models_facts import AnalysisQueue, ArticleFacts

CHANGE = ("Sáng {day}/3, HĐND huyện Thanh Trì tổ chức kỳ họp bất thường. Kỳ họp đã bầu đồng chí {name} "
          "giữ chức Chủ tịch UBND huyện Thanh Trì nhiệm kỳ 2021-2026.")
SEEN = "Dự hội nghị có đồng chí {name}, Chủ tịch UBND huyện Thanh Trì, cùng lãnh đạo các phòng ban."


def _article(title: str, sentence: str, day: int) -> CanonicalArticle:
    return CanonicalArticle(title=title, published=datetime(2024, 3, day, 9, 0), paragraphs=(sentence, "P.V"))


def _site(store) -> None:
    from crawler.registry import Site

    store.sync_sites([Site(name="thanhtri", url="http://thanhtri.local/", district="Thanh Trì",
                           alert_backfill=True)])


def _queue(store) -> list[tuple[int, int]]:
    with store.session() as s:
        return [tuple(r) for r in s.execute(select(AnalysisQueue.article_id, AnalysisQueue.version)
                                            .order_by(AnalysisQueue.article_id))]


def _save_many(store, count: int) -> list[int]:
    ids = []
    for i in range(count):
        name = ["Nguyễn Văn An", "Trần Thị Bình", "Lê Văn Cường"][i % 3]
        sentence = (CHANGE if i % 4 == 0 else SEEN).format(day=1 + i % 28, name=name)
        ids.append(store.save_article(_article(f"Tin số {i} của huyện", f"{sentence} Bài số {i}.", 1 + i % 28),
                                      url=f"http://thanhtri.local/{i}", site="thanhtri").article_id)
    return ids


def test_a_saved_article_is_queued_and_the_analyser_consumes_it(store) -> None:
    _site(store)
    first = store.save_article(_article("Bầu Chủ tịch UBND huyện", CHANGE.format(day=2, name="Nguyễn Văn An"), 2),
                               url="http://thanhtri.local/a", site="thanhtri")
    assert _queue(store) == [(first.article_id, 1)]
    # The same text again is no new work; the same body at another URL is the same article.
    store.save_article(_article("Bầu Chủ tịch UBND huyện", CHANGE.format(day=2, name="Nguyễn Văn An"), 2),
                       url="http://thanhtri.local/a", site="thanhtri")
    assert _queue(store) == [(first.article_id, 1)]
    created = analyse_pending(store)
    assert _queue(store) == []
    assert [e["id"] for e in list_events(store)] == created and len(created) == 1
    assert analyse_pending(store) == []


def test_a_new_version_is_queued_again_and_analysed_in_that_version(store) -> None:
    _site(store)
    url = "http://thanhtri.local/b"
    saved = store.save_article(_article("Hội nghị", SEEN.format(name="Nguyễn Văn An"), 3), url=url, site="thanhtri")
    analyse_pending(store)
    assert _queue(store) == []
    edited = store.save_article(_article("Hội nghị", SEEN.format(name="Trần Thị Bình"), 3), url=url, site="thanhtri")
    assert edited.status == "changed"
    assert _queue(store) == [(saved.article_id, 2)]
    analyse_pending(store)
    assert _queue(store) == []
    with store.session() as s:
        assert s.get(ArticleFacts, saved.article_id).version == 2


def test_two_analysers_at_once_analyse_each_article_once(store, monkeypatch, caplog) -> None:
    _site(store)
    ids = _save_many(store, 24)
    reads: list[int] = []
    lock = threading.Lock()
    real = events._store_facts

    def counting(s, items, settings):
        with lock:
            reads.extend(article.id for article, _ in items)
        return real(s, items, settings)

    monkeypatch.setattr(events, "_store_facts", counting)
    created: list[list[str]] = [[], []]
    start = threading.Barrier(2)

    def run(slot: int) -> None:
        start.wait()
        created[slot] = analyse_pending(store)

    threads = [threading.Thread(target=run, args=(i,)) for i in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert sorted(reads) == sorted(ids)
    assert "event race" not in caplog.text
    assert sorted(created[0] + created[1]) == sorted(e["id"] for e in list_events(store))
    assert _queue(store) == []


def test_a_second_analyser_gives_way_while_the_lease_is_held(store) -> None:
    _site(store)
    _save_many(store, 2)
    holder = Lease(store.engine)
    assert holder.acquire()
    assert analyse_pending(store, wait=0.3) == []
    assert len(_queue(store)) == 2  # left to the holder
    holder.release()
    analyse_pending(store, wait=0.3)
    assert _queue(store) == []


def test_events_of_one_district_are_found_by_its_folded_name(store) -> None:
    _site(store)
    _save_many(store, 8)
    analyse_pending(store)
    everything = list_events(store)
    assert everything
    assert list_events(store, district="thanh tri") == everything
    assert list_events(store, district="Thanh Trì") == everything
    assert list_events(store, district="Cầu Giấy") == []
    with store.session() as s:
        assert s.scalar(select(func.count()).select_from(AnalysisQueue)) == 0


def test_a_lease_left_by_a_dead_analyser_expires_and_a_missing_row_is_made_again(store) -> None:
    from sqlalchemy import delete, update

    from storage.models_facts import AnalysisLease

    _site(store)
    _save_many(store, 2)
    with store.engine.begin() as conn:  # an analyser that died holding it long ago
        conn.execute(update(AnalysisLease).values(owner="dead:1", expires_at=datetime(2020, 1, 1)))
    analyse_pending(store, wait=0)
    assert _queue(store) == []
    with store.engine.begin() as conn:
        conn.execute(delete(AnalysisLease))
    first, second = Lease(store.engine), Lease(store.engine)
    assert first.acquire() and not second.acquire()
    first.release()
    assert second.acquire()
