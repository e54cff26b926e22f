"""An event as a JSON document (SPEC "Events"): what `portalwatch events --json`
prints, what an alert carries and what the web view's API serves; and a roster
holder as `portalwatch roster --json` prints it.

A format of its own, below both the analysis pass that creates events and the
channels that deliver them, so neither has to import the other; on the bottom
floor because the outbox's rows (storage.outbox_rows) carry it to the channels.

Both are also stored ready to print (``events.document`` and ``events.headline``,
``roster_tenures.document``, migration 0007): a listing of every event at a million articles spent most of its
time decoding payloads and encoding them again, a few megabytes of URL lists.
"""

from __future__ import annotations

import json
from datetime import datetime
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # storage.models registers event_text on Event's writes: no import back at run time
    from sqlalchemy import Row

    from storage.models import Event


def detected_text(detected_at: datetime) -> str:
    """An event's ``detected_at`` as its document gives it."""
    return detected_at.strftime("%Y-%m-%dT%H:%M:%SZ")


def event_json(event: Event | Row) -> dict[str, Any]:
    """An event, or a row of its columns id, type, district, detected_at, article_urls, payload."""
    return {"id": event.id, "type": event.type, "district": event.district,
            "detected_at": detected_text(event.detected_at),
            "article_urls": list(event.article_urls), **event.payload}


def document_text(document: dict[str, Any]) -> str:
    """One line of `--json`: the encoding the commands have always printed (UTF-8 kept, json's
    separators), so a stored document prints byte for byte what encoding the dict would."""
    return json.dumps(document, ensure_ascii=False)


def event_text(event: Event | Row) -> str:
    """``event_json`` as its stored, ready-to-print line."""
    return document_text(event_json(event))


# What a headline leaves out of a signing's or a change's document (and of each holder in it).
_BULK = ("article_urls", "evidence")


def event_headline(document: dict[str, Any]) -> dict[str, Any]:
    """An event's document without its URL lists and evidence (the bulk of a change's), which
    `events` without --json does not print; any other type of event whole."""
    if document["type"] not in ("signing", "leadership_change"):
        return document
    out = {k: v for k, v in document.items() if k not in _BULK}
    for part in ("old_holder", "new_holder", "signing"):
        if isinstance(out.get(part), dict):  # whatever a writer put there is kept, only these are cut
            out[part] = {k: v for k, v in out[part].items() if k not in _BULK}
    return out


def fill_event_document(_mapper, _connection, event: Event) -> None:
    """Mapper hook (before insert and update, storage.models): every ORM write of an event
    rewrites its document and headline, so no writer can leave them behind the columns they are
    made of."""
    document = event_json(event)
    event.document, event.headline = document_text(document), document_text(event_headline(document))


def holder_json(name: str, first_seen: datetime, last_seen: datetime, urls: list[str]) -> dict:
    """One holder as `roster --json` prints it."""
    # date().isoformat() is strftime("%Y-%m-%d") for every year a portal can print, several times faster.
    return {"name": name, "first_seen": first_seen.date().isoformat(),
            "last_seen": last_seen.date().isoformat(), "article_urls": urls}


def roster_text(place: str, scope: str, post: str, holders: list[str]) -> str:
    """One line of `roster --json` from its holders' stored documents (``holder_json`` encoded
    by ``document_text``), without decoding them: the text ``document_text`` gives the entry."""
    head = document_text({"place": place, "scope": scope, "post": post, "holders": []})
    return f"{head[:-2]}{', '.join(holders)}]}}"
