"""The OpenAPI 3.1 document of the JSON API (served at /api/openapi.json)."""

from __future__ import annotations

from typing import Any


def _query(name: str, description: str, schema: dict[str, Any]) -> dict[str, Any]:
    return {"name": name, "in": "query", "required": False, "description": description, "schema": schema}


_DATE = {"type": "string", "format": "date"}
_PAGING = [_query("limit", "Items per page (1–500).", {"type": "integer", "minimum": 1, "maximum": 500}),
           _query("offset", "Items skipped before this page.", {"type": "integer", "minimum": 0})]
_PAGE = {"type": "object", "required": ["items", "total", "limit", "offset", "next"], "properties": {
    "items": {"type": "array", "items": {"type": "object"}}, "total": {"type": "integer"},
    "limit": {"type": "integer"}, "offset": {"type": "integer"},
    "next": {"type": ["string", "null"], "description": "URL of the next page, null on the last."}}}
_EVENT = {"type": "object", "required": ["id", "type", "district", "detected_at", "article_urls"],
          "description": "As `portalwatch events --json` prints it (SPEC \"Events, roster\").",
          "properties": {"id": {"type": "string"}, "type": {"enum": ["signing", "leadership_change", "site_health"]},
                         "district": {"type": ["string", "null"]}, "detected_at": {"type": "string"},
                         "article_urls": {"type": "array", "items": {"type": "string"}},
                         "confidence": {"type": "number", "minimum": 0, "maximum": 1}}}
_ROSTER = {"type": "object", "required": ["place", "scope", "post", "holders"],
           "description": "As `portalwatch roster --json` prints it."}


def _ok(description: str, schema: dict[str, Any]) -> dict[str, Any]:
    return {"200": {"description": description, "content": {"application/json": {"schema": schema}}},
            "400": {"description": "A bad parameter; the answer's error says which."},
            "401": {"description": "A token is required and was not given."}}


def _paged(items: dict[str, Any]) -> dict[str, Any]:
    return {"allOf": [_PAGE, {"properties": {"items": {"type": "array", "items": items}}}]}


OPENAPI: dict[str, Any] = {
    "openapi": "3.1.0",
    "info": {"title": "portalwatch", "version": "1",
             "description": "Read-only: events, roster, articles and sites of a portalwatch store."},
    "components": {"securitySchemes": {"bearer": {"type": "http", "scheme": "bearer",
                                                  "description": "PORTALWATCH_WEB_TOKEN; required off loopback."}}},
    "security": [{}, {"bearer": []}],
    "paths": {
        "/api/events": {"get": {
            "summary": "Events, newest first (order=asc: oldest first, as `events --json`).",
            "parameters": [_query("type", "signing, leadership_change or site_health.",
                                  {"enum": ["signing", "leadership_change", "site_health"]}),
                           _query("place", "District or ward, with or without diacritics.", {"type": "string"}),
                           _query("since", "Detected on or after this day.", _DATE),
                           _query("until", "Detected on or before this day.", _DATE),
                           _query("order", "desc (default) or asc.", {"enum": ["asc", "desc"]}), *_PAGING],
            "responses": _ok("A page of events.", _paged(_EVENT))}},
        "/api/roster": {"get": {
            "summary": "Holders of each single-holder post, per place.",
            "parameters": [_query("place", "District or ward, with or without diacritics.", {"type": "string"}),
                           _query("at", "Only who held each post on this day.", _DATE), *_PAGING],
            "responses": _ok("A page of roster entries.", _paged(_ROSTER))}},
        "/api/articles/{article_id}": {"get": {
            "summary": "One stored article as `export --format jsonl` writes it, with versions and near-duplicates.",
            "parameters": [{"name": "article_id", "in": "path", "required": True, "schema": {"type": "integer"}}],
            "responses": {**_ok("The article.", {"type": "object", "required": ["id", "url", "canonical_text",
                                                                                 "versions", "near_duplicates"]}),
                          "404": {"description": "No such article."}}}},
        "/api/sites": {"get": {
            "summary": "Each site's last and next run and health, as `status --json`, and the alert outbox.",
            "parameters": list(_PAGING),
            "responses": _ok("A page of sites, with the outbox.", _paged({"type": "object"}))}},
        "/api/openapi.json": {"get": {"summary": "This document.",
                                      "responses": {"200": {"description": "OpenAPI 3.1"}}}},
    },
}
