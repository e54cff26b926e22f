"""What the monitor finds, written here: events with their outbox rows in the
same transaction, and an article marked as not analysable. (The analysis pass
of monitor/events.py still writes its own events and facts.)"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from sqlalchemy.orm import Session

from storage import analysis_queue
from storage.clock import utcnow
from storage.models import Article, Event
from storage.models_facts import ArticleFacts
from storage.store import Store


def add_events(store: Store, events: Sequence[dict[str, Any]], queue: Callable[[Session, Event], Any]) -> None:
    """Stores the events (each the columns of an ``events`` row) together;
    ``queue(session, event)`` adds each one's outbox rows (monitor.outbox.enqueue:
    which channels is the monitor's business)."""
    if not events:
        return
    with store.session() as s:
        for columns in events:
            event = Event(**columns)
            s.add(event)
            queue(s, event)


def mark_skipped(store: Store, article_id: int, reason: str) -> bool:
    """Marks the article's current version analysed, with no facts and the reason;
    False when there is no such article."""
    with store.session() as s:
        article = s.get(Article, article_id)
        if article is None:
            return False
        row = s.get(ArticleFacts, article_id) or ArticleFacts(article_id=article_id)
        row.version, row.analysed_at, row.district = article.version, utcnow(), None
        row.facts = {"signing": None, "people": [], "changes": [], "skipped": reason}
        s.add(row)
        analysis_queue.done(s, article_id, article.version)
    return True
