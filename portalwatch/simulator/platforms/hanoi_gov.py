"""The post-2025 hanoi.gov.vn platform (ward portals on the old district hosts).

URLs::

    /                                   home: newest articles and one box per category
    /<cat>.htm                          category page: an empty box whose data-attributes
                                        say how to call the list API
    POST /api/NewsZone/NewsZone         list API (form PageIndex from 0, PageSize, Catname,
                                        LanguageId, Site; header X-Requested-With:
                                        XMLHttpRequest): an HTML fragment of div.news-item,
                                        empty after the last page
    /<cat>/<title-slug>-<id>.htm        article; id = site prefix + yyMMddHHmmss + milliseconds
"""

from __future__ import annotations

import json
import re
from datetime import datetime

from portalwatch.simulator.model import HANOI_TZ, SimArticle
from portalwatch.simulator.platforms.base import Page, Platform, Request
from portalwatch.simulator.render import esc, render

API_PATH = "/api/NewsZone/NewsZone"
MAX_PAGE_SIZE = 50
_NAV_ITEM = '<li class="menu-item"><a href="{url}">{name}</a></li>'
_LATEST = '<li><a href="{url}" title="{title}">{title}</a></li>'
_RELATED = '<div class="related-item"><a href="{url}" title="{title}">{title}</a></div>'
_CATEGORY = re.compile(r"^/([a-z0-9-]+)\.htm$")


def article_id_for(prefix: str, published: datetime, millis: int) -> str:
    """"32" + 260828152834 + "123": how the platform numbers its articles."""
    return f"{prefix}{published:%y%m%d%H%M%S}{millis % 1000:03d}"


def iso(moment: datetime) -> str:
    return moment.replace(tzinfo=HANOI_TZ).isoformat(timespec="seconds")


class HanoiGov(Platform):
    name = "hanoi_gov"
    has_lead = True
    robots_disallow = ("/tim-kiem.htm",)
    blocks = {
        "p": "<p>{text}</p>",
        "caption": ('<figure class="VCSortableInPreviewMode" type="Photo"><div>'
                    '<img src="/uploads/images/{image}" alt="" loading="lazy" /></div>'
                    '<figcaption class="PhotoCMS_Caption"><p>{text}</p></figcaption></figure>'),
        "byline": '<p class="author" style="text-align: right;"><strong>{text}</strong></p>',
        "blank": "<p>&nbsp;</p>",
    }
    layout_change = {
        "detail-content afcbc-body": "article-body-v2",
        'data-role="sapo"': 'data-role="lead-v2"',
        'data-role="content"': 'data-role="body-v2"',
        "detail-title": "article-title-v2",
        "application/ld+json": "application/x-ld-disabled",
    }

    def article_path(self, article: SimArticle) -> str:
        return f"/{article.category}/{article.slug}-{article.article_id}.htm"

    def category_path(self, slug: str, page: int = 1) -> str:
        # The platform has no paged list URLs: pages come from the API.
        return f"/{slug}.htm"

    @property
    def site_id(self) -> str:
        return self.site.name

    def route(self, request: Request) -> Page | None:
        path = request.path
        if request.method == "POST" and path == API_PATH:
            return self.news_zone(request)
        if request.method != "GET":
            return None
        if path in ("/", "/trang-chu.htm"):
            return Page(200, self.home(), kind="home")
        match = _CATEGORY.match(path)
        if match and match[1] in {c.slug for c in self.site.categories}:
            return Page(200, self.category_page(match[1]), kind="list")
        return None

    def news_zone(self, request: Request) -> Page:
        if request.headers.get("x-requested-with", "").lower() != "xmlhttprequest":
            return Page(400, "Bad Request", "text/plain; charset=utf-8", kind="api")
        form = request.form
        try:
            index = int(form.get("PageIndex", "0"))
            size = min(MAX_PAGE_SIZE, int(form.get("PageSize", str(self.site.page_size))))
        except ValueError:
            return Page(400, "Bad Request", "text/plain; charset=utf-8", kind="api")
        slug = form.get("Catname", "")
        known = {c.slug for c in self.site.categories}
        if index < 0 or size < 1 or slug not in known or form.get("Site", self.site_id) != self.site_id:
            return Page(200, "", kind="api")
        return Page(200, self.items(self.state.listing(slug, index * size, size)), kind="api")

    def items(self, articles: list[SimArticle]) -> str:
        return "\n".join(render(self.name, "news_item", article_id=a.article_id,
                                url=self.article_path(a), title=esc(a.title),
                                time_title=f"{a.published:%H:%M, %d/%m/%Y}",
                                summary=self.summary_of(a)) for a in articles)

    def home(self) -> str:
        zones = []
        for category in self.site.categories:
            zones.append(f'<section class="home-zone"><h2 class="box-title"><a href="{self.category_path(category.slug)}">'
                         f'{esc(category.name)}</a></h2><div class="zone-items">'
                         f'{self.items(self.state.listing(category.slug, limit=3))}</div></section>')
        main = render(self.name, "home", items=self.items(self.state.listing(limit=8)), zones="\n".join(zones))
        return self._layout(self.site.title, main)

    def category_page(self, slug: str) -> str:
        category = self.site.category(slug)
        main = render(self.name, "category", category_url=self.category_path(slug),
                      category_label=esc(category.name), catname=esc(slug), site_id=esc(self.site_id),
                      page_size=self.site.page_size)
        return self._layout(f"{category.name} - {self.site.title}", main)

    def article_page(self, article: SimArticle) -> str:
        category = self.site.category(article.category)
        path = self.article_path(article)
        ld = {
            "@context": "https://schema.org", "@type": "NewsArticle",
            "mainEntityOfPage": {"@type": "WebPage", "@id": self.abs_url(path)},
            "headline": article.title, "datePublished": iso(article.published),
            "dateModified": iso(article.last_modified),
            "articleSection": category.name,
            "publisher": {"@type": "Organization", "name": self.site.title},
        }
        head = (f'<link rel="canonical" href="{esc(self.abs_url(path))}" />\n'
                f'<meta property="og:title" content="{esc(article.title)}" />\n'
                f'<meta property="article:published_time" content="{iso(article.published)}" />\n'
                '<script type="application/ld+json">'
                + json.dumps(ld, ensure_ascii=False).replace("</", "<\\/") + "</script>")
        main = render(self.name, "article", article_id=article.article_id,
                      category_url=self.category_path(article.category), category_label=esc(category.name),
                      title=esc(article.title), date_text=f"{article.published:%d/%m/%Y %H:%M}",
                      site_title=esc(self.site.title), abs_url=esc(self.abs_url(path)),
                      sapo=esc(article.sapo or ""), body=self.body_html(article),
                      tags=esc(category.name), related=self.related_links(article, _RELATED))
        return self._layout(f"{article.title} - {self.site.title}", main, head_extra=head)

    def _layout(self, title: str, main: str, head_extra: str = "") -> str:
        sidebar = render(self.name, "sidebar", latest=self.latest_links(_LATEST))
        return self.layout(title, main, sidebar, _NAV_ITEM, head_extra=head_extra)
