"""save_articles reads the near-duplicate candidates of a whole batch at once: the groups are those
of saving the articles one by one, in the batch too (an article finds an earlier one of its
batch, and an edit made in the batch), with one candidate query per batch instead of one each."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import yaml
from sqlalchemy import event, select

from storage.canonical import CanonicalArticle, read_article_file
from storage.models import Article
from storage.store import Store

CASES = yaml.safe_load((Path(__file__).parent.parent / "data/storage/dedup_cases.yaml").read_text("utf-8"))


def _article(body: str, title: str = "Tiêu đề") -> CanonicalArticle:
    return CanonicalArticle(title, datetime(2021, 1, 23, 14, 46), tuple(body.strip().split("\n\n")))


def _calls(seeds: list[CanonicalArticle]) -> list[list[tuple[CanonicalArticle, dict]]]:
    """Two batches: a copy of a stored article, a template sibling, a copy of an article saved
    earlier in the same batch, and an edit whose new text a later article of the batch copies."""
    copy = next(c for c in CASES if c["same"])
    sibling = next(c for c in CASES if not c["same"])
    story, other, edit = ("\n\n".join(seed.paragraphs) for seed in seeds)  # last paragraph: the byline
    first = [(_article(copy["a"]), {"url": "http://x/1", "site": "x"}),
             (_article(story), {"url": "http://x/2", "site": "x"})]
    second = [(_article(copy["b"]), {"url": "http://y/1", "site": "y"}),
              (_article(sibling["b"]), {"url": "http://y/2", "site": "y"}),
              (_article(other), {"url": "http://y/3", "site": "y"}),
              (_article(other + "\n\nẢnh: Minh Anh"), {"url": "http://z/3", "site": "z"}),
              (_article(edit, "Tiêu đề (sửa)"), {"url": "http://x/2", "site": "x"}),
              (_article(edit + "\n\nNguồn: Cổng TTĐT huyện"), {"url": "http://z/5", "site": "z"})]
    return [first, second]


def _groups(store: Store) -> set[frozenset[str]]:
    with store.session() as s:
        rows = s.execute(select(Article.url, Article.group_id)).all()
    by_group: dict[int, set[str]] = {}
    for url, group in rows:
        by_group.setdefault(group, set()).add(url)
    return {frozenset(urls) for urls in by_group.values()}


def test_a_batch_groups_as_saving_one_by_one(tmp_path, seed_paths) -> None:
    alone, together = Store.open(f"sqlite:///{tmp_path}/alone.db"), Store.open(f"sqlite:///{tmp_path}/together.db")
    statements: list[str] = []
    event.listen(together.engine, "before_cursor_execute",
                 lambda _conn, _cursor, sql, *_: statements.append(sql))
    for batch in _calls([read_article_file(seed_paths[i]) for i in (1, 3, 4)]):
        one_by_one = [alone.save_article(article, **kwargs) for article, kwargs in batch]
        statements.clear()
        at_once = together.save_articles(batch)
        assert [o.status for o in at_once] == [o.status for o in one_by_one]
        assert sum("article_bands.band_key IN" in sql for sql in statements) == 1
    assert _groups(together) == _groups(alone)
    assert _groups(alone) == {frozenset({"http://x/1", "http://y/1"}), frozenset({"http://y/2"}),
                              frozenset({"http://y/3", "http://z/3"}), frozenset({"http://x/2", "http://z/5"})}
    alone.engine.dispose()
    together.engine.dispose()
