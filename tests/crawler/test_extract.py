"""HTML -> canonical text, without HTTP: every simulated article page read by its
platform's extractor and by the generic one must give the simulator's truth."""

from __future__ import annotations

import pytest
from scrapy.http import HtmlResponse, Request

from crawler.extract import PageReader, extract_generic_html, text
from crawler.middlewares import LegacyCharsetMiddleware, error_kind
from portalwatch.simulator.faults import to_cp1258
from portalwatch.simulator.model import truth_text
from portalwatch.simulator.simulator import Simulator
from storage.canonical import format_article


@pytest.fixture(scope="module")
def sim():
    return Simulator()  # not started: pages are rendered in-process


def pages(sim, layout_changed=False):
    for runtime in sim.runtimes.values():
        for article in runtime.state.listing():
            html = runtime.platform.article_page(article)
            if layout_changed:
                html = runtime.platform.changed_layout(html)
            yield runtime.spec, article, html


def text_of(extraction):
    assert extraction.ok, f"missing {extraction.missing}"
    return format_article(extraction.article)


@pytest.mark.parametrize("layout_changed", [False, True], ids=["layout", "changed-layout"])
def test_platform_extractors_give_the_truth(sim, layout_changed):
    readers = {}
    for spec, article, html in pages(sim, layout_changed):
        reader = readers.setdefault(spec.platform, PageReader(spec.platform))
        extraction = reader.read(html)
        assert text_of(extraction) == truth_text(article, spec), (spec.name, article.title)
        # A renamed layout is read by the generic fallback, and says so.
        assert bool(extraction.fell_back) == layout_changed


@pytest.mark.parametrize("layout_changed", [False, True], ids=["layout", "changed-layout"])
def test_generic_extractor_gives_the_truth(sim, layout_changed):
    for spec, article, html in pages(sim, layout_changed):
        assert text_of(extract_generic_html(html)) == truth_text(article, spec), (spec.name, article.title)


def test_a_page_without_an_article_names_what_is_missing():
    extraction = PageReader("liferay").read("<html><body><h1>Liên hệ</h1><p>Địa chỉ</p></body></html>")
    assert not extraction.ok and "date" in extraction.missing
    assert not extract_generic_html("").ok


@pytest.mark.parametrize("declare", [False, True], ids=["no-charset-anywhere", "meta-windows-1258"])
def test_windows_1258_page_without_charset_header_decodes_to_nfc(declare):
    page = "<html><head><meta charset=utf-8></head><body><p>Ủy ban nhân dân quận Hoàn Kiếm</p></body></html>"
    body = to_cp1258(page, declare)  # tones as combining marks after their letters
    request = Request("http://portal.example/a")
    response = HtmlResponse(request.url, body=body, headers={"Content-Type": "text/html"}, request=request)
    decoded = LegacyCharsetMiddleware().process_response(request, response)
    assert decoded.encoding in ("cp1258", "windows-1258")
    lines = text.element_lines(text.parse_html(decoded.text))
    assert lines == ["Ủy ban nhân dân quận Hoàn Kiếm"]  # NFC, byte for byte


def test_a_charset_in_the_header_is_trusted():
    request = Request("http://portal.example/a")
    response = HtmlResponse(request.url, body="<p>Hà Nội</p>".encode("utf-8"),
                            headers={"Content-Type": "text/html; charset=utf-8"}, request=request)
    assert LegacyCharsetMiddleware().process_response(request, response) is response


def test_error_kinds():
    from scrapy.exceptions import DownloadCancelledError, IgnoreRequest
    from twisted.internet.error import TimeoutError as TxTimeout

    assert error_kind(IgnoreRequest("max redirections reached")) == "redirect_loop"
    assert error_kind(IgnoreRequest("offsite redirect to offsite.invalid")) == "offsite_redirect"
    assert error_kind(IgnoreRequest("Forbidden by robots.txt")) == "robots_forbidden"
    assert error_kind(DownloadCancelledError("too big")) == "too_large"
    assert error_kind(TxTimeout()) == "timeout"


def test_a_sites_selectors_override_its_platforms(sim):
    """A redesigned portal is fixed in the registry, not in code: give the new classes."""
    runtime = sim.site("thanhtri")
    article = runtime.state.listing()[0]
    html = runtime.platform.changed_layout(runtime.platform.article_page(article))
    selectors = {"article": {"root": ".chi-tiet-tin", "title": ".tieu-de-tin", "body": ".noi-dung-bai-viet",
                             "category": ".tieu-de-khoi-text"}}
    extraction = PageReader("liferay", selectors).read(html)
    assert extraction.ok and not extraction.fell_back
    assert format_article(extraction.article) == truth_text(article, runtime.spec)
