"""HTTP helpers and a reference extractor that reads the simulator's markup as
README.md documents it, to prove the pages carry exactly the truth."""

from __future__ import annotations

import json
import re
import urllib.error
import urllib.request
from dataclasses import dataclass
from urllib.parse import urlencode

from bs4 import BeautifulSoup

from storage.canonical import CanonicalArticle, format_article, parse_date_line
from storage.normalize import clean_line


@dataclass
class Response:
    status: int
    headers: dict
    body: bytes

    @property
    def text(self) -> str:
        return self.body.decode("utf-8")


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


_opener = urllib.request.build_opener(_NoRedirect)


def fetch(url: str, method: str = "GET", data: bytes | None = None, headers: dict | None = None,
          timeout: float = 10) -> Response:
    request = urllib.request.Request(url, data=data, method=method, headers=headers or {})
    try:
        with _opener.open(request, timeout=timeout) as answer:
            return Response(answer.status, dict(answer.headers.items()), answer.read())
    except urllib.error.HTTPError as err:
        return Response(err.code, dict(err.headers.items()), err.read())


def post_json(url: str, payload: dict, method: str = "POST") -> Response:
    return fetch(url, method, json.dumps(payload).encode(), {"Content-Type": "application/json"})


def news_zone(base: str, catname: str, page: int, size: int = 10, site: str | None = None,
              xhr: bool = True) -> Response:
    form = {"PageIndex": page, "PageSize": size, "Catname": catname, "LanguageId": 1}
    if site:
        form["Site"] = site
    headers = {"Content-Type": "application/x-www-form-urlencoded"}
    if xhr:
        headers["X-Requested-With"] = "XMLHttpRequest"
    return fetch(base + "/api/NewsZone/NewsZone", "POST", urlencode(form).encode(), headers)


def _paragraphs(container) -> list[str]:
    out = []
    for element in container.find_all(["p", "div"]):
        if element.name == "div" and "image-caption" not in (element.get("class") or []):
            continue
        if element.name == "p" and element.find_parent(class_="image-caption"):
            continue
        line = clean_line(element.get_text())
        if line:
            out.append(line)
    return out


def extract(html: str, platform: str) -> str:
    """Canonical text of an article page, with the platform's documented selectors."""
    soup = BeautifulSoup(html, "html.parser")
    if platform == "liferay":
        category = clean_line(soup.select_one("#portlet_101_INSTANCE_news .portlet-title-text").get_text())
        title = soup.select_one(".asset-full-content h3.header-title").get_text()
        published, views = parse_date_line(clean_line(soup.select_one(".asset-metadata").get_text()))
        paragraphs = _paragraphs(soup.select_one(".journal-content-article"))
    elif platform == "caugiay":
        category, views = None, None
        title = soup.select_one("h1.title-detail").get_text()
        published, _ = parse_date_line(clean_line(soup.select_one("div.date-post").get_text()))
        paragraphs = _paragraphs(soup.select_one("div.news-content"))
    else:
        category = clean_line(soup.select_one("ul.breadcrumb li.active a").get_text())
        title = soup.select_one("h1.detail-title").get_text()
        ld = json.loads(soup.find("script", type="application/ld+json").string)
        from datetime import datetime
        published = datetime.fromisoformat(ld["datePublished"]).replace(tzinfo=None)
        views = None
        sapo = clean_line(soup.select_one("[data-role=sapo]").get_text())
        paragraphs = ([sapo] if sapo else []) + _paragraphs(soup.select_one("div.detail-content.afcbc-body"))
    return format_article(CanonicalArticle(title=clean_line(title), published=published.replace(second=0),
                                           paragraphs=tuple(paragraphs), category=category or None,
                                           views=views))


HREF = re.compile(r'href="([^"]+)"')
