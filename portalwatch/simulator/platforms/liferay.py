"""The Liferay 6.2-era district portals (Thanh Trì, Hoàn Kiếm before 2025).

URLs::

    /                       and /web/guest/trang-chu      home: newest articles
    /web/guest/<cat>        category list, page 1
    /web/guest/<cat>?_101_INSTANCE_news_cur=N             page N (any *_cur or page=N)
    /web/guest/<cat>/-/asset_publisher/news/content/<url-title>   article
"""

from __future__ import annotations

from portalwatch.simulator.model import SimArticle
from portalwatch.simulator.platforms.base import Page, Platform, Request
from portalwatch.simulator.render import esc, render

PAGE_PARAM = "_101_INSTANCE_news_cur"
_NAV_ITEM = '<li><a href="{url}" role="menuitem"><span>{name}</span></a></li>'
_LATEST = '<li><a href="{url}">{title}</a></li>'
_RELATED = '<li><a href="{url}">{title}</a> <span class="date">({date})</span></li>'

POLL_QUESTION = "Theo bạn Hà Nội có nên xây dựng thành phố thông minh hay không?"
POLL_CHOICES = ("Có", "Không", "Ý kiến khác")


class Liferay(Platform):
    name = "liferay"
    shows_views = True
    server_header = "Apache-Coyote/1.1"
    robots_disallow = ("/c/portal/login",)
    blocks = {
        "p": '<p style="text-align: justify;">{text}</p>',
        "caption": ('<p style="text-align: center;"><img alt="" src="/documents/10180/0/{image}" '
                    'style="width: 600px; height: 400px;" /></p>\n'
                    '<p style="text-align: center;"><em>{text}</em></p>'),
        "byline": '<p style="text-align: right;"><strong>{text}</strong></p>',
        "blank": "<p>&nbsp;</p>",
    }
    layout_change = {
        "journal-content-article": "noi-dung-bai-viet",
        "asset-full-content": "chi-tiet-tin",
        "header-title": "tieu-de-tin",
        "metadata-publish-date": "ngay-xuat-ban",
        "metadata-view-count": "luot-xem",
        "portlet-title": "tieu-de-khoi",
    }

    def article_path(self, article: SimArticle) -> str:
        return f"/web/guest/{article.category}/-/asset_publisher/news/content/{article.slug}"

    def category_path(self, slug: str, page: int = 1) -> str:
        base = f"/web/guest/{slug}"
        return base if page == 1 else f"{base}?{PAGE_PARAM}={page}"

    def category_label(self, name: str) -> str:
        label = f'<span class="portlet-title-text">{esc(name)}</span>'
        if self.site.double_category:
            label += f' <span class="hide-accessible">{esc(name)}</span>'
        return label

    def route(self, request: Request) -> Page | None:
        if request.method != "GET":
            return None
        path = request.path.rstrip("/") or "/"
        if path in ("/", "/web/guest", "/web/guest/trang-chu"):
            items = self._items(self.state.listing(limit=self.site.page_size))
            main = render(self.name, "list", category_label=self.category_label("Tin tức - Sự kiện"),
                          items=items, first=1, last=self.site.page_size,
                          total=self.state.count(), pager="")
            return Page(200, self._layout("Trang chủ", main, ""), kind="home")
        if not path.startswith("/web/guest/") or path.count("/") != 3:
            return None
        slug = path.rsplit("/", 1)[1]
        if slug not in {c.slug for c in self.site.categories}:
            return None
        raw_page = next((v for k, v in request.query.items() if k.endswith("_cur") or k == "page"), None)
        page = self.page_number(raw_page)
        if page is None:
            return None
        return Page(200, self.list_page(slug, page), kind="list")

    def list_page(self, slug: str, page: int) -> str:
        size = self.site.page_size
        articles = self.state.listing(slug, (page - 1) * size, size)
        total = self.state.count(slug)
        pages = self.page_count(slug)
        category = self.site.category(slug)
        main = render(self.name, "list", category_label=self.category_label(category.name),
                      items=self._items(articles), first=min(total, (page - 1) * size + 1),
                      last=min(total, page * size), total=total, pager=self._pager(slug, page, pages))
        crumb = f'<li class="active last"><a href="{self.category_path(slug)}">{esc(category.name)}</a></li>'
        return self._layout(category.name, main, crumb)

    def article_page(self, article: SimArticle) -> str:
        category = self.site.category(article.category)
        path = self.article_path(article)
        poll = render(self.name, "poll", question=esc(POLL_QUESTION), choices="".join(
            f'<li><label><input name="_59_INSTANCE_poll_choiceId" type="radio" value="{n}" /> {esc(c)}</label></li>'
            for n, c in enumerate(POLL_CHOICES)))
        main = render(
            self.name, "article", category_label=self.category_label(category.name),
            category_url=self.category_path(article.category), title=esc(article.title),
            date_prefix=esc(self.site.date_prefix), date=f"{article.published:%d/%m/%Y}",
            time=f"{article.published:%H:%M}", views_label=esc(self.site.views_label),
            views=article.views if article.views is not None else 0, article_id=article.article_id,
            body=self.body_html(article), abs_url=esc(self.abs_url(path)), poll=poll,
            related=self.related_links(article, _RELATED))
        crumb = (f'<li><a href="{self.category_path(article.category)}">{esc(category.name)}</a>'
                 f'<span class="divider">/</span></li>')
        return self._layout(article.title, main, crumb)

    def _layout(self, title: str, main: str, breadcrumb: str) -> str:
        sidebar = render(self.name, "sidebar", latest=self.latest_links(_LATEST))
        return self.layout(title, main, sidebar, _NAV_ITEM, breadcrumb=breadcrumb)

    def _items(self, articles: list[SimArticle]) -> str:
        return "\n".join(render(self.name, "list_item", url=self.article_path(a), title=esc(a.title),
                                article_id=a.article_id, date=f"{a.published:%d/%m/%Y}",
                                summary=self.summary_of(a)) for a in articles)

    def _pager(self, slug: str, page: int, pages: int) -> str:
        def item(label: str, target: int, enabled: bool, css: str = "") -> str:
            if not enabled:
                return f'<li class="disabled {css}"><span>{label}</span></li>'
            return f'<li class="{css}"><a href="{self.category_path(slug, target)}">{label}</a></li>'

        out = [item("Đầu", 1, page > 1, "first"), item("Trước", page - 1, page > 1, "previous")]
        for n in range(max(1, page - 4), min(pages, page + 4) + 1):
            out.append(f'<li class="active"><span>{n}</span></li>' if n == page
                       else item(str(n), n, True))
        out += [item("Tiếp", page + 1, page < pages, "next"), item("Cuối", pages, page < pages, "last")]
        return "\n".join(out)
