"""The plain peer of bench/crawl.py: what anyone would write without portalwatch.

One stock Scrapy CrawlSpider per site of a registry (follow every link of the
site, trafilatura on every article page, JSON lines through Scrapy's feed
exporter), with the politeness the bare spider has: robots.txt obeyed,
AutoThrottle on, two requests per site at a time, no delay. No store, no
dedup, no analysis: the floor a crawl of the same pages could cost.

    .venv/bin/python bench/crawl_peer.py REGISTRY OUT.jsonl   # prints one JSON line of figures
"""

from __future__ import annotations

import json
import re
import sys

import trafilatura
import yaml
from scrapy.crawler import CrawlerProcess
from scrapy.linkextractors import LinkExtractor
from scrapy.spiders import CrawlSpider, Rule

# Article pages of the simulator's platforms: Liferay's asset_publisher content,
# and the numbered .htm/.html pages of the others.
ARTICLE = r"(/-/asset_publisher/[^/]+/content/|-\d{5,}\.html?$)"

SETTINGS = {
    "ROBOTSTXT_OBEY": True,
    "CONCURRENT_REQUESTS": 16,
    "CONCURRENT_REQUESTS_PER_DOMAIN": 2,
    "AUTOTHROTTLE_ENABLED": True,
    "AUTOTHROTTLE_START_DELAY": 0.0,
    "DOWNLOAD_DELAY": 0,
    "COOKIES_ENABLED": False,
    "TELNETCONSOLE_ENABLED": False,
    "LOG_LEVEL": "ERROR",
    "FEED_EXPORT_ENCODING": "utf-8",
}


def spider_class(name: str, url: str) -> type[CrawlSpider]:
    # The simulator's sites share one host on different ports: a site is its URL prefix.
    site = re.escape(url.rstrip("/"))

    class Peer(CrawlSpider):
        rules = (
            Rule(LinkExtractor(allow=site + "/.*" + ARTICLE), callback="parse_article", follow=False),
            Rule(LinkExtractor(allow=site + r"(/|$)", deny=ARTICLE), follow=True),
        )

        def parse_article(self, response):
            doc = trafilatura.bare_extraction(response.text, url=response.url, with_metadata=True)
            if doc is None:
                return
            doc = doc if isinstance(doc, dict) else doc.as_dict()
            yield {"url": response.url, "title": doc.get("title"), "date": doc.get("date"),
                   "text": doc.get("text")}

    return type(f"Peer_{name}", (Peer,), {"name": name, "start_urls": [url]})


def main(registry: str, out: str) -> None:
    with open(registry, encoding="utf-8") as handle:
        sites = yaml.safe_load(handle)["sites"]
    process = CrawlerProcess({**SETTINGS, "FEEDS": {out: {"format": "jsonlines"}}})
    crawlers = []
    for site in sites:
        crawler = process.create_crawler(spider_class(site["name"], site["url"]))
        crawlers.append(crawler)
        process.crawl(crawler)
    process.start()
    stats = [c.stats.get_stats() for c in crawlers]
    print(json.dumps({
        "requests": sum(s.get("downloader/request_count", 0) for s in stats),
        "items": sum(s.get("item_scraped_count", 0) for s in stats),
    }))


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
