"""The VNPT e-government portal CMS (district and commune portals hosted by VNPT).

URLs::

    /                                        home: newest articles
    /tin-tuc/<cat>.html                      category list, page 1
    /tin-tuc/<cat>/trang-N.html              page N (the page number is in the path)
    /tin-chi-tiet/<id>/<title-slug>.html     article

The body has ``has-sidebar``; the article has a bold lead, captions in a
table under the image, "Tin liên quan" inside the content box, and the date
as "Thứ hai, 05/02/2024, 14:30" (lower-case weekday, comma before the time).
"""

from __future__ import annotations

import re

from portalwatch.simulator.model import SimArticle
from portalwatch.simulator.platforms.themed import ThemedPlatform, weekday

_CATEGORY = re.compile(r"^/tin-tuc/([a-z0-9-]+)(?:\.html|/trang-(\d+)\.html)$")


class Vnpt(ThemedPlatform):
    name = "vnpt"
    has_lead = True
    category_pattern = _CATEGORY
    server_header = "nginx"
    robots_disallow = ("/quan-tri/",)
    feed_path = "/rss/tin-moi.rss"
    nav_item = '<li class="menu-item"><a href="{url}">{name}</a></li>'
    latest_item = '<li><a href="{url}" title="{title}">{title}</a></li>'
    related_item = '<li><a href="{url}">{title}</a> <i>({date})</i></li>'
    blocks = {
        "p": '<p style="text-align: justify;">{text}</p>',
        "caption": ('<table class="image" align="center"><tbody><tr><td><img src="/uploads/news/{image}" alt="" /></td></tr>'
                    '<tr><td class="image_desc">{text}</td></tr></tbody></table>'),
        "byline": '<p style="text-align: right;"><strong>{text}</strong></p>',
        "blank": "<p>&nbsp;</p>",
    }
    layout_change = {"content-news": "noi-dung-tin", "title-news": "tieu-de-tin", "time-news": "thoi-gian"}

    def article_path(self, article: SimArticle) -> str:
        return f"/tin-chi-tiet/{article.article_id}/{article.slug}.html"

    def category_path(self, slug: str, page: int = 1) -> str:
        return f"/tin-tuc/{slug}.html" if page == 1 else f"/tin-tuc/{slug}/trang-{page}.html"

    def date_text(self, article: SimArticle) -> str:
        return f"{weekday(article.published).capitalize()}, {article.published:%d/%m/%Y, %H:%M}"

    def pager(self, slug: str, page: int) -> str:
        return self.numbered_pager(
            slug, page, item='<li><a href="{url}">{n}</a></li>', current='<li class="active"><span>{n}</span></li>',
            next_item='<li><a href="{url}" title="Trang sau">&gt;</a></li>',
            prev_item='<li><a href="{url}" title="Trang trước">&lt;</a></li>')
