"""The generic spider on sites nobody configured, above all on the hanoi.gov.vn
platform, whose category lists exist only behind a "Xem thêm" list API."""

from __future__ import annotations

from urllib.parse import parse_qsl, urlsplit

import pytest
from scrapy.http import HtmlResponse, Request

from crawler.extract.text import parse_html
from crawler.registry import Site
from crawler.spiders.base import ListEntry
from crawler.spiders.generic import GenericSpider, find_load_more
from tests.conftest import SEEDS, run_cli
from tests.crawler.conftest import assert_unchanged_recrawl_was_cheap, crawl, exported

PAGE = "http://portal.example/tin-tuc.htm"


def page(body: str, url: str = PAGE, meta: dict | None = None) -> HtmlResponse:
    html = f"<html><head><title>t</title></head><body>{body}</body></html>"
    return HtmlResponse(url, body=html.encode("utf-8"), encoding="utf-8", request=Request(url, meta=meta or {}))


def load_more(body: str):
    response = page(body)
    return find_load_more(response, parse_html(response.text))


def form_of(request: Request) -> dict[str, str]:
    if request.method == "POST":
        return dict(parse_qsl(request.body.decode()))
    return dict(parse_qsl(urlsplit(request.url).query))


# --- finding the list API on a category page -------------------------------------------


def test_a_box_named_by_its_script_is_called_as_the_script_calls_it():
    api = load_more("""
        <div id="list" data-url="/Ajax/LoadMore" data-zone="12" data-size="15" data-page="1"
             data-toggle="tooltip"></div>
        <script>$('#more').click(function () {
          $.ajax({url: $('#list').data('url'), type: 'POST',
                  data: {zoneId: $('#list').data('zone'), pageSize: $('#list').data('size'),
                         page: $('#list').data('page')}});
        });</script>""")
    assert api is not None
    request = api.request(api.first_page)
    assert (request.method, request.url) == ("POST", "http://portal.example/Ajax/LoadMore")
    # Named as the script names them; the tooltip attribute is not a parameter.
    assert form_of(request) == {"page": "1", "zoneId": "12", "pageSize": "15"}
    assert request.headers.get("X-Requested-With") == b"XMLHttpRequest"


def test_without_a_script_parameters_take_the_aspnet_spelling_and_the_call_is_a_get():
    api = load_more('<div data-api="/api/list" data-page-index="0" data-language-id="1" data-catname="x"></div>')
    request = api.request(3)
    assert request.method == "GET"
    assert form_of(request) == {"PageIndex": "3", "LanguageId": "1", "Catname": "x"}


def test_another_script_on_the_page_does_not_decide_how_the_box_is_called():
    api = load_more("""
        <div class="zone" data-source="/api/zone" data-current-page="1" data-zone="4"></div>
        <script>$('.zone').each(function () { $.get($(this).data('source'), {zone: $(this).data('zone')}); });</script>
        <script>$('#poll').submit(function () { $.ajax({url: '/poll/vote', type: 'POST'}); });</script>""")
    request = api.request(api.first_page)
    assert request.method == "GET"
    assert form_of(request) == {"CurrentPage": "1", "zone": "4"}


def test_a_share_button_with_a_data_url_is_not_a_list_api():
    assert load_more('<a class="share-copy" href="javascript:;" data-url="http://portal.example/a.htm">'
                     'Sao chép liên kết</a>') is None
    assert load_more('<div data-api="javascript:void(0)" data-page="1"></div>') is None


def test_an_api_that_ignores_the_page_number_is_not_paged_for_ever():
    spider = GenericSpider(Site("x", "http://portal.example/", "X"))
    api = load_more('<div data-api="/api/list" data-page-index="0"></div>')
    entries = [ListEntry("http://portal.example/a-1.htm"), ListEntry("http://portal.example/b-2.htm")]
    seen: set[str] = set()
    first = list(spider.next_list_requests(page("", meta={"load_more": (api, 0, seen)}), entries))
    assert [form_of(r)["PageIndex"] for r in first] == ["1"]
    # Page 1 answers page 0 again: the walk ends there.
    assert list(spider.next_list_requests(page("", meta=first[0].meta), entries)) == []
    assert list(spider.next_list_requests(page("", meta={"load_more": (api, 0, set())}), [])) == []


