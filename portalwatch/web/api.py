"""The JSON API: the shapes of ``events --json``, ``roster --json``, ``export
--format jsonl`` and ``status --json``, in pages of ``limit`` from ``offset``."""

from __future__ import annotations

from datetime import datetime, time
from typing import Any

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from monitor.roster_query import roster_entries
from portalwatch.web.article_view import article_view, version_json
from portalwatch.web.event_queries import event_page
from portalwatch.web.openapi import OPENAPI
from portalwatch.web.params import bad_request, date_param, event_filter, paging
from portalwatch.web.roster_view import find_places
from portalwatch.web.sites_view import site_status


class UnicodeJSON(JSONResponse):
    media_type = "application/json"

    def render(self, content: Any) -> bytes:
        import json

        return json.dumps(content, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def _paged(request: Request, items: list[Any], total: int, limit: int, offset: int, **extra: Any) -> UnicodeJSON:
    following = None
    if offset + limit < total:
        following = str(request.url.include_query_params(limit=limit, offset=offset + limit))
    return UnicodeJSON({"items": items, "total": total, "limit": limit, "offset": offset, "next": following,
                        **extra})


def api_events(request: Request) -> UnicodeJSON:
    order = request.query_params.get("order", "desc")
    if order not in ("asc", "desc"):
        raise bad_request("Tham số order là asc hoặc desc.")
    page = paging(request, 50)
    found = event_page(request.app.state.store, event_filter(request), limit=page.limit, offset=page.offset,
                       newest_first=order == "desc")
    return _paged(request, found.events, found.total, page.limit, page.offset)


def api_roster(request: Request) -> UnicodeJSON:
    store = request.app.state.store
    at_day = date_param(request, "at")
    at = datetime.combine(at_day, time.min) if at_day else None
    typed = request.query_params.get("place", "").strip()
    if typed:
        # roster --json's own query for each place the typed name means.
        entries = [e for place in find_places(store, typed)
                   for e in roster_entries(store, district=place.name, at=at) if e["scope"] == place.scope]
    else:
        entries = roster_entries(store, at=at)
    page = paging(request, 100)
    return _paged(request, entries[page.offset:page.offset + page.limit], len(entries), page.limit, page.offset)


def api_article(request: Request) -> UnicodeJSON:
    view = article_view(request.app.state.store, request.path_params["article_id"])
    if view is None:
        raise HTTPException(404, "Không có bài viết này.")
    return UnicodeJSON({**view.record, "versions": [version_json(v) for v in view.versions],
                        "near_duplicates": [{"id": a.id, "title": a.title, "site": a.site,
                                             "published": a.published.strftime("%Y-%m-%dT%H:%M")}
                                            for a in view.group]})


def api_sites(request: Request) -> UnicodeJSON:
    sites, outbox = site_status(request.app.state.store, request.app.state.registry, request.app.state.redact)
    page = paging(request, 100)
    return _paged(request, sites[page.offset:page.offset + page.limit], len(sites), page.limit, page.offset,
                  outbox=outbox)


def api_openapi(request: Request) -> UnicodeJSON:
    return UnicodeJSON(OPENAPI)


ROUTES = [
    Route("/api/events", api_events),
    Route("/api/roster", api_roster),
    Route("/api/articles/{article_id:int}", api_article),
    Route("/api/sites", api_sites),
    Route("/api/openapi.json", api_openapi),
]
