"""Joomla 3/4 portals (com_content category blogs, many ward and school sites).

URLs::

    /                                         home: featured articles
    /index.php/<cat>                          category blog, page 1
    /index.php/<cat>?start=N                  from the N-th article (a page is page_size long)
    /index.php/<cat>/<id>-<title-slug>        article (item-page)
    /index.php/<cat>?format=feed&type=rss     the category's feed (advertised on its page)

The date line is "Ngày đăng: 05-02-2024 14:30" in ``dd.published``, the hits
"Lượt xem: N"; print and e-mail icons; a previous/next article pager inside
the item page.
"""

from __future__ import annotations

import re

from portalwatch.simulator.model import SimArticle
from portalwatch.simulator.platforms.base import Request
from portalwatch.simulator.platforms.themed import ThemedPlatform

_CATEGORY = re.compile(r"^/index\.php/([a-z0-9-]+)/?$")


class Joomla(ThemedPlatform):
    name = "joomla"
    shows_views = True
    server_header = "Apache"
    robots_disallow = ("/administrator/", "/tmp/")
    feed_path = "/index.php/feed"
    list_date_format = "%d-%m-%Y"
    nav_item = '<li class="nav-item"><a href="{url}">{name}</a></li>'
    latest_item = '<li itemscope itemtype="https://schema.org/Article"><a href="{url}" itemprop="url"><span itemprop="name">{title}</span></a></li>'
    related_item = '<li><a href="{url}">{title}</a> - {date}</li>'
    blocks = {
        "p": '<p style="text-align: justify;">{text}</p>',
        "caption": ('<p style="text-align: center;"><img src="/images/tintuc/{image}" alt="" width="640" /></p>\n'
                    '<p style="text-align: center;"><em>{text}</em></p>'),
        "byline": '<p style="text-align: right;"><strong>{text}</strong></p>',
        "blank": "<p>&nbsp;</p>",
    }
    layout_change = {"item-page": "bai-viet", "articleBody": "noidung", "article-info": "thongtin"}

    def article_path(self, article: SimArticle) -> str:
        return f"/index.php/{article.category}/{article.article_id}-{article.slug}"

    def category_path(self, slug: str, page: int = 1) -> str:
        base = f"/index.php/{slug}"
        return base if page == 1 else f"{base}?start={(page - 1) * self.site.page_size}"

    def list_location(self, request: Request) -> tuple[str, int] | None:
        match = _CATEGORY.match(request.path)
        start = request.query.get("start", "0")
        if not match or request.method != "GET" or not start.isdigit():
            return None
        return match[1], int(start) // self.site.page_size + 1

    def date_text(self, article: SimArticle) -> str:
        return f"Ngày đăng: {article.published:%d-%m-%Y %H:%M}"

    def pager(self, slug: str, page: int) -> str:
        return self.numbered_pager(
            slug, page, item='<li><a href="{url}" class="pagenav">{n}</a></li>',
            current='<li class="active"><a>{n}</a></li>',
            next_item='<li class="pagination-next"><a title="Tiếp" href="{url}" class="pagenav">Tiếp</a></li>',
            prev_item='<li class="pagination-prev"><a title="Trước" href="{url}" class="pagenav">Trước</a></li>')
