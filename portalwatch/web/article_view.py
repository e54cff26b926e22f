"""One stored article for its page and for /api/articles/{id}: the export's
record (``storage.export.article_record``), its versions with their diffs and
its near-duplicate group."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from storage.export import article_record
from storage.models import Article
from storage.store import Store


@dataclass(frozen=True)
class Version:
    version: int
    url: str
    title: str
    fetched_at: datetime
    diff: str | None


@dataclass(frozen=True)
class Sibling:
    id: int
    title: str
    site: str
    published: datetime


@dataclass(frozen=True)
class ArticleView:
    record: dict[str, Any]
    versions: list[Version]
    group: list[Sibling]  # the other articles of its near-duplicate group


def article_view(store: Store, article_id: int) -> ArticleView | None:
    with store.session() as s:
        row = s.scalar(select(Article).where(Article.id == article_id)
                       .options(selectinload(Article.urls), selectinload(Article.versions),
                                selectinload(Article.site)))
        if row is None:
            return None
        versions = [Version(v.version, v.url, v.title, v.fetched_at, v.diff) for v in row.versions]
        group = [] if row.group_id is None else [
            Sibling(a.id, a.title, a.site.name, a.published) for a in s.scalars(
                select(Article).where(Article.group_id == row.group_id, Article.id != row.id)
                .options(selectinload(Article.site)).order_by(Article.published).limit(100))]
        return ArticleView(article_record(row), versions, group)


def version_json(version: Version) -> dict[str, Any]:
    return {"version": version.version, "url": version.url, "title": version.title,
            "fetched_at": version.fetched_at.strftime("%Y-%m-%dT%H:%M:%SZ"), "diff": version.diff}
