"""`portalwatch events` and `portalwatch roster`: what the detectors established."""

from __future__ import annotations

import json
from datetime import datetime

import click

from portalwatch.commands.dates import parse_date


def _date(value: str | None, option: str) -> datetime | None:
    day = parse_date(value, option)
    return datetime.combine(day, datetime.min.time()) if day else None


def _nothing(what: str, district: str | None) -> None:
    """An empty answer says so (on stderr: standard output stays the data)."""
    where = f" for the district {district!r}" if district else ""
    click.echo(f"no {what}{where} in the store.", err=True)


@click.command("events")
@click.option("--type", "type_", type=click.Choice(["signing", "leadership_change", "site_health"]))
@click.option("--district", help="Only events of this district (any spelling of Ủy/Uỷ, any case; "
                                   "diacritics may be left out).")
@click.option("--since", help="Only events detected on or after YYYY-MM-DD.")
@click.option("--json", "as_json", is_flag=True, help="One JSON object per line.")
@click.pass_obj
def events(app, type_: str | None, district: str | None, since: str | None, as_json: bool) -> None:
    """List stored events, oldest first."""
    from monitor.events import event_headlines, event_lines

    wanted = {"type_": type_, "district": district, "since": _date(since, "--since")}
    # --json prints the stored documents as they are; the text lines read only what they print.
    found = event_lines(app.existing_store, **wanted) if as_json else event_headlines(app.existing_store, **wanted)
    if not found:
        _nothing("events", district)
    _print(found if as_json else [_event_line(event) for event in found])


def _print(lines: list[str]) -> None:
    """One write for the whole listing: click.echo per line costs more than the query at a large store."""
    if lines:
        click.echo("\n".join(lines))


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
@click.option("--district", help="Only posts of this district or ward (any case; diacritics may be left out).")
@click.option("--at", "at", help="Only who held each post on YYYY-MM-DD.")
@click.option("--json", "as_json", is_flag=True, help="One JSON object per line.")
@click.pass_obj
def roster(app, district: str | None, at: str | None, as_json: bool) -> None:
    """Holders of each single-holder post, in order of publication."""
    from monitor.roster_query import roster_headlines, roster_lines

    wanted = {"district": district, "at": _date(at, "--at")}
    found = roster_lines(app.existing_store, **wanted) if as_json else roster_headlines(app.existing_store, **wanted)
    if not found:
        _nothing("roster entries", district)
    _print(found if as_json else [_roster_line(*entry) for entry in found])


def _roster_line(place: str, _scope: str, post: str, holders: list) -> str:
    text = "; ".join(f"{h.name} ({h.first_seen:%Y-%m-%d} – {h.last_seen:%Y-%m-%d})" for h in holders)
    return f"{place:<14} {post:<32} {text}"
