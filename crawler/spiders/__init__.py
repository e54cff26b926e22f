"""One spider per portal platform (not per site); the registry says which a site uses."""

from __future__ import annotations

from crawler.spiders.base import PortalSpider
from crawler.spiders.caugiay import CauGiaySpider
from crawler.spiders.generic import GenericSpider
from crawler.spiders.hanoi_gov import HanoiGovSpider
from crawler.spiders.liferay import LiferaySpider

SPIDERS: dict[str, type[PortalSpider]] = {
    spider.platform: spider for spider in (LiferaySpider, CauGiaySpider, HanoiGovSpider, GenericSpider)
}


def spider_for(platform: str) -> type[PortalSpider]:
    return SPIDERS.get(platform, GenericSpider)
