"""The articles of one simulated site, safe to change while the server runs."""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import replace

from portalwatch.simulator.model import SimArticle


class SiteState:
    """Articles by id, in publication order, with the URL path of each.

    ``path_of`` comes from the site's platform: the state stays platform-free
    and the platform stays storage-free.
    """

    def __init__(self, path_of: Callable[[SimArticle], str]) -> None:
        self._path_of = path_of
        self._lock = threading.RLock()
        self._articles: dict[str, SimArticle] = {}
        self._paths: dict[str, str] = {}  # path -> article id
        self._deleted: dict[str, str] = {}  # path -> article id, for 410
        # Bumped on every change so list pages can carry a fresh ETag.
        self.generation = 0

    def add(self, article: SimArticle) -> str:
        with self._lock:
            if article.article_id in self._articles:
                raise ValueError(f"article id {article.article_id} exists on {article.site}")
            path = self._path_of(article)
            if path in self._paths:
                article = replace(article, slug=f"{article.slug}-{len(self._articles) + 1}")
                path = self._path_of(article)
            self._articles[article.article_id] = article
            self._paths[path] = article.article_id
            self._deleted.pop(path, None)
            self.generation += 1
            return path

    def replace(self, article: SimArticle) -> None:
        """Same id, same path: an edit."""
        with self._lock:
            if article.article_id not in self._articles:
                raise KeyError(article.article_id)
            self._articles[article.article_id] = article
            self.generation += 1

    def delete(self, article_id: str) -> SimArticle:
        with self._lock:
            article = self._articles.pop(article_id)
            path = self._path_of(article)
            self._paths.pop(path, None)
            self._deleted[path] = article_id
            self.generation += 1
            return article

    def get(self, article_id: str) -> SimArticle | None:
        return self._articles.get(article_id)

    def at_path(self, path: str) -> SimArticle | None:
        with self._lock:
            article_id = self._paths.get(path)
            return self._articles.get(article_id) if article_id else None

    def was_deleted(self, path: str) -> bool:
        return path in self._deleted

    def path(self, article: SimArticle) -> str:
        return self._path_of(article)

    def listing(self, category: str | None = None, offset: int = 0,
                limit: int | None = None) -> list[SimArticle]:
        """Newest first; ties (same minute) broken by id so pages are stable."""
        with self._lock:
            chosen = [a for a in self._articles.values() if category in (None, a.category)]
        chosen.sort(key=lambda a: (a.published, a.article_id), reverse=True)
        return chosen[offset:None if limit is None else offset + limit]

    def count(self, category: str | None = None) -> int:
        with self._lock:
            return sum(1 for a in self._articles.values() if category in (None, a.category))

    def articles(self) -> list[SimArticle]:
        with self._lock:
            return list(self._articles.values())
