"""The Cầu Giấy-style portals (caugiay.hanoi.gov.vn before 2025, mttqhanoi.org.vn).

URLs::

    /                             home: newest articles
    /danh-muc/<cat>               category list, page 1
    /danh-muc/<cat>?page=N        page N
    /tin-tuc/<title-slug>-<id>.html   article (no category on the page)
"""

from __future__ import annotations

import re

from portalwatch.simulator.model import SimArticle
from portalwatch.simulator.platforms.base import Page, Platform, Request
from portalwatch.simulator.render import ampm, esc, render

_NAV_ITEM = '<li><a href="{url}">{name}</a></li>'
_LATEST = '<li><a href="{url}" title="{title}">{title}</a></li>'
_RELATED = '<li><a href="{url}" title="{title}">{title}</a> <span class="date">{date}</span></li>'
_CATEGORY = re.compile(r"^/danh-muc/([a-z0-9-]+)$")


class CauGiay(Platform):
    name = "caugiay"
    shows_category = False
    server_header = "Microsoft-IIS/8.5"
    robots_disallow = ("/Admin/",)
    blocks = {
        "p": '<p style="text-align: justify;">{text}</p>',
        "caption": ('<div style="text-align: center;"><img src="/Upload/News/{image}" alt="" width="600" />'
                    '<div class="image-caption"><em>{text}</em></div></div>'),
        "byline": '<p style="text-align: right;"><strong>{text}</strong></p>',
        "blank": "<p>&nbsp;</p>",
    }
    layout_change = {
        "news-content": "content-body",
        "title-detail": "post-heading",
        "date-post": "post-meta",
        "news-detail": "post-wrap",
    }

    def article_path(self, article: SimArticle) -> str:
        return f"/tin-tuc/{article.slug}-{article.article_id}.html"

    def category_path(self, slug: str, page: int = 1) -> str:
        return f"/danh-muc/{slug}" if page == 1 else f"/danh-muc/{slug}?page={page}"

    def route(self, request: Request) -> Page | None:
        if request.method != "GET":
            return None
        path = request.path.rstrip("/") or "/"
        if path in ("/", "/trang-chu"):
            return Page(200, self._list_layout("Trang chủ", None, 1), kind="home")
        match = _CATEGORY.match(path)
        if not match or match[1] not in {c.slug for c in self.site.categories}:
            return None
        page = self.page_number(request.query.get("page"))
        if page is None:
            return None
        return Page(200, self._list_layout(self.site.category(match[1]).name, match[1], page), kind="list")

    def _list_layout(self, title: str, slug: str | None, page: int) -> str:
        size = self.site.page_size
        articles = self.state.listing(slug, (page - 1) * size, size)
        items = "\n".join(render(self.name, "list_item", url=self.article_path(a), title=esc(a.title),
                                 article_id=a.article_id, date=f"{a.published:%d/%m/%Y}",
                                 summary=self.summary_of(a)) for a in articles)
        main = render(self.name, "list", category_url=self.category_path(slug) if slug else "/",
                      category_label=esc(title if slug else "Tin mới"), items=items,
                      pager=self._pager(slug, page) if slug else "")
        return self._layout(title, main)

    def article_page(self, article: SimArticle) -> str:
        path = self.article_path(article)
        menu = "\n".join(f'<li><a href="{self.category_path(c.slug)}">{esc(c.name)}</a></li>'
                         for c in self.site.categories)
        main = render(self.name, "article", title=esc(article.title),
                      date_text=f"{article.published:%d/%m/%Y} - {ampm(article.published)}",
                      abs_url=esc(self.abs_url(path)), body=self.body_html(article),
                      tags=esc(self.site.category(article.category).name),
                      related=self.related_links(article, _RELATED), category_menu=menu)
        return self._layout(article.title, main)

    def _layout(self, title: str, main: str) -> str:
        sidebar = render(self.name, "sidebar", latest=self.latest_links(_LATEST))
        return self.layout(title, main, sidebar, _NAV_ITEM)

    def _pager(self, slug: str, page: int) -> str:
        pages = self.page_count(slug)
        out = []
        if page > 1:
            out.append(f'<li><a href="{self.category_path(slug, page - 1)}" aria-label="Trang trước">«</a></li>')
        for n in range(max(1, page - 3), min(pages, page + 3) + 1):
            out.append(f'<li class="active"><a href="{self.category_path(slug, n)}">{n}</a></li>'
                       if n == page else f'<li><a href="{self.category_path(slug, n)}">{n}</a></li>')
        if page < pages:
            out.append(f'<li><a href="{self.category_path(slug, page + 1)}" aria-label="Trang sau">»</a></li>')
        return "\n".join(out)
