"""`portalwatch events` and `portalwatch roster`: what the detectors established."""

from __future__ import annotations

import json
from datetime import date, datetime

import click

from portalwatch.errors import UsageError


def _date(value: str | None, option: str) -> datetime | None:
    if value is None:
        return None
    try:
        return datetime.combine(date.fromisoformat(value), datetime.min.time())
    except ValueError:
        raise UsageError(f"{option} takes a date as YYYY-MM-DD, not {value!r}.") from None


@click.command("events")
@click.option("--type", "type_", type=click.Choice(["signing", "leadership_change", "site_health"]))
@click.option("--district", help="Only events of this district (any spelling of Ủy/Uỷ, any case).")
@click.option("--since", help="Only events detected on or after YYYY-MM-DD.")
@click.option("--json", "as_json", is_flag=True, help="One JSON object per line.")
@click.pass_obj
def events(app, type_: str | None, district: str | None, since: str | None, as_json: bool) -> None:
    """List stored events, oldest first."""
    from monitor.events import list_events

    for event in list_events(app.store, type_=type_, district=district, since=_date(since, "--since")):
        if as_json:
            click.echo(json.dumps(event, ensure_ascii=False))
        else:
            click.echo(_event_line(event))


def _event_line(event: dict) -> str:
    head = f"{event['detected_at']}  {event['type']:<17} {event['district'] or '-':<14}"
    if event["type"] == "signing":
        s = event["signing"]
        return f"{head} {s['kind']} {s.get('period') or ''} signed {s.get('event_date') or '?'}: {event['title']}"
    if event["type"] == "leadership_change":
        old = (event.get("old_holder") or {}).get("name") or "?"
        return f"{head} {event['post']} ({event['place']}): {old} -> {event['new_holder']['name']}"
    return f"{head} {json.dumps({k: v for k, v in event.items() if k not in ('id', 'type')}, ensure_ascii=False)}"


@click.command("roster")
@click.option("--district", help="Only posts of this district or ward.")
@click.option("--at", "at", help="Only who held each post on YYYY-MM-DD.")
@click.option("--json", "as_json", is_flag=True, help="One JSON object per line.")
@click.pass_obj
def roster(app, district: str | None, at: str | None, as_json: bool) -> None:
    """Holders of each single-holder post, in order of publication."""
    from monitor.roster_query import roster_entries

    for entry in roster_entries(app.store, district=district, at=_date(at, "--at")):
        if as_json:
            click.echo(json.dumps(entry, ensure_ascii=False))
        else:
            holders = "; ".join(f"{h['name']} ({h['first_seen']} – {h['last_seen']})" for h in entry["holders"])
            click.echo(f"{entry['place']:<14} {entry['post']:<32} {holders}")
