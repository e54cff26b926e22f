"""Discovery beyond menus, piece by piece: sitemaps, feeds, number-only and postback
pagers, list hints, and the verdict on a crawl that lost most of what it listed."""

from __future__ import annotations

from datetime import date, datetime
from urllib.parse import parse_qsl

from scrapy.http import HtmlResponse, Request

from crawler.discovery import feed_links, postback_of, read_feed, read_sitemap
from crawler.extract.text import parse_html
from crawler.registry import Site
from crawler.run import lost_articles, status_of
from crawler.spiders.base import page_hints
from crawler.spiders.generic import GenericSpider

BASE = "http://portal.example"


def page(body: str, url: str = BASE + "/tin-tuc", meta: dict | None = None, head: str = "") -> HtmlResponse:
    html = f"<html><head><title>t</title>{head}</head><body>{body}</body></html>"
    return HtmlResponse(url, body=html.encode("utf-8"), encoding="utf-8", request=Request(url, meta=meta or {}))


def spider() -> GenericSpider:
    return GenericSpider(Site("x", BASE + "/", "X"))


def test_a_sitemap_index_names_its_article_sitemaps_and_a_urlset_its_pages_with_lastmod():
    index = (b'<?xml version="1.0"?><sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
             b"<sitemap><loc>http://portal.example/wp-sitemap-posts-post-1.xml</loc></sitemap>"
             b"<sitemap><loc>http://portal.example/wp-sitemap-taxonomies-category-1.xml</loc></sitemap>"
             b"<sitemap><loc>http://portal.example/wp-sitemap-users-1.xml</loc></sitemap></sitemapindex>")
    assert read_sitemap(index) == (["http://portal.example/wp-sitemap-posts-post-1.xml"], [])
    urlset = (b'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><url><loc>http://portal.example/a</loc>'
              b"<lastmod>2024-02-05T14:30:00+07:00</lastmod></url><url><loc>http://portal.example/b</loc></url></urlset>")
    children, entries = read_sitemap(urlset)
    assert children == [] and [e.url for e in entries] == ["http://portal.example/a", "http://portal.example/b"]
    assert entries[0].published.hour == 14 and entries[0].modified and entries[1].published is None


def test_what_is_not_a_sitemap_or_feed_gives_nothing():
    html = "<!DOCTYPE html><html><body><p>Trang chủ</p></body></html>".encode()
    assert read_sitemap(html) == ([], [])
    assert read_sitemap(b"") == ([], [])
    assert read_feed(html) == [] and read_feed(b"") == []


def test_rss_and_atom_items_with_their_titles_and_dates():
    rss = ("<rss version='2.0'><channel><title>x</title><item><title>Hội nghị tổng kết năm 2024</title>"
           "<link> http://portal.example/tin/1 </link><pubDate>Mon, 05 Feb 2024 14:30:00 +0700</pubDate></item>"
           "</channel></rss>").encode()
    [item] = read_feed(rss)
    assert (item.url, item.title, item.published.strftime("%d/%m/%Y %H:%M")) == (
        "http://portal.example/tin/1", "Hội nghị tổng kết năm 2024", "05/02/2024 14:30")
    atom = ('<feed xmlns="http://www.w3.org/2005/Atom"><entry><title>Tin A</title>'
            '<link rel="alternate" href="http://portal.example/a"/><published>2024-02-05T07:00:00Z</published>'
            "</entry></feed>").encode()
    [entry] = read_feed(atom)
    assert entry.url == "http://portal.example/a" and entry.published.year == 2024


def test_feeds_are_the_ones_a_head_advertises():
    root = parse_html('<html><head><link rel="alternate" type="application/rss+xml" href="/rss.xml" />'
                      '<link rel="alternate" hreflang="en" href="/en" />'
                      '<link rel="stylesheet" href="/a.css" /></head><body></body></html>')
    assert feed_links(root) == ["/rss.xml"]


