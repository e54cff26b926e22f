"""An event as a JSON document (SPEC "Events"): what `portalwatch events --json`
prints, what an alert carries and what the web view's API serves.

A format of its own, below both the analysis pass that creates events and the
channels that deliver them, so neither has to import the other; on the bottom
floor because the outbox's rows (storage.outbox_rows) carry it to the channels.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Row

from storage.models import Event


def event_json(event: Event | Row) -> dict[str, Any]:
    """An event, or a row of its columns id, type, district, detected_at, article_urls, payload."""
    return {"id": event.id, "type": event.type, "district": event.district,
            "detected_at": event.detected_at.strftime("%Y-%m-%dT%H:%M:%SZ"),
            "article_urls": list(event.article_urls), **event.payload}
