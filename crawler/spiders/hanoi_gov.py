"""The post-2025 hanoi.gov.vn platform: category lists come from a POST API.

A category page (/<cat>.htm) holds no articles, only a box whose data-*
attributes say how the browser's script calls ``POST /api/NewsZone/NewsZone``
(PageIndex from 0, PageSize, Catname, LanguageId, Site; X-Requested-With:
XMLHttpRequest). The answer is an HTML fragment of news items and gives no
page count: an empty fragment is the end.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from scrapy.http import FormRequest, Request, Response, TextResponse

from crawler.extract.hanoi_gov import ARTICLE_ID
from crawler.spiders.base import ListEntry, PortalSpider


class HanoiGovSpider(PortalSpider):
    name = "hanoi_gov"
    platform = "hanoi_gov"

    def parse_category(self, response: Response) -> Iterator[Any]:
        self.count("pages")
        if not isinstance(response, TextResponse):
            return
        zone = response.css(self.profile["list"]["zone"])
        if not zone:
            self.count("errors/no_list_api")
            self.logger.warning("%s: %s has no news zone", self.site.name, response.url)
            return
        attrs = zone[0].attrib
        form = {"PageSize": attrs.get("data-page-size") or "10",
                "Catname": attrs.get("data-catname", ""),
                "LanguageId": attrs.get("data-language-id") or "1",
                "Site": attrs.get("data-site", "")}
        yield self.zone_request(response.urljoin(attrs["data-api"]), form, 0)

    def zone_request(self, api_url: str, form: dict[str, str], index: int) -> Request:
        return FormRequest(api_url, formdata={"PageIndex": str(index), **form},
                           headers={"X-Requested-With": "XMLHttpRequest"},
                           callback=self.parse_list, errback=self.on_error,
                           meta={"discovery": True, "zone": (api_url, form, index)})

    def next_list_requests(self, response: TextResponse, entries: list[ListEntry]) -> Iterator[Request]:
        zone = response.meta.get("zone")
        if zone and entries:
            api_url, form, index = zone
            yield self.zone_request(api_url, form, index + 1)

    def portal_id(self, url: str) -> str | None:
        m = ARTICLE_ID.search(url.split("?", 1)[0])
        return m.group(1) if m else None
