"""Migration 0005 on a store with rows: the articles not analysed in their current version are
queued, the existing events get their place and post keys, every MinHash signature and its band
keys are rensa's, and it goes down and up again."""

from __future__ import annotations

from datetime import datetime

from alembic import command
from sqlalchemy import delete, select, update

from monitor.events import analyse_pending, list_events
from storage.canonical import CanonicalArticle
from storage.db import alembic_config
from storage.dedup import band_keys, signature, signature_bytes
from storage.models import Article, ArticleBand, Event
from storage.models_facts import AnalysisLease, AnalysisQueue

ELECTED = ("Kỳ họp thứ Năm HĐND huyện Thanh Trì đã bầu đồng chí Nguyễn Văn An giữ chức Chủ tịch UBND "
           "huyện Thanh Trì nhiệm kỳ 2021-2026.")


def _migrate(store, how: str, revision: str) -> None:
    with store.engine.begin() as connection:
        cfg = alembic_config()
        cfg.attributes["connection"] = connection
        getattr(command, how)(cfg, revision)


def _save(store, slug: str, sentence: str, day: int):
    article = CanonicalArticle(title=f"Tin {slug}", published=datetime(2024, 5, day, 8, 0),
                               paragraphs=(sentence, "P.V"))
    return store.save_article(article, url=f"http://thanhtri.local/{slug}", site="thanhtri")


def test_upgrade_from_0004_queues_what_was_not_analysed_and_keys_the_events(store) -> None:
    from crawler.registry import Site

    store.sync_sites([Site(name="thanhtri", url="http://thanhtri.local/", district="Thanh Trì")])
    _save(store, "a", ELECTED, 2)
    edited = _save(store, "b", "Huyện Thanh Trì ra quân làm sạch môi trường.", 3).article_id
    analyse_pending(store)
    _save(store, "b", "Huyện Thanh Trì ra quân làm sạch môi trường và đường làng.", 3)
    never = _save(store, "c", "Huyện Thanh Trì tổng kết công tác dân số.", 4).article_id

    _migrate(store, "downgrade", "0004")
    with store.engine.begin() as conn:  # a signature of another MinHash, as stores before 0005 hold
        conn.execute(update(Article).values(minhash=b"\0" * 480))
        conn.execute(delete(ArticleBand))
    _migrate(store, "upgrade", "head")

    with store.session() as s:
        assert sorted(s.execute(select(AnalysisQueue.article_id, AnalysisQueue.version)).all()) == \
            sorted([(edited, 2), (never, 1)])
        assert s.get(AnalysisLease, "analysis").owner is None
        event = s.scalars(select(Event)).one()
        assert (event.district_key, event.subject) == ("thanh tri", "district:thanh trì|ubnd_chair")
        assert event.article_urls == ["http://thanhtri.local/a"]
    before = list_events(store)
    assert analyse_pending(store) == []  # nothing new to say, and the event is found by its subject
    assert list_events(store) == before and list_events(store, district="thanh tri") == before
    with store.session() as s:
        assert s.scalars(select(AnalysisQueue)).all() == []
        for article in s.scalars(select(Article)):
            assert article.minhash == signature_bytes(signature(article.body))
            assert sorted(s.scalars(select(ArticleBand.band_key).where(ArticleBand.article_id == article.id))) == \
                sorted(set(band_keys(signature(article.body))))
