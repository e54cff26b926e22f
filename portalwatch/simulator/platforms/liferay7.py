"""Liferay 7 / DXP portals (the city's departments after 2020, many provinces).

URLs::

    /                                                        home: newest articles
    /web/guest/<cat>                                         asset publisher, page 1
    /web/guest/<cat>?p_p_id=<portlet>&_<portlet>_cur=N       page N
    /web/guest/<cat>/-/asset_publisher/Ab3dQ/content/<url-title>   article (journal-content-article)

The page's <title> is the layout's name, not the article's; the article page
prints no date at all (the display template leaves it out): the date is only
in ``<meta property="article:published_time">`` and beside the link on the list.
"""

from __future__ import annotations

import re

from portalwatch.simulator.model import SimArticle
from portalwatch.simulator.platforms.themed import ThemedPlatform

PORTLET = "com_liferay_asset_publisher_web_portlet_AssetPublisherPortlet_INSTANCE_Ab3dQ"
_CATEGORY = re.compile(r"^/web/guest/([a-z0-9-]+)$")


class Liferay7(ThemedPlatform):
    name = "liferay7"
    category_pattern = _CATEGORY
    page_query = f"_{PORTLET}_cur"
    server_header = "Apache-Coyote/1.1"
    robots_disallow = ("/c/portal/login",)
    home_paths = ("/", "/web/guest/trang-chu", "/web/guest/home")
    nav_item = ('<li class="lfr-nav-item nav-item" role="presentation"><a class="nav-link text-truncate" '
                'href="{url}" role="menuitem"><span class="text-truncate">{name}</span></a></li>')
    latest_item = '<li class="list-group-item"><a href="{url}">{title}</a></li>'
    related_item = '<li class="list-group-item"><a href="{url}">{title}</a> <small>{date}</small></li>'
    blocks = {
        "p": '<p style="text-align:justify">{text}</p>',
        "caption": ('<div style="text-align:center"><img alt="" src="/documents/20182/0/{image}" /></div>\n'
                    '<div style="text-align:center"><em>{text}</em></div>'),
        "byline": '<p style="text-align:right"><strong>{text}</strong></p>',
        "blank": "<p>&nbsp;</p>",
    }
    layout_change = {"journal-content-article": "web-content", "asset-full-content": "asset-detail",
                     "asset-title": "detail-title"}

    def article_path(self, article: SimArticle) -> str:
        return f"/web/guest/{article.category}/-/asset_publisher/Ab3dQ/content/{article.slug}"

    def category_path(self, slug: str, page: int = 1) -> str:
        base = f"/web/guest/{slug}"
        return base if page == 1 else f"{base}?p_p_id={PORTLET}&p_p_lifecycle=0&_{PORTLET}_cur={page}"

    def date_text(self, article: SimArticle) -> str:
        return ""

    def pager(self, slug: str, page: int) -> str:
        return self.numbered_pager(
            slug, page, item='<li class="page-item"><a class="page-link" href="{url}">{n}</a></li>',
            current='<li class="page-item active"><a aria-current="page" class="page-link" href="{url}">{n}</a></li>',
            next_item=('<li class="page-item"><a class="page-link" href="{url}"><span class="sr-only">Tiếp</span>'
                       '<svg class="lexicon-icon lexicon-icon-angle-right" role="presentation"></svg></a></li>'),
            prev_item=('<li class="page-item"><a class="page-link" href="{url}"><span class="sr-only">Trước</span>'
                       '<svg class="lexicon-icon lexicon-icon-angle-left" role="presentation"></svg></a></li>'))
