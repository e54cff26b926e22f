"""A real headless Chromium reads the pages served over a store crawled from the simulator.

Needs Debian's chromium (``apt-get install -y chromium chromium-driver``) and the
``playwright`` package; no ``playwright install``. With PORTALWATCH_SCREENSHOTS=DIR
the three main pages are also saved there (docs/screenshots/ holds them).
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync"]


@pytest.fixture(scope="module")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.skip("Chromium is not installed (apt-get install -y chromium chromium-driver)")
    sync_api = pytest.importorskip("playwright.sync_api", reason="the playwright package is not installed")
    with sync_api.sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser, web_server):
    context = browser.new_context(viewport={"width": 1200, "height": 900}, locale="vi-VN",
                                  java_script_enabled=False)  # the pages must work without it
    page = context.new_page()
    outside: list[str] = []
    page.on("request", lambda r: None if r.url.startswith(web_server.url) else outside.append(r.url))
    yield page
    context.close()
    assert outside == [], f"the page fetched from elsewhere: {outside}"


def _screenshot(page, name: str, full_page: bool = False) -> None:
    folder = os.environ.get("PORTALWATCH_SCREENSHOTS")
    if folder:
        page.screenshot(path=str(Path(folder) / f"{name}.png"), full_page=full_page)


def _filter_events(page, web_server, *, type_: str = "", place: str = "") -> list[str]:
    page.goto(web_server.url + "events")
    page.select_option("select[name=type]", type_)
    page.fill("input[name=place]", place)
    page.click("button[type=submit]")
    return [item.get_attribute("id") for item in page.locator("li.event").all()]


def test_events_page_lists_a_signing_with_its_evidence(page, web_server):
    ids = _filter_events(page, web_server, type_="signing")
    assert ids and "type=signing" in page.url
    signing = page.locator("li.event-signing").filter(has_text="Thanh Trì").first
    assert "Ký kết chương trình phối hợp" in signing.locator("h2").inner_text()
    evidence = signing.locator(".evidence blockquote").first
    assert "ký kết chương trình phối hợp" in evidence.inner_text()
    assert "ký kết" in [m.inner_text() for m in evidence.locator("mark").all()]
    assert signing.locator("a.portal").first.get_attribute("href").startswith("http://127.0.0.1")
    signing.locator("a.stored").first.click()
    assert "/articles/" in page.url and page.locator("pre.canonical").inner_text().strip()
    _filter_events(page, web_server)
    _screenshot(page, "events")


def test_roster_of_thanh_tri_shows_the_hdnd_chair_change(page, web_server):
    page.goto(web_server.url + "roster")
    page.fill("input[name=place]", "thanh tri")
    page.click("button[type=submit]")
    chair = page.locator("#post-hdnd_chair")
    assert chair.locator("h3").inner_text() == "Chủ tịch HĐND"
    names = [t.text_content() for t in chair.locator("svg text.name").all()]
    assert "Trần Văn Khương" in names and "Trần Công Thành" in names
    assert names.index("Trần Văn Khương") < len(names) - 1 - names[::-1].index("Trần Công Thành")
    changes = [t.text_content() for t in chair.locator("svg g.change > title").all()]
    assert any("Trần Văn Khương → Trần Công Thành" in c for c in changes), changes
    assert chair.locator("svg").bounding_box()["width"] > 300  # drawn, not just present
    _screenshot(page, "roster", full_page=True)
    chair.locator("table.holders a", has_text="Trần Công Thành").first.click()
    assert "Trần Công Thành" in page.locator("h1").inner_text()
    assert "Chủ tịch HĐND" in page.locator("table.posts").inner_text()


def test_event_filters_work_with_and_without_diacritics(page, web_server):
    accented = _filter_events(page, web_server, type_="leadership_change", place="Thanh Trì")
    assert accented
    assert all(p == "Thanh Trì" for p in page.locator("li.event .place").all_inner_texts())
    assert _filter_events(page, web_server, type_="leadership_change", place="thanh tri") == accented
    assert _filter_events(page, web_server, type_="leadership_change", place="THANH TRI") == accented
    cau_giay = _filter_events(page, web_server, place="cau giay")
    assert cau_giay and not set(cau_giay) & set(accented)
    assert set(page.locator("li.event .place").all_inner_texts()) == {"Cầu Giấy"}
    assert _filter_events(page, web_server, place="Thanh Trí") == []
    assert "Không có sự kiện nào" in page.locator("main").inner_text()


def test_sites_page_shows_runs_and_health(page, web_server):
    page.goto(web_server.url + "sites")
    text = page.locator("table.sites").inner_text()
    assert "thanhtri" in text and "caugiay" in text and "thành công" in text
    assert "bình thường" in text and "không còn trong danh sách" not in text
    _screenshot(page, "sites")
