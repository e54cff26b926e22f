"""What the platforms modelled on real Vietnamese portal software share.

Each such platform (Drupal, WordPress, Joomla, DotNetNuke, ASP.NET WebForms,
Liferay 7, the VNPT and Viettel e-government CMSs) is a small module: its URL
scheme, its pager, how it prints a date, and four templates under
``templates/<platform>/`` (layout, list, list_item, article). This class turns
those into pages: home and list pages, article pages, an RSS feed and an XML
sitemap where the platform has them.

Site quirks are data (``quirks:`` in platform_sites.yaml):

- ``base64_image``: the article carries a ~100 KB inline ``data:`` image;
- ``split_words``: one word of every paragraph is split across inline tags,
  as editors pasting from Word leave them ("Ủ<span>y</span> ban").
"""

from __future__ import annotations

import base64
import random
import re
from datetime import datetime
from typing import ClassVar

from portalwatch.simulator.feeds import rss, sitemap_index, urlset
from portalwatch.simulator.model import HANOI_TZ, SimArticle
from portalwatch.simulator.platforms.base import Page, Platform, Request
from portalwatch.simulator.render import esc, render

XML = "application/xml; charset=utf-8"
_WEEKDAYS = ("Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy", "Chủ Nhật")
_BASE64_IMAGE_BYTES = 75_000  # ~100 KB once base64-encoded
_FEED_ITEMS = 20


def weekday(moment: datetime) -> str:
    """"Thứ Bảy": the weekday as Vietnamese portals print it before a date."""
    return _WEEKDAYS[moment.weekday()]


def iso(moment: datetime) -> str:
    return moment.replace(tzinfo=HANOI_TZ).isoformat()


def split_word(text: str) -> str:
    """Escaped text with its longest word split across a <span> (the text reads the same)."""
    words = text.split(" ")
    at = max(range(len(words)), key=lambda i: len(words[i])) if words else 0
    word = words[at] if words else ""
    if len(word) < 4:
        return esc(text)
    cut = len(word) // 2
    before, after = " ".join(words[:at]), " ".join(words[at + 1:])
    return (esc(before + (" " if before else "")) + esc(word[:cut]) + f'<span class="mark">{esc(word[cut:])}</span>'
            + esc((" " if after else "") + after))


