"""Drupal 8–10 district portals (the Olivero/Bartik-derived themes of *.gov.vn).

URLs::

    /                                  home: newest articles (front page view)
    /tin-tuc/<cat>                     taxonomy term page, a view of views-row items
    /tin-tuc/<cat>?page=N              page N+1 (Drupal counts pages from 0)
    /tin-tuc/<cat>/<title-slug>        article (a node, path alias)
    /rss.xml, /sitemap.xml             feed (advertised in <head>) and sitemap (not in robots.txt)

The body carries ``layout-sidebar-first``: the sidebar comes before the content
in source order; the node's meta line is "Thứ Bảy, 23/01/2021 - 07:23" and
"Lượt xem: N"; the lead is a field of its own, and a "Tin liên quan" view sits
inside the node, after the body.
"""

from __future__ import annotations

import re

from portalwatch.simulator.model import SimArticle
from portalwatch.simulator.platforms.base import Request
from portalwatch.simulator.platforms.themed import ThemedPlatform, weekday

_CATEGORY = re.compile(r"^/tin-tuc/([a-z0-9-]+)/?$")


class Drupal(ThemedPlatform):
    name = "drupal"
    shows_views = True
    has_lead = True
    server_header = "Apache/2.4.41 (Ubuntu)"
    robots_disallow = ("/user/login", "/node/add/")
    feed_path = "/rss.xml"
    sitemap_path = "/sitemap.xml"
    nav_item = '<li class="menu-item"><a href="{url}" data-drupal-link-system-path="taxonomy/term">{name}</a></li>'
    latest_item = '<div class="views-row"><span class="field-content"><a href="{url}" hreflang="vi">{title}</a></span></div>'
    related_item = '<div class="views-row"><a href="{url}" hreflang="vi">{title}</a> <span class="date">{date}</span></div>'
    blocks = {
        "p": '<p style="text-align:justify">{text}</p>',
        "caption": ('<figure role="group" class="caption caption-img"><img alt="" data-entity-type="file" '
                    'src="/sites/default/files/inline-images/{image}" width="700" />'
                    '<figcaption>{text}</figcaption></figure>'),
        "byline": '<p class="text-align-right"><strong>{text}</strong></p>',
        "blank": "<p>&nbsp;</p>",
    }
    layout_change = {"node__content": "noi-dung", "field--name-body": "field--name-noi-dung",
                     "node__meta": "thong-tin"}

    def article_path(self, article: SimArticle) -> str:
        return f"/tin-tuc/{article.category}/{article.slug}"

    def category_path(self, slug: str, page: int = 1) -> str:
        return f"/tin-tuc/{slug}" if page == 1 else f"/tin-tuc/{slug}?page={page - 1}"

    def list_location(self, request: Request) -> tuple[str, int] | None:
        match = _CATEGORY.match(request.path)
        number = self.page_number(str(int(request.query.get("page", "0")) + 1)
                                  if request.query.get("page", "0").isdigit() else None)
        return (match[1], number) if match and number and request.method == "GET" else None

    def date_text(self, article: SimArticle) -> str:
        return f"{weekday(article.published)}, {article.published:%d/%m/%Y - %H:%M}"

    def list_date(self, article: SimArticle) -> str:
        return f"{article.published:%d/%m/%Y - %H:%M}"

    def pager(self, slug: str, page: int) -> str:
        return self.numbered_pager(
            slug, page,
            item='<li class="pager__item"><a href="{url}" title="Đến trang {n}">{n}</a></li>',
            current='<li class="pager__item is-active"><a href="{url}" title="Trang hiện tại" aria-current="page">{n}</a></li>',
            next_item=('<li class="pager__item pager__item--next"><a href="{url}" title="Đến trang tiếp theo" '
                       'rel="next"><span class="visually-hidden">Trang tiếp theo</span><span aria-hidden="true">››</span></a></li>'),
            prev_item=('<li class="pager__item pager__item--previous"><a href="{url}" title="Đến trang trước" '
                       'rel="prev"><span aria-hidden="true">‹‹</span></a></li>'))
