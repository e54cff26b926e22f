"""Liferay 6.2-era district portals: paged asset-publisher lists, `li.next` pager."""

from __future__ import annotations

from crawler.spiders.base import PortalSpider


class LiferaySpider(PortalSpider):
    name = "liferay"
    platform = "liferay"
