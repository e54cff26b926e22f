"""Dates typed on the command line: one parser, one message for every command."""

from __future__ import annotations

from datetime import date

from storage.errors import UsageError


def parse_date(value: str | None, option: str) -> date | None:
    """YYYY-MM-DD (or None when the option was not given); a usage error naming the option otherwise."""
    if value is None:
        return None
    try:
        return date.fromisoformat(value.strip())
    except ValueError:
        raise UsageError(f"{option} takes a date as YYYY-MM-DD, not {value!r}.") from None
