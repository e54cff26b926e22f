"""The Viettel e-government portal CMS (provincial and district portals hosted by Viettel).

URLs::

    /                                        home: newest articles
    /news/<cat>                              category list, page 1
    /news/<cat>?pageNumber=N                 page N
    /news/<cat>/<title-slug>-<id>.html       article
    /sitemap.xml                             sitemap (announced by robots.txt)

Time before date ("14:30 | 05/02/2024"); a print link; the "Tin cùng
chuyên mục" block sits inside the article container, after the body.
"""

from __future__ import annotations

import re

from portalwatch.simulator.model import SimArticle
from portalwatch.simulator.platforms.themed import ThemedPlatform

_CATEGORY = re.compile(r"^/news/([a-z0-9-]+)/?$")


class Viettel(ThemedPlatform):
    name = "viettel"
    category_pattern = _CATEGORY
    page_query = "pageNumber"
    server_header = "Apache-Coyote/1.1"
    robots_disallow = ("/admin/",)
    sitemap_path = "/sitemap.xml"
    sitemap_in_robots = True
    list_date_format = "%H:%M | %d/%m/%Y"
    nav_item = '<li class="nav-item"><a class="nav-link" href="{url}">{name}</a></li>'
    latest_item = '<li><a href="{url}">{title}</a></li>'
    related_item = '<li><a href="{url}">{title}</a> <span>{date}</span></li>'
    blocks = {
        "p": '<p style="text-align: justify;"><span style="font-family:Times New Roman;">{text}</span></p>',
        "caption": ('<figure class="image"><img src="/documents/news/{image}" alt="" />'
                    '<figcaption>{text}</figcaption></figure>'),
        "byline": '<p style="text-align: right;"><strong><em>{text}</em></strong></p>',
        "blank": "<p>&nbsp;</p>",
    }
    layout_change = {"article-content": "vt-content", "article-title": "vt-title", "article-date": "vt-date"}

    def article_path(self, article: SimArticle) -> str:
        return f"/news/{article.category}/{article.slug}-{article.article_id}.html"

    def category_path(self, slug: str, page: int = 1) -> str:
        return f"/news/{slug}" if page == 1 else f"/news/{slug}?pageNumber={page}"

    def date_text(self, article: SimArticle) -> str:
        return f"{article.published:%H:%M | %d/%m/%Y}"

    def pager(self, slug: str, page: int) -> str:
        return self.numbered_pager(
            slug, page, item='<li class="page-item"><a class="page-link" href="{url}">{n}</a></li>',
            current='<li class="page-item active"><span class="page-link">{n}</span></li>',
            next_item='<li class="page-item"><a class="page-link" href="{url}" aria-label="Next">»</a></li>',
            prev_item='<li class="page-item"><a class="page-link" href="{url}" aria-label="Previous">«</a></li>')
