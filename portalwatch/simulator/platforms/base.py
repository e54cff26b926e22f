"""What the three platform renderers share: the page shell, bodies, pagers.

A platform is data (block markup, the classes a layout change renames,
templates under ``templates/<platform>/``) plus the few routes that differ.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime
from typing import ClassVar

from portalwatch.simulator.model import SimArticle, SiteSpec
from portalwatch.simulator.render import esc, render, summary, vn_today
from portalwatch.simulator.state import SiteState

HTML = "text/html; charset=utf-8"


@dataclass
class Page:
    status: int
    body: str | bytes
    content_type: str = HTML
    kind: str = "page"  # home | list | article | api | other
    article: SimArticle | None = None
    headers: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class Request:
    method: str
    path: str
    query: dict[str, str]
    form: dict[str, str]
    headers: dict[str, str]  # lower-case names


class Platform:
    name: ClassVar[str]
    # Markup of one body block, by Block.kind; "{text}" is escaped text.
    blocks: ClassVar[dict[str, str]]
    # A "changed layout" fault renames these (old -> new) in article pages, so the
    # platform's selectors stop matching while the page still reads the same.
    layout_change: ClassVar[dict[str, str]]
    # What the article page prints besides title, date and body: the truth follows it.
    shows_category: ClassVar[bool] = True
    shows_views: ClassVar[bool] = False
    has_lead: ClassVar[bool] = False
    server_header: ClassVar[str] = "nginx"
    robots_disallow: ClassVar[tuple[str, ...]] = ()

    def __init__(self, site: SiteSpec, state: SiteState, base_url: str, extra: dict) -> None:
        self.site = site
        self.state = state
        self.base_url = base_url.rstrip("/")
        self.extra = extra  # address, phone, email from the site data

    # --- what each platform defines --------------------------------------------

    def article_path(self, article: SimArticle) -> str:
        raise NotImplementedError

    def category_path(self, slug: str, page: int = 1) -> str:
        raise NotImplementedError

    def route(self, request: Request) -> Page | None:
        """Home, list and API pages; article pages are looked up by the server."""
        raise NotImplementedError

    def article_page(self, article: SimArticle) -> str:
        raise NotImplementedError

    # --- shared ------------------------------------------------------------------

    def robots_lines(self) -> str:
        """Lines a platform adds to robots.txt (a Sitemap: line)."""
        return ""

    def abs_url(self, path: str) -> str:
        return self.base_url + path

    def body_html(self, article: SimArticle) -> str:
        out = []
        for n, block in enumerate(article.blocks):
            image = f"{article.article_id}_{n}.jpg"
            out.append(self.blocks[block.kind].format(text=esc(block.text), image=image))
        return "\n".join(out)

    def summary_of(self, article: SimArticle) -> str:
        if article.sapo:
            return esc(summary(article.sapo))
        first = next((b.text for b in article.blocks if b.kind == "p" and b.text.strip()), "")
        return esc(summary(first))

    def page_count(self, category: str | None) -> int:
        return max(1, math.ceil(self.state.count(category) / self.site.page_size))

    def nav_items(self, template: str) -> str:
        return "\n".join(template.format(url=self.category_path(c.slug), name=esc(c.name))
                         for c in self.site.categories)

    def latest_links(self, template: str, limit: int = 6) -> str:
        return "\n".join(template.format(url=self.article_path(a), title=esc(a.title))
                         for a in self.state.listing(limit=limit))

    def related_links(self, article: SimArticle, template: str, limit: int = 5) -> str:
        others = [a for a in self.state.listing(article.category, limit=limit + 1)
                  if a.article_id != article.article_id][:limit]
        return "\n".join(template.format(url=self.article_path(a), title=esc(a.title),
                                          date=f"{a.published:%d/%m/%Y}") for a in others)

    def layout(self, page_title: str, main: str, sidebar: str, nav_item: str, **more: str) -> str:
        values = dict(
            page_title=esc(page_title), site_title=esc(self.site.title), main=main,
            sidebar=sidebar, nav_items=self.nav_items(nav_item), today=vn_today(datetime.now()),
            real_host=esc(self.site.real_host), place_full=esc(self.place_full),
            address=esc(self.extra.get("address", "")), phone=esc(self.extra.get("phone", "")),
            email=esc(self.extra.get("email", "")),
        )
        values.update(more)
        return render(self.name, "layout", **values)

    @property
    def place_full(self) -> str:
        return f"{self.site.place_kind} {self.site.district}"

    def changed_layout(self, html_text: str) -> str:
        for old, new in self.layout_change.items():
            html_text = html_text.replace(old, new)
        return html_text

    @staticmethod
    def page_number(raw: str | None) -> int | None:
        try:
            number = int(raw) if raw is not None else 1
        except ValueError:
            return None
        return number if number >= 1 else None
