import json
from dataclasses import replace
from pathlib import Path

import pytest
from sqlalchemy import func, select

from storage.canonical import read_article_file
from storage.models import Article, ArticleBand, ArticleUrl, ArticleVersion, CrawlRun

CASES = __import__("yaml").safe_load(
    (Path(__file__).parent.parent / "data/storage/dedup_cases.yaml").read_text("utf-8"))


def _count(store, model):
    with store.session() as s:
        return s.scalar(select(func.count()).select_from(model))


def test_new_then_unchanged(store, seed_paths):
    article = read_article_file(seed_paths[0])
    first = store.save_article(article, url="http://a/1", site="thanhtri")
    again = store.save_article(article, url="http://a/1", site="thanhtri", etag='"x"')
    assert (first.status, again.status) == ("new", "unchanged")
    assert first.article_id == again.article_id
    assert _count(store, Article) == 1 and _count(store, ArticleVersion) == 1
    assert store.url_states("thanhtri")[0].etag == '"x"'


def test_same_body_on_two_portals_is_one_article_with_two_urls(store, seed_paths):
    article = read_article_file(seed_paths[2])
    # The other portal spells Ủy the old way and uses en dashes: the same body.
    variant = article.with_paragraphs(tuple(p.replace("Ủy", "Uỷ").replace("- ", "– ")
                                            for p in article.paragraphs))
    a = store.save_article(article, url="http://caugiay/1", site="caugiay")
    b = store.save_article(variant, url="http://mttq/9", site="mttqhanoi")
    assert (a.status, b.status) == ("new", "duplicate") and a.article_id == b.article_id
    assert _count(store, Article) == 1
    assert store.known_urls("mttqhanoi") == {"http://mttq/9"}


def test_edit_keeps_the_old_text_and_a_diff(store, seed_paths):
    article = read_article_file(seed_paths[1])
    store.save_article(article, url="http://a/2", site="thanhtri")
    edited = replace(article, title=article.title + " (cập nhật)")
    outcome = store.save_article(edited, url="http://a/2", site="thanhtri")
    assert outcome.status == "changed"
    with store.session() as s:
        versions = list(s.scalars(select(ArticleVersion).order_by(ArticleVersion.version)))
        row = s.get(Article, outcome.article_id)
        assert [v.version for v in versions] == [1, 2] and row.version == 2
        assert versions[0].canonical_text != versions[1].canonical_text
        assert "+" in versions[1].diff and "(cập nhật)" in versions[1].diff
        assert row.title.endswith("(cập nhật)")


def test_near_duplicates_share_a_group_and_siblings_do_not(store):
    from datetime import datetime

    from storage.canonical import CanonicalArticle

    def article(body):
        return CanonicalArticle("Tiêu đề", datetime(2021, 1, 23, 14, 46), tuple(body.strip().split("\n\n")))

    copy = next(c for c in CASES if c["same"])
    siblings = next(c for c in CASES if not c["same"])
    a = store.save_article(article(copy["a"]), url="http://x/a", site="x")
    b = store.save_article(article(copy["b"]), url="http://y/b", site="y")
    c = store.save_article(article(siblings["b"]), url="http://z/c", site="z")
    assert b.status == "new" and b.article_id != a.article_id
    assert b.group_id == a.group_id == a.article_id
    assert c.group_id == c.article_id
    assert _count(store, ArticleBand) > 0


def test_crawl_run_figures_round_trip(store):
    run = store.start_crawl_run("thanhtri", "crawl")
    store.finish_crawl_run(run, "partial", {"pages": 3, "errors": {"http_500": 1}}, error="1 page failed")
    with store.session() as s:
        row = s.get(CrawlRun, run)
        assert (row.status, row.figures["errors"], row.error) == ("partial", {"http_500": 1}, "1 page failed")
        assert row.finished_at >= row.started_at


def _save_failing_midway(store, monkeypatch, article, **where) -> None:
    """A save whose transaction fails after its first writes (in the near-duplicate check)."""
    def boom(*args, **kwargs):
        raise RuntimeError("disk full")

    with monkeypatch.context() as patch:
        patch.setattr(type(store), "_near_duplicate_group", staticmethod(boom))
        with pytest.raises(RuntimeError, match="disk full"):
            store.save_article(article, **where)