def test_a_json_answer_is_read_for_its_html():
    spider = GenericSpider(Site("x", "http://portal.example/", "X"))
    api = load_more('<div data-api="/api/list" data-page-index="0"></div>')
    body = ('{"success": true, "html": "<div class=\\"item\\"><a href=\\"/tin/hoi-nghi-tong-ket-cong-tac-'
            'nam-2025-7.htm\\">Hội nghị tổng kết công tác năm 2025</a> 02/01/2026</div>"}')
    response = HtmlResponse("http://portal.example/api/list", body=body.encode(), encoding="utf-8",
                            headers={"Content-Type": "application/json"},
                            request=Request("http://portal.example/api/list", meta={"load_more": (api, 0, set())}))
    [entry] = spider.list_entries(response)
    assert entry.url == "http://portal.example/tin/hoi-nghi-tong-ket-cong-tac-nam-2025-7.htm"
    assert entry.published.isoformat() == "2026-01-02"


# --- the simulator, every site generic --------------------------------------------------


@pytest.mark.slow
def test_generic_spider_stores_every_article_of_every_site_and_a_second_crawl_fetches_none(simulator, db,
                                                                                            tmp_path):
    registry = simulator.generic_registry_path
    results, done = crawl(db, registry, "--all")
    assert done.returncode == 0, done.stderr[-2000:]
    assert all(r["status"] == "ok" for r in results.values()), results
    stored = exported(db)
    for name in simulator.urls:
        truth = set(simulator.article_urls(name))
        assert truth <= set(stored), (name, len(truth & set(stored)), len(truth))
    for url, row in stored.items():
        assert row["canonical_text"] == simulator.truth(url), url
    out = tmp_path / "out"
    assert run_cli("export", "--format", "txt", "--out", str(out), db_url=db).returncode == 0
    files = {p.read_bytes() for p in out.rglob("*.txt")}
    for seed in sorted((SEEDS / "canonical").glob("*.txt")):
        assert seed.read_bytes() in files, seed.name
    # The hanoi.gov.vn sites' lists came from their API, not from the home page alone.
    for name in simulator.urls:
        if simulator.site(name).spec.platform == "hanoi_gov":
            assert simulator.log.count(name, kind="api", method="POST", status=200) > len(
                simulator.site(name).spec.categories), name
    first_requests = sum(r["figures"]["requests"] for r in results.values())

    simulator.reset_log()
    results, done = crawl(db, registry, "--all")
    assert done.returncode == 0, done.stderr[-2000:]
    assert_unchanged_recrawl_was_cheap(simulator, results, first_requests)


@pytest.mark.slow
def test_generic_spider_finds_a_new_hanoi_gov_article_and_fetches_only_it(simulator, db):
    registry = simulator.generic_registry_path
    assert crawl(db, registry, "phuonghoankiem")[1].returncode == 0
    category = simulator.site("phuonghoankiem").spec.categories[-1].slug
    fresh = simulator.publish("phuonghoankiem", category=category,
                              title="Phường Hoàn Kiếm ra mắt mô hình dân vận khéo năm 2026",
                              paragraphs=["Sáng nay, Ủy ban MTTQ phường tổ chức lễ ra mắt mô hình.",
                                          "Các hộ dân tham gia đầy đủ."])
    simulator.reset_log()
    results, done = crawl(db, registry, "phuonghoankiem")
    assert done.returncode == 0, done.stderr[-2000:]
    assert results["phuonghoankiem"]["figures"]["articles_new"] == 1
    assert simulator.log.count("phuonghoankiem", kind="article") == 1
    assert exported(db)[fresh]["canonical_text"] == simulator.truth(fresh)
