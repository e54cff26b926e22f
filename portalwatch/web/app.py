"""The web application: pages, feeds, API and static files over one store."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response
from starlette.routing import Mount
from starlette.staticfiles import StaticFiles

from crawler.registry import Registry
from portalwatch.web import api, pages
from portalwatch.web.access import BearerTokenMiddleware
from portalwatch.web.redact import Redactor
from storage.store import Store

STATIC = Path(__file__).parent / "static"


async def _http_error(request: Request, exc: HTTPException) -> Response:
    if request.url.path.startswith("/api/"):
        return api.UnicodeJSON({"error": exc.detail}, status_code=exc.status_code)
    return PlainTextResponse(str(exc.detail), status_code=exc.status_code)


def create_app(store: Store, registry: Registry | None = None, token: str | None = None,
               env: Mapping[str, str] | None = None) -> Starlette:
    """Only GET (and HEAD) routes exist: nothing here writes to the store. ``env``: the
    settings' PORTALWATCH_* variables, whose secrets no page or answer shows."""
    middleware = [Middleware(BearerTokenMiddleware, token=token)] if token else []
    app = Starlette(routes=[*pages.ROUTES, *api.ROUTES, Mount("/static", StaticFiles(directory=STATIC), name="static")],
                    middleware=middleware, exception_handlers={HTTPException: _http_error})
    app.state.store = store
    app.state.registry = registry or Registry(sites=())
    app.state.redact = Redactor(env or {})
    return app