def test_a_failed_save_writes_nothing(store, seed_paths, monkeypatch):
    article = read_article_file(seed_paths[3])
    _save_failing_midway(store, monkeypatch, article, url="http://h/1", site="hoankiem")
    assert _count(store, Article) == 0 and _count(store, ArticleUrl) == 0
    assert _count(store, ArticleVersion) == 0


def test_schema_matches_models(store):
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    from storage.models import Base

    with store.engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), Base.metadata)
    assert diff == [], json.dumps([str(d) for d in diff])


def test_an_edit_replaces_the_band_keys(store, seed_paths):
    from storage.dedup import Fingerprint, band_keys

    article = read_article_file(seed_paths[1])
    first = store.save_article(article, url="http://a/3", site="thanhtri")
    other = read_article_file(seed_paths[4])
    edited = article.with_paragraphs(other.paragraphs)
    assert store.save_article(edited, url="http://a/3", site="thanhtri").status == "changed"
    with store.session() as s:
        keys = set(s.scalars(select(ArticleBand.band_key).where(ArticleBand.article_id == first.article_id)))
    assert keys == set(band_keys(Fingerprint.of(edited.body).sig))


def test_a_site_created_by_a_failed_save_is_not_remembered(store, seed_paths, monkeypatch):
    """The failed transaction took the new site row with it; the next save must make it again."""
    article = read_article_file(seed_paths[0])
    _save_failing_midway(store, monkeypatch, article, url="http://n/1", site="newsite")
    outcome = store.save_article(article, url="http://n/1", site="newsite")
    assert outcome.status == "new"
    assert store.known_urls("newsite") == {"http://n/1"}


def test_touch_url_keeps_validators_it_is_not_given(store, seed_paths):
    article = read_article_file(seed_paths[0])
    store.save_article(article, url="http://t/1", site="thanhtri", etag='"a"', last_modified="Mon")
    store.touch_url("http://t/1", None, "Tue")
    store.touch_url("http://nowhere/1", '"b"', None)  # an unknown URL is ignored
    state = store.url_states("thanhtri")[0]
    assert (state.etag, state.last_modified) == ('"a"', "Tue")


def test_saving_together_gives_the_outcomes_of_saving_one_by_one(store, seed_paths):
    a, b = read_article_file(seed_paths[0]), read_article_file(seed_paths[1])
    edited = replace(a, title=a.title + " (cập nhật)")
    outcomes = store.save_articles([
        (a, {"url": "http://s/a", "site": "thanhtri"}),
        (b, {"url": "http://s/b", "site": "caugiay", "etag": '"b"'}),
        (a, {"url": "http://other/a", "site": "mttqhanoi"}),  # the same body, in the same batch
        (a, {"url": "http://s/a", "site": "thanhtri"}),
        (edited, {"url": "http://s/a", "site": "thanhtri"}),
    ])
    assert [o.status for o in outcomes] == ["new", "new", "duplicate", "unchanged", "changed"]
    assert outcomes[2].article_id == outcomes[0].article_id == outcomes[4].article_id
    assert _count(store, Article) == 2 and _count(store, ArticleVersion) == 3
    assert store.known_urls("mttqhanoi") == {"http://other/a"}


def test_one_bad_article_in_a_batch_costs_the_others_nothing(store, seed_paths, monkeypatch):
    from storage.store import Store

    real = Store._near_duplicate_group

    def fails_for_c(conn, article_id, fp, *nearby):
        if fp.exact == bad_hash:
            raise RuntimeError("disk full")
        return real(conn, article_id, fp, *nearby)

    a, c, e = (read_article_file(seed_paths[i]) for i in (0, 2, 4))
    from storage.dedup import body_hash

    bad_hash = body_hash(c.body)
    monkeypatch.setattr(Store, "_near_duplicate_group", staticmethod(fails_for_c))
    outcomes = store.save_articles([(a, {"url": "http://s/a", "site": "x"}),
                                    (c, {"url": "http://s/c", "site": "x"}),
                                    (e, {"url": "http://s/e", "site": "x"})])
    assert [getattr(o, "status", None) for o in outcomes] == ["new", None, "new"]
    assert isinstance(outcomes[1], RuntimeError)
    assert store.known_urls("x") == {"http://s/a", "http://s/e"}
    assert _count(store, Article) == 2 and _count(store, ArticleVersion) == 2
