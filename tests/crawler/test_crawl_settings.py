"""What the crawl needs reaches Scrapy's settings: from the entry point's settings
under portalwatch, from the environment under a plain `scrapy crawl`."""

from __future__ import annotations

from scrapy.crawler import Crawler
from scrapy.utils.project import get_project_settings

from crawler.registry import load_registry
from crawler.run import crawl_settings
from crawler.spiders import spider_for
from storage.settings import DEFAULT_SITES_FILE


def test_the_entry_points_settings_go_into_scrapys(monkeypatch, tmp_path):
    monkeypatch.setenv("PORTALWATCH_CONTACT_URL", "https://environment.example/")
    env = {"PORTALWATCH_DB_URL": f"sqlite:///{tmp_path}/a.db", "PORTALWATCH_SITES": str(DEFAULT_SITES_FILE),
           "PORTALWATCH_CONTACT_URL": "https://ops.example/contact",
           "PORTALWATCH_SCRAPY_SETTINGS": '{"DOWNLOAD_TIMEOUT": 7}'}
    settings = crawl_settings({"DOWNLOAD_TIMEOUT": 9}, env)
    assert settings["USER_AGENT"].endswith("(+https://ops.example/contact)")  # not the environment's
    assert settings.getint("DOWNLOAD_TIMEOUT") == 9  # the caller's overrides win over the user's
    crawler = Crawler(spider_for("liferay"), settings)
    site = load_registry(DEFAULT_SITES_FILE).sites[0]
    spider = crawler.spidercls.from_crawler(crawler, site=site.name)
    assert spider.site == site and spider.db_url == env["PORTALWATCH_DB_URL"]
    assert crawler.settings["USER_AGENT"].endswith("(+https://ops.example/contact)")


def test_a_plain_scrapy_crawl_reads_the_environment(monkeypatch, tmp_path):
    monkeypatch.setenv("PORTALWATCH_CONTACT_URL", "https://environment.example/")
    monkeypatch.setenv("PORTALWATCH_DB_URL", f"sqlite:///{tmp_path}/b.db")
    crawler = Crawler(spider_for("liferay"), get_project_settings())
    spider = crawler.spidercls.from_crawler(crawler, site=load_registry(DEFAULT_SITES_FILE).sites[0].name)
    assert crawler.settings["USER_AGENT"].endswith("(+https://environment.example/)")
    assert spider.db_url == f"sqlite:///{tmp_path}/b.db"


_COOKIES = "scrapy.downloadermiddlewares.cookies.CookiesMiddleware"


def test_cookies_off_leaves_scrapys_cookies_middleware_out_of_the_list(tmp_path):
    env = {"PORTALWATCH_DB_URL": f"sqlite:///{tmp_path}/c.db"}
    settings = crawl_settings(None, env)
    base = settings.getdict("DOWNLOADER_MIDDLEWARES_BASE")
    assert _COOKIES not in base
    # the rest of Scrapy's own list is kept, whatever Scrapy's version puts in it
    assert "scrapy.downloadermiddlewares.httpcompression.HttpCompressionMiddleware" in base
    assert "scrapy.downloadermiddlewares.robotstxt.RobotsTxtMiddleware" in base


def test_cookies_turned_on_keep_the_cookies_middleware(tmp_path):
    settings = crawl_settings({"COOKIES_ENABLED": True}, {"PORTALWATCH_DB_URL": f"sqlite:///{tmp_path}/d.db"})
    assert _COOKIES in settings.getdict("DOWNLOADER_MIDDLEWARES_BASE")


def test_a_store_writer_process_only_for_crawls_of_more_than_a_few_articles():
    from crawler.run import _INLINE_SAVES, _writer_pays

    assert not _writer_pays(1, "crawl", 1, [])  # `crawl SITE --max-articles 1`
    assert not _writer_pays(2, "crawl", _INLINE_SAVES // 2, [])
    assert _writer_pays(2, "crawl", _INLINE_SAVES // 2 + 1, [])
    assert _writer_pays(1, "crawl", None, [])  # unbounded
    assert not _writer_pays(1, "recrawl", None, ["https://example.gov.vn/a"])
    assert _writer_pays(1, "recrawl", None, [])  # every known URL of the site
