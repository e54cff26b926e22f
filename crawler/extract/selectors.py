"""Reading an article page with a platform's selectors (platforms.yaml)."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from dataclasses import replace
from typing import Any

from lxml import etree

from crawler.extract import text
from crawler.extract.base import Extraction, build, date_and_views, json_ld_published


class SelectorExtractor:
    """An article from the elements the profile names; subclasses add platform quirks."""

    platform = "selectors"

    def __init__(self, profile: Mapping[str, Any]) -> None:
        self.profile = profile
        self.article = dict(profile.get("article") or {})

    def extract(self, root: etree._Element) -> Extraction:
        text.remove(root, self.article.get("drop") or ())
        scope = text.first(text.select(root, self.article.get("root")))
        if scope is None:
            scope = root
        published, views = self.published(root, scope)
        category = self.category(root, scope)
        result = build(title=text.element_text(self._find(scope, root, "title")), published=published,
                       views=views, category=category, paragraphs=self.paragraphs(root, scope))
        if result.ok and category is None and self.article.get("category"):
            # The platform prints a category and the selector found none: as
            # much a sign of a changed layout as a missing title.
            return replace(result, missing=("category",))
        return result

    def _find(self, scope: etree._Element, root: etree._Element, key: str) -> etree._Element | None:
        """The element for a key, looked for in the article first, then in the page."""
        css = self.article.get(key)
        found = text.first(text.select(scope, css))
        return found if found is not None else text.first(text.select(root, css))

    def category(self, root: etree._Element, scope: etree._Element) -> str | None:
        if not self.article.get("category"):
            return None
        return text.element_text(self._find(scope, root, "category")) or None

    def published(self, root: etree._Element, scope: etree._Element) -> tuple[datetime | None, int | None]:
        published, views = date_and_views(text.element_lines(self._find(scope, root, "date")))
        if published is None:
            published = json_ld_published(root)
        return published, views

    def paragraphs(self, root: etree._Element, scope: etree._Element) -> list[str]:
        lead = text.element_lines(self._find(scope, root, "lead")) if self.article.get("lead") else []
        return lead + text.element_lines(self._find(scope, root, "body"))
