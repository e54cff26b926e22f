"""WordPress portals (communes, schools, associations on shared *.gov.vn hosting).

URLs::

    /                                       home: newest posts
    /chuyen-muc/<cat>/                      category archive, page 1
    /chuyen-muc/<cat>/page/N/               page N
    /YYYY/MM/DD/<title-slug>/               post (the URL carries its date)
    /feed/                                  RSS (advertised in <head>)
    /wp-sitemap.xml                         sitemap index, announced by robots.txt

The body has ``has-sidebar``; the visible date is a day without a time, the
minute is in ``<time datetime>`` and ``article:published_time``; Jetpack's
share and related-posts blocks sit inside ``entry-content``.
"""

from __future__ import annotations

import re

from portalwatch.simulator.model import SimArticle
from portalwatch.simulator.platforms.themed import ThemedPlatform

_CATEGORY = re.compile(r"^/chuyen-muc/([a-z0-9-]+)/(?:page/(\d+)/?)?$")


class WordPress(ThemedPlatform):
    name = "wordpress"
    category_pattern = _CATEGORY
    server_header = "LiteSpeed"
    robots_disallow = ("/wp-admin/",)
    feed_path = "/feed/"
    sitemap_path = "/wp-sitemap.xml"
    sitemap_children = ("/wp-sitemap-posts-post-1.xml", "/wp-sitemap-taxonomies-category-1.xml")
    sitemap_in_robots = True
    list_date_format = "%d/%m/%Y"
    nav_item = '<li class="menu-item menu-item-type-taxonomy menu-item-object-category"><a href="{url}">{name}</a></li>'
    latest_item = '<li><a href="{url}">{title}</a></li>'
    related_item = ('<div class="jp-relatedposts-post"><h4 class="jp-relatedposts-post-title"><a href="{url}">{title}'
                    '</a></h4><p class="jp-relatedposts-post-date">{date}</p></div>')
    blocks = {
        "p": '<p style="text-align: justify;">{text}</p>',
        "caption": ('<figure class="wp-block-image size-large"><img decoding="async" src="/wp-content/uploads/{image}" '
                    'alt="" class="wp-image-1" /><figcaption class="wp-element-caption">{text}</figcaption></figure>'),
        "byline": '<p class="has-text-align-right"><strong>{text}</strong></p>',
        "blank": "<p>&nbsp;</p>",
    }
    layout_change = {"entry-content": "post-body", "entry-title": "post-heading", "entry-date": "post-date"}

    def article_path(self, article: SimArticle) -> str:
        return f"/{article.published:%Y/%m/%d}/{article.slug}/"

    def category_path(self, slug: str, page: int = 1) -> str:
        return f"/chuyen-muc/{slug}/" if page == 1 else f"/chuyen-muc/{slug}/page/{page}/"

    def date_text(self, article: SimArticle) -> str:
        return f"{article.published:%d/%m/%Y}"

    def pager(self, slug: str, page: int) -> str:
        return self.numbered_pager(
            slug, page, item='<a class="page-numbers" href="{url}">{n}</a>',
            current='<span aria-current="page" class="page-numbers current">{n}</span>',
            next_item='<a class="next page-numbers" href="{url}">Trang sau</a>',
            prev_item='<a class="prev page-numbers" href="{url}">Trang trước</a>')
