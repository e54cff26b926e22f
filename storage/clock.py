"""The one clock every timestamp column is written with."""

from __future__ import annotations

from datetime import datetime, timezone


def utcnow() -> datetime:
    """Naive UTC: one convention for every timestamp column, on SQLite and PostgreSQL."""
    return datetime.now(timezone.utc).replace(tzinfo=None)
