"""Cầu Giấy-style portals: /danh-muc/<cat>?page=N lists, /tin-tuc/<slug>-<id>.html articles."""

from __future__ import annotations

import re

from crawler.spiders.base import PortalSpider

_ID = re.compile(r"-(\d+)\.html?$")


class CauGiaySpider(PortalSpider):
    name = "caugiay"
    platform = "caugiay"

    def portal_id(self, url: str) -> str | None:
        m = _ID.search(url.split("?", 1)[0])
        return m.group(1) if m else None
