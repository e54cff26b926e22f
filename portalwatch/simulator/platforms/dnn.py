"""DotNetNuke portals with the EasyDNNnews module (provincial departments' sites).

URLs::

    /                                                       home: newest articles
    /tin-tuc/category/<cat>                                 category list, page 1
    /tin-tuc/category/<cat>/PgrID/1385/PageID/N             page N
    /tin-tuc/ArtMID/1385/ArticleID/<id>/<title-slug>        article

The whole page is one ASP.NET ``<form>``; content sits in ``DnnModule``
containers whose titles are h2 headings; the pager is numbers only (no
"next" link); the date line reads "Cập nhật: 05/02/2024 14:30".
"""

from __future__ import annotations

import re

from portalwatch.simulator.model import SimArticle
from portalwatch.simulator.platforms.themed import ThemedPlatform

_MODULE = 1385
_CATEGORY = re.compile(rf"^/tin-tuc/category/([a-z0-9-]+)(?:/PgrID/{_MODULE}/PageID/(\d+))?/?$")


class Dnn(ThemedPlatform):
    name = "dnn"
    category_pattern = _CATEGORY
    server_header = "Microsoft-IIS/10.0"
    robots_disallow = ("/Admin/", "/Portals/_default/")
    nav_item = '<li class="dnnmega"><a href="{url}"><span>{name}</span></a></li>'
    latest_item = '<li class="edn_article"><a class="edn_articleTitle" href="{url}">{title}</a></li>'
    related_item = '<li><a href="{url}">{title}</a> <span class="edn_date">({date})</span></li>'
    blocks = {
        "p": '<p style="text-align:justify;"><span style="font-size:14px;">{text}</span></p>',
        "caption": ('<div class="edn_mediaContainer"><img alt="" src="/Portals/0/EasyDNNNews/{image}" />'
                    '<p class="edn_caption"><em>{text}</em></p></div>'),
        "byline": '<p style="text-align:right;"><strong>{text}</strong></p>',
        "blank": "<p>&nbsp;</p>",
    }
    layout_change = {"edn_article": "tin-bai", "edn_articleTitle": "tieude", "edn_metaDetails": "meta"}

    def article_path(self, article: SimArticle) -> str:
        return f"/tin-tuc/ArtMID/{_MODULE}/ArticleID/{article.article_id}/{article.slug}"

    def category_path(self, slug: str, page: int = 1) -> str:
        base = f"/tin-tuc/category/{slug}"
        return base if page == 1 else f"{base}/PgrID/{_MODULE}/PageID/{page}"

    def date_text(self, article: SimArticle) -> str:
        return f"Cập nhật: {article.published:%d/%m/%Y %H:%M}"

    def pager(self, slug: str, page: int) -> str:
        return self.numbered_pager(slug, page, item='<a class="page" href="{url}">{n}</a>',
                                   current='<span class="page active">{n}</span>')
