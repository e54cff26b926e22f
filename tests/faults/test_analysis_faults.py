"""One huge or slow article must not stall the analysis of the others."""

from __future__ import annotations

import time

import pytest
from sqlalchemy import create_engine, select

from storage.db import sqlalchemy_url
from storage.models import Article
from storage.models_facts import ArticleFacts
from tests.conftest import SEEDS, run_cli

SENTENCE = ("Đồng chí Nguyễn Văn An, Phó Chủ tịch UBND quận Tây Hồ, cùng ông Trần Minh Đức và bà Lê Thị Hoa "
            "dự buổi làm việc về chỉnh trang đô thị tại phường Quảng An. ")


def one_paragraph_article(path, chars: int):
    body = (SENTENCE * (chars // len(SENTENCE) + 1))[:chars].rstrip()
    path.write_text(f"Tin tức\n\nBuổi làm việc rất dài\nNgày đăng 05/03/2025 | 09:00\n\n{body}\n\nVăn phòng quận\n",
                    encoding="utf-8")
    return path


def facts_by_title(db_url: str) -> dict[str, tuple]:
    engine = create_engine(sqlalchemy_url(db_url))
    try:
        with engine.connect() as conn:
            rows = conn.execute(select(Article.title, Article.canonical_text, ArticleFacts.facts,
                                       ArticleFacts.analysed_at)
                                .join(ArticleFacts, ArticleFacts.article_id == Article.id)).all()
    finally:
        engine.dispose()
    return {title: (len(text), facts, at) for title, text, facts, at in rows}


@pytest.mark.slow
def test_a_huge_article_is_stored_whole_and_analysed_on_its_first_megabyte(db_url, tmp_path, fault_row):
    huge = one_paragraph_article(tmp_path / "huge.txt", 7_900_000)
    started = time.monotonic()
    done = run_cli("import", str(huge), db_url=db_url, timeout=600)
    seconds = time.monotonic() - started
    assert done.returncode == 0, done.stderr[-1000:]
    (length, facts, _), = facts_by_title(db_url).values()
    fault_row("import of a 7.9 M-character one-paragraph article", "stored whole, first 1 MB analysed, noted",
              f"import {seconds:.0f} s; {length:,} characters stored; note: {facts.get('note', 'none')}",
              lost=int(length < 7_900_000))
    assert length > 7_900_000, f"{length} characters stored"
    assert "analysed its first 999," in facts["note"] and "body of 7,900," in facts["note"], facts.get("note")
    assert seconds < 120, f"importing a 7.9 M-character article took {seconds:.0f} s"


@pytest.mark.slow
def test_an_article_that_times_out_is_marked_and_not_tried_again(db_url, tmp_path, fault_row):
    slow = one_paragraph_article(tmp_path / "slow.txt", 600_000)
    first = run_cli("import", str(slow), db_url=db_url, env={"PORTALWATCH_ANALYSIS_TIMEOUT_SECONDS": "0.01"})
    marked = facts_by_title(db_url)
    if not marked:
        fault_row("analysis past its timeout", "marked skipped, not tried again by the next command",
                  f"first import exit {first.returncode}, nothing marked: {first.stderr[-200:]}")
    assert first.returncode == 0 and "Traceback" not in first.stderr, first.stderr[-1000:]
    (_, facts, marked_at), = marked.values()
    assert "AnalysisTimeout" in facts["skipped"], facts

    seed = sorted(SEEDS.glob("*.txt"))[0]
    started = time.monotonic()
    second = run_cli("import", str(seed), db_url=db_url)
    seconds = time.monotonic() - started
    assert second.returncode == 0, second.stderr[-1000:]
    after = facts_by_title(db_url)
    fault_row("analysis past its timeout", "marked skipped, not tried again by the next command",
              f"skipped: {facts.get('skipped', '')[:30]}; next import {seconds:.1f} s, re-analysed: "
              f"{after['Buổi làm việc rất dài'][2] != marked_at}")
    assert len(after) == 2, "the next command analysed the new article"
    assert after["Buổi làm việc rất dài"][2] == marked_at, "the marked article was analysed again"
    assert seconds < 30, f"the next import took {seconds:.1f} s"
