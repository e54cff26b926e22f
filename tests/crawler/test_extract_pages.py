"""The generic reader on article pages of the platforms Vietnamese government portals run.

Each case is a directory of tests/data/extract/: ``page.html`` (written for
these tests after the structure of the platform's real pages) and
``expected.json``: title, published (YYYY-MM-DDTHH:MM), first and last
paragraph, paragraph count, optionally views, the list page's ``hints``, texts
that must not be in the body (furniture, related news, metadata) and texts that
must (words split across inline tags read whole).
"""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path

import pytest

from crawler.extract import PageHints, PageReader

CASES = Path(__file__).resolve().parents[1] / "data" / "extract"


def case_dirs() -> list[Path]:
    return sorted(p for p in CASES.iterdir() if (p / "expected.json").is_file())


def hints_of(expected: dict) -> PageHints | None:
    given = expected.get("hints")
    if not given:
        return None
    published = given.get("published")
    return PageHints(title=given.get("title"), url=given.get("url"),
                     published=datetime.fromisoformat(published) if published else None)


@pytest.mark.parametrize("case", case_dirs(), ids=lambda p: p.name)
def test_generic_reader_reads_the_page(case: Path):
    expected = json.loads((case / "expected.json").read_text(encoding="utf-8"))
    html = (case / "page.html").read_text(encoding="utf-8")
    extraction = PageReader("generic").read(html, hints_of(expected))
    assert extraction.ok, f"missing {extraction.missing}"
    article = extraction.article
    assert article.title == expected["title"]
    assert article.published_iso == expected["published"]
    if "views" in expected:
        assert article.views == expected["views"]
    if "category" in expected:
        assert article.category == expected["category"]
    paragraphs = article.paragraphs
    assert paragraphs[0] == expected["first_paragraph"]
    assert paragraphs[-1] == expected["last_paragraph"]
    assert len(paragraphs) == expected["paragraphs"], paragraphs
    body = "\n".join(paragraphs)
    for furniture in expected["not_in_body"]:
        assert furniture not in body, furniture
    for words in expected.get("body_contains", ()):
        assert words in body, words


def test_every_platform_has_a_case():
    names = " ".join(p.name for p in case_dirs())
    for platform in ("drupal", "wordpress", "joomla", "dnn", "webforms", "liferay62", "liferay7", "vnpt",
                     "viettel"):
        assert platform in names, platform