class ThemedPlatform(Platform):
    nav_item: ClassVar[str] = '<li><a href="{url}">{name}</a></li>'
    latest_item: ClassVar[str] = '<li><a href="{url}">{title}</a></li>'
    related_item: ClassVar[str] = '<li><a href="{url}">{title}</a> <span class="date">({date})</span></li>'
    list_date_format: ClassVar[str] = "%d/%m/%Y"
    home_paths: ClassVar[tuple[str, ...]] = ("/",)
    feed_path: ClassVar[str | None] = None
    sitemap_path: ClassVar[str | None] = None
    # A sitemap index whose children are listed; announced by robots.txt when set.
    sitemap_children: ClassVar[tuple[str, ...]] = ()
    sitemap_in_robots: ClassVar[bool] = False
    # A list page's path: group 1 the category slug, group 2 (when the path carries it) the page
    # number; or the page number is in the query under ``page_query``.
    category_pattern: ClassVar[re.Pattern[str]]
    page_query: ClassVar[str | None] = None

    # --- what each platform defines ------------------------------------------------

    def list_location(self, request: Request) -> tuple[str, int] | None:
        """(category slug, page from 1) of a list-page request, or None."""
        match = self.category_pattern.match(request.path)
        if not match or request.method != "GET":
            return None
        raw = request.query.get(self.page_query) if self.page_query else (
            match[2] if match.re.groups >= 2 else None)
        number = self.page_number(raw)
        return (match[1], number) if number else None

    def date_text(self, article: SimArticle) -> str:
        """The date as the article page prints it ("" when it prints none)."""
        raise NotImplementedError

    def pager(self, slug: str, page: int) -> str:
        raise NotImplementedError

    # --- routes --------------------------------------------------------------------

    def route(self, request: Request) -> Page | None:
        path = request.path
        if request.method == "GET":
            if path in self.home_paths and not request.query:
                return Page(200, self.list_page(None, 1), kind="home")
            if path == self.feed_path or (self.feed_path and request.query.get("format") == "feed"):
                return Page(200, self.feed(), "application/rss+xml; charset=utf-8", kind="feed")
            if path == self.sitemap_path:
                body = (sitemap_index([self.abs_url(p) for p in self.sitemap_children]) if self.sitemap_children
                        else self.sitemap_urls())
                return Page(200, body, XML, kind="sitemap")
            if self.sitemap_children and path == self.sitemap_children[0]:
                return Page(200, self.sitemap_urls(), XML, kind="sitemap")
            if path in self.sitemap_children[1:]:
                return Page(200, urlset([(self.abs_url(self.category_path(c.slug)), None)
                                         for c in self.site.categories]), XML, kind="sitemap")
        where = self.list_location(request)
        if where is None or where[0] not in {c.slug for c in self.site.categories}:
            return None
        return Page(200, self.list_page(*where), kind="list")

    def robots_lines(self) -> str:
        return f"Sitemap: {self.abs_url(self.sitemap_path)}\n" if self.sitemap_in_robots and self.sitemap_path else ""

    # --- pages ---------------------------------------------------------------------

    def list_page(self, slug: str | None, page: int) -> str:
        size = self.site.page_size
        articles = self.state.listing(slug, (page - 1) * size, size)
        items = "\n".join(render(self.name, "list_item", url=self.article_path(a), title=esc(a.title),
                                 article_id=a.article_id, date=self.list_date(a), summary=self.summary_of(a))
                          for a in articles)
        name = self.site.category(slug).name if slug else "Tin mới"
        main = render(self.name, "list", category_url=self.category_path(slug) if slug else "/",
                      category=esc(name), items=items, pager=self.pager(slug, page) if slug else "",
                      **self.list_extra(slug, page))
        return self.page(name if slug else "Trang chủ", main, body_class="page-list")

    def list_extra(self, slug: str | None, page: int) -> dict[str, str]:
        """More values for the list template (a WebForms page's view state)."""
        return {}

    def list_date(self, article: SimArticle) -> str:
        return f"{article.published:{self.list_date_format}}"

    def article_page(self, article: SimArticle) -> str:
        category = self.site.category(article.category)
        values = dict(
            title=esc(article.title), date_text=esc(self.date_text(article)), iso=iso(article.published),
            iso_modified=iso(article.last_modified), lead=esc(article.sapo or ""), body=self.body_html(article),
            category=esc(category.name), category_url=self.category_path(category.slug),
            views=str(article.views or 0), article_id=article.article_id,
            abs_url=esc(self.abs_url(self.article_path(article))), hero=self.hero_image(article),
            related=self.related_links(article, self.related_item))
        main = render(self.name, "article", **values)
        return self.page(article.title, main, body_class="page-article", article_values=values)

    def page(self, title: str, main: str, body_class: str, article_values: dict | None = None) -> str:
        feed = (f'<link rel="alternate" type="application/rss+xml" title="{esc(self.site.title)} » Feed" '
                f'href="{self.abs_url(self.feed_path)}" />' if self.feed_path else "")
        return self.layout(title, main, "", self.nav_item, body_class=body_class, feed_link=feed,
                           latest=self.latest_links(self.latest_item), category=(article_values or {}).get(
                               "category", esc(title)), iso=(article_values or {}).get("iso", ""),
                           article_title=(article_values or {}).get("title", esc(title)))

    def body_html(self, article: SimArticle) -> str:
        if "split_words" not in self.site.quirks:
            return super().body_html(article)
        out = []
        for n, block in enumerate(article.blocks):
            image = f"{article.article_id}_{n}.jpg"
            text = split_word(block.text) if block.kind == "p" else esc(block.text)
            out.append(self.blocks[block.kind].replace("{text}", text).replace("{image}", image))
        return "\n".join(out)

    def hero_image(self, article: SimArticle) -> str:
        if "base64_image" not in self.site.quirks:
            return ""
        noise = random.Random(article.article_id).randbytes(_BASE64_IMAGE_BYTES)
        data = base64.b64encode(b"\xff\xd8\xff\xe0" + noise).decode()
        return f'<p style="text-align: center;"><img alt="" src="data:image/jpeg;base64,{data}" /></p>'

    # --- feeds ---------------------------------------------------------------------

    def feed(self) -> str:
        items = [(self.abs_url(self.article_path(a)), a.title, a.published)
                 for a in self.state.listing(limit=_FEED_ITEMS)]
        return rss(self.site.title, self.abs_url("/"), items)

    def sitemap_urls(self) -> str:
        return urlset([(self.abs_url(self.article_path(a)), a.last_modified) for a in self.state.listing()])

    # --- pagers --------------------------------------------------------------------

    def numbered_pager(self, slug: str, page: int, *, item: str, current: str, next_item: str = "",
                       prev_item: str = "", window: int = 3) -> str:
        """Page links around the current page; ``{url}`` and ``{n}`` in each template."""
        pages = self.page_count(slug)
        out = []
        if page > 1 and prev_item:
            out.append(prev_item.format(url=esc(self.category_path(slug, page - 1)), n=page - 1))
        for n in range(max(1, page - window), min(pages, page + window) + 1):
            out.append((current if n == page else item).format(url=esc(self.category_path(slug, n)), n=n))
        if page < pages and next_item:
            out.append(next_item.format(url=esc(self.category_path(slug, page + 1)), n=page + 1))
        return "\n".join(out)
