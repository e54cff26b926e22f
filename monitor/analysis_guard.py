"""Limits on analysing one article, so that one article cannot stall the others.

A body over ANALYSIS_MAX_CHARS is stored whole but analysed on its first part
only, and the facts say so (``note``). An article whose analysis raises or runs
past ANALYSIS_TIMEOUT_SECONDS is marked analysed, with its reason and no facts:
it is not tried again before the rest, nor by every later command, until a new
version of it is stored.
"""

from __future__ import annotations

import signal
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TypeVar

from monitor.detect import ArticleFacts, extract_facts
from storage import findings
from storage.canonical import CanonicalArticle, parse_article
from storage.settings import ANALYSIS_TIMEOUT_SECONDS
from storage.store import Store

ANALYSIS_MAX_CHARS = 1_000_000
T = TypeVar("T")


class AnalysisTimeout(BaseException):
    """Not an Exception: code under the limit that catches every Exception (a
    detector's fallback, say) must not swallow it."""


def analysable(text: str, max_chars: int = ANALYSIS_MAX_CHARS) -> tuple[CanonicalArticle, str | None]:
    """The article to analyse and, when it was cut to its first ``max_chars``
    characters (at a word), the note that says so."""
    article = parse_article(text)
    total = sum(len(p) for p in article.paragraphs)
    if total <= max_chars:
        return article, None
    kept: list[str] = []
    size = 0
    for paragraph in article.paragraphs:
        if size + len(paragraph) > max_chars:
            head = paragraph[:max_chars - size].rsplit(" ", 1)[0]
            if head:
                kept.append(head)
                size += len(head)
            break
        kept.append(paragraph)
        size += len(paragraph)
    note = f"body of {total:,} characters: analysed its first {size:,} only (limit {max_chars:,})"
    return article.with_paragraphs(tuple(kept)), note


@contextmanager
def _time_limit(seconds: float) -> Iterator[None]:
    """SIGALRM in the main thread (the CLI's commands); elsewhere (the daemon's
    threads) no alarm can interrupt Python code, and the size cap is the bound."""
    if threading.current_thread() is not threading.main_thread() or seconds <= 0:
        yield
        return

    def expire(_signum, _frame) -> None:
        raise AnalysisTimeout(f"analysis ran past {seconds:g} s")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def read_facts(text: str, district_hint: str | None,
               timeout_seconds: float = ANALYSIS_TIMEOUT_SECONDS) -> tuple[ArticleFacts, str | None]:
    """The detectors' facts of a stored text (its first part when it is huge) and the
    note saying so. Only the detectors run under the time limit: an alarm must never
    land inside a database call."""
    article, note = analysable(text)
    with _time_limit(timeout_seconds):
        return extract_facts(article, district_hint=district_hint), note


def guarded(store: Store, article_id: int, analyse: Callable[[], T]) -> T | None:
    """``analyse()``, or None after marking the article skipped when it fails (its
    detectors raised or ran past the time limit). Races between processes
    (IntegrityError) and a database away (OperationalError) are the caller's, so
    they pass through."""
    from sqlalchemy.exc import IntegrityError, OperationalError

    try:
        return analyse()
    except (IntegrityError, OperationalError):
        raise
    except (Exception, AnalysisTimeout) as exc:  # noqa: BLE001 - one bad article must not stop the others
        reason = f"{type(exc).__name__}: {exc}"[:500]
        mark_skipped(store, article_id, reason)
        return None


def mark_skipped(store: Store, article_id: int, reason: str) -> None:
    """Marks the article's current version analysed, with no facts and the reason."""
    import logging

    if not findings.mark_skipped(store, article_id, reason):
        return
    logging.getLogger("portalwatch.events").warning(
        "article %s not analysed (%s); skipped until a new version of it is stored", article_id, reason)
