"""ASP.NET WebForms portals whose news lists page by postback (GridView pagers).

URLs::

    /                                      home: newest articles
    /TinTuc/<cat>.aspx                     category list, page 1 (GET)
    POST /TinTuc/<cat>.aspx                page N: __EVENTTARGET=ctl00$cphMain$gvNews,
                                           __EVENTARGUMENT=Page$N, with the page's __VIEWSTATE
    /TinTuc/ChiTiet/<id>/<title-slug>.aspx article

Pager links are ``javascript:__doPostBack(...)``: a crawler must post the
page's form back. A post without the view state is refused (405). The
article page prints no date: the date and time are only on the list.
"""

from __future__ import annotations

import base64
import re

from portalwatch.simulator.model import SimArticle
from portalwatch.simulator.platforms.base import Request
from portalwatch.simulator.platforms.themed import ThemedPlatform

GRID = "ctl00$cphMain$gvNews"
_CATEGORY = re.compile(r"^/TinTuc/([a-z0-9-]+)\.aspx$")
_PAGE_ARGUMENT = re.compile(r"^Page\$(\d+)$")


def view_state(slug: str, page: int) -> str:
    # Opaque to the client, as real view state is; the server only checks it came from a list page.
    return base64.b64encode(f"/wEPDwUKMTM2NjQ5|{slug}|{page}".encode()).decode()


class WebForms(ThemedPlatform):
    name = "webforms"
    server_header = "Microsoft-IIS/8.5"
    robots_disallow = ("/Admin/",)
    list_date_format = "%d/%m/%Y %H:%M"
    nav_item = '<li><a href="{url}">{name}</a></li>'
    latest_item = '<li><a href="{url}">{title}</a></li>'
    related_item = '<li><a href="{url}">{title}</a> ({date})</li>'
    blocks = {
        "p": '<p style="text-align: justify;">{text}</p>',
        "caption": ('<p style="text-align: center;"><img src="/Uploads/Images/{image}" alt="" /><br />'
                    '<em>{text}</em></p>'),
        "byline": '<p style="text-align: right;"><b>{text}</b></p>',
        "blank": "<p>&nbsp;</p>",
    }
    layout_change = {"news-content": "noidung", "news-title": "tieude", "pnlDetail": "pnlChiTiet"}

    def article_path(self, article: SimArticle) -> str:
        return f"/TinTuc/ChiTiet/{article.article_id}/{article.slug}.aspx"

    def category_path(self, slug: str, page: int = 1) -> str:
        return f"/TinTuc/{slug}.aspx"  # every page has the same URL; pages 2+ are postbacks

    def list_location(self, request: Request) -> tuple[str, int] | None:
        match = _CATEGORY.match(request.path)
        if not match:
            return None
        if request.method == "GET":
            return match[1], 1
        argument = _PAGE_ARGUMENT.match(request.form.get("__EVENTARGUMENT", ""))
        state = request.form.get("__VIEWSTATE", "")
        if request.form.get("__EVENTTARGET") != GRID or not argument or not state.startswith(
                view_state(match[1], 1)[:16]):
            return None
        number = self.page_number(argument[1])
        return (match[1], number) if number else None

    def list_extra(self, slug: str | None, page: int) -> dict[str, str]:
        return {"view_state": view_state(slug or "", page), "action": self.category_path(slug) if slug else "/"}

    def date_text(self, article: SimArticle) -> str:
        return ""

    def pager(self, slug: str, page: int) -> str:
        def link(n: int, label: str) -> str:
            return (f"<td><a href=\"javascript:__doPostBack(&#39;{GRID}&#39;,&#39;Page${n}&#39;)\">"
                    f"{label}</a></td>")
        pages = self.page_count(slug)
        cells = [link(n, str(n)) if n != page else f"<td><span>{n}</span></td>"
                 for n in range(max(1, page - 4), min(pages, page + 4) + 1)]
        if page + 4 < pages:
            cells.append(link(page + 5, "..."))
        return "".join(cells)