def test_a_number_only_pager_is_followed_to_the_next_number():
    response = page('<div class="article_pager"><span class="page active">2</span>'
                    '<a class="page" href="/tin-tuc/PageID/1">1</a><a class="page" href="/tin-tuc/PageID/3">3</a>'
                    '<a class="page" href="/tin-tuc/PageID/4">4</a></div>', meta={"list_page": 2})
    [request] = spider().next_list_requests(response, [])
    assert request.url == BASE + "/tin-tuc/PageID/3" and request.meta["list_page"] == 3
    assert list(spider().next_list_requests(page("<p>1</p>", meta={"list_page": 1}), [])) == []


def test_a_postback_pager_posts_the_links_form_back_with_its_hidden_fields():
    response = page("""<form method="post" action="/TinTuc/tin-tuc.aspx" id="aspnetForm">
        <input type="hidden" name="__VIEWSTATE" value="abc=" /><input type="hidden" name="__EVENTTARGET" value="" />
        <input type="text" name="q" value="search words" />
        <table><tr><td><span>1</span></td><td>
        <a href="javascript:__doPostBack('ctl00$cphMain$gvNews','Page$2')">2</a></td></tr></table></form>""",
                    url=BASE + "/TinTuc/tin-tuc.aspx")
    [request] = spider().next_list_requests(response, [])
    assert (request.method, request.url) == ("POST", BASE + "/TinTuc/tin-tuc.aspx")
    assert dict(parse_qsl(request.body.decode())) == {
        "__VIEWSTATE": "abc=", "__EVENTTARGET": "ctl00$cphMain$gvNews", "__EVENTARGUMENT": "Page$2"}
    assert request.meta["list_page"] == 2 and request.meta["discovery"]
    assert postback_of("javascript:void(0)") is None


def test_a_lists_dated_entry_wins_over_a_sidebars_bare_link_and_carries_its_hints():
    url = "/tin/hoi-nghi-so-ket-cong-tac-sau-thang-dau-nam.aspx"
    response = page(f"""<div class="col-left"><ul><li><a href="{url}">Hội nghị sơ kết công tác sáu tháng đầu năm</a>
        </li></ul></div><table class="gvNews"><tr><td><div class="item-news"><a href="{url}">Hội nghị sơ kết công
        tác sáu tháng đầu năm</a> <span class="date-news">(26/01/2019 09:53)</span><div class="sapo">Sáng nay, tại
        hội trường, quận tổ chức hội nghị sơ kết công tác sáu tháng đầu năm với nhiều nội dung.</div></div></td></tr>
        </table>""")
    [entry] = spider().list_entries(response)
    assert entry.published == date(2019, 1, 26) and entry.printed_date == "(26/01/2019 09:53)"
    assert entry.hints == {"title": "Hội nghị sơ kết công tác sáu tháng đầu năm", "date": "(26/01/2019 09:53)"}
    hints = page_hints(BASE + url, entry.hints)
    assert hints.published == datetime(2019, 1, 26, 9, 53) and hints.url == BASE + url
    assert page_hints(BASE + url, {"date": "24-12-2021"}).published == date(2021, 12, 24)
    assert page_hints(BASE + url, None).published is None


def _figures(**changes) -> dict:
    figures = {"requests": 40, "pages": 40, "not_modified": 0, "errors": {}, "articles_new": 0,
               "articles_changed": 0, "articles_unchanged": 0, "articles_duplicate": 0,
               "missing": {"title": 0, "date": 0, "body": 0}, "articles_requested": 0, "older_than_since": 0}
    return {**figures, **changes}


def test_a_crawl_that_stored_far_fewer_articles_than_it_went_for_failed():
    lost = _figures(articles_requested=30, articles_new=2, missing={"title": 0, "date": 28, "body": 0})
    assert status_of(lost) == "failed" and lost_articles(lost) == "stored 2 of the 30 articles the site listed"
    assert status_of(_figures(articles_requested=30, articles_new=20, missing={"title": 0, "date": 10,
                                                                                "body": 0})) == "partial"
    # Dropped for being older than --since is no loss; nor is a handful too few to judge.
    assert status_of(_figures(articles_requested=30, articles_new=3, older_than_since=27)) == "ok"
    assert status_of(_figures(articles_requested=4, articles_new=0, errors={"http_500": 4})) == "partial"
