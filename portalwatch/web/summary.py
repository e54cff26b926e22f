"""An event in one line of Vietnamese, and its confidence when it has one."""

from __future__ import annotations

from typing import Any

from portalwatch.web.labels import HEALTH, PROBLEMS, label, post


def event_title(event: dict[str, Any]) -> str:
    place = event.get("district") or "?"
    if event["type"] == "signing":
        signing = event.get("signing") or {}
        when = signing.get("period") or signing.get("event_date") or ""
        return f"Ký kết chương trình phối hợp {when} – {place}".replace("  ", " ")
    if event["type"] == "leadership_change":
        old = (event.get("old_holder") or {}).get("name")
        new = (event.get("new_holder") or {}).get("name") or "?"
        change = f"{old} → {new}" if old else f"{new} (mới)"
        return f"{post(event.get('post') or '')} {event.get('place') or place}: {change}"
    if event["type"] == "site_health":
        return (f"Trang {event.get('site')}: {label(PROBLEMS, event.get('problem'))} "
                f"({label(HEALTH, event.get('state'))})")
    return f"{event['type']} – {place}"


def confidence_of(event: dict[str, Any]) -> float | None:
    """The detectors' confidence in [0, 1], when the event carries one."""
    value = event.get("confidence")
    if isinstance(value, (int, float)) and not isinstance(value, bool) and 0 <= value <= 1:
        return float(value)
    return None
