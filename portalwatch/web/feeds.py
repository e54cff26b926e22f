"""Atom feeds (RFC 4287) of events: all of them, per type, per place.

Each entry links to the portal article (or, for a site-health event, to the
sites page), its stored copy when there is one, and carries the evidence as
its summary; ``updated`` is the detection time.
"""

from __future__ import annotations

from datetime import datetime, timezone
from typing import Any
from xml.etree import ElementTree as ET

from portalwatch.web.evidence import evidence_of
from portalwatch.web.labels import EVENT_TYPES, label
from portalwatch.web.summary import event_title

ATOM = "http://www.w3.org/2005/Atom"
ET.register_namespace("", ATOM)


def _el(parent: ET.Element, tag: str, text: str | None = None, **attrs: str) -> ET.Element:
    node = ET.SubElement(parent, f"{{{ATOM}}}{tag}", attrs)
    if text is not None:
        node.text = text
    return node


def events_feed(events: list[dict[str, Any]], *, title: str, self_url: str, page_url: str,
                base_url: str, stored: dict[str, int]) -> bytes:
    """The feed document; ``stored`` maps portal URLs to stored article ids."""
    feed = ET.Element(f"{{{ATOM}}}feed", {"{http://www.w3.org/XML/1998/namespace}lang": "vi"})
    _el(feed, "id", self_url)
    _el(feed, "title", title)
    newest = events[0]["detected_at"] if events else datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
    _el(feed, "updated", newest)
    _el(feed, "link", rel="self", type="application/atom+xml", href=self_url)
    _el(feed, "link", rel="alternate", type="text/html", href=page_url)
    author = _el(feed, "author")
    _el(author, "name", "portalwatch")
    _el(feed, "generator", "portalwatch")
    for event in events:
        entry = _el(feed, "entry")
        _el(entry, "id", f"urn:uuid:{event['id']}")
        _el(entry, "title", event_title(event))
        # event_json writes detected_at as RFC 3339 UTC already.
        _el(entry, "updated", event["detected_at"])
        _el(entry, "published", event["detected_at"])
        urls = event.get("article_urls") or []
        _el(entry, "link", rel="alternate", type="text/html", href=urls[0] if urls else f"{base_url}sites")
        for url in urls:
            if url in stored:
                _el(entry, "link", rel="related", type="text/html", href=f"{base_url}articles/{stored[url]}",
                    title="Bản lưu")
        _el(entry, "category", term=event["type"], label=label(EVENT_TYPES, event["type"]))
        summary = " ".join(e.text for e in evidence_of(event))
        if summary:
            _el(entry, "summary", summary)
    return ET.tostring(feed, encoding="utf-8", xml_declaration=True)
