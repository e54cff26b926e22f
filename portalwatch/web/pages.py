"""The HTML pages: events, roster, person, article, sites; and the Atom feeds."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from markupsafe import Markup
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route
from starlette.templating import Jinja2Templates

from portalwatch.web import labels
from portalwatch.web.article_view import article_view
from portalwatch.web.event_queries import EventsView, event_page, events_view, stored_article_ids
from portalwatch.web.evidence import evidence_of, key_words, mark
from portalwatch.web.feeds import events_feed
from portalwatch.web.params import event_filter, paging
from portalwatch.web.roster_view import all_places, person_posts, roster_of
from portalwatch.web.sites_view import recent_runs, site_status
from portalwatch.web.summary import confidence_of, event_title
from portalwatch.web.timeline import Bar, ChangePoint, SideMark, Span, timeline_svg

templates = Jinja2Templates(directory=str(Path(__file__).parent / "templates"))
templates.env.globals.update(labels=labels, post=labels.post, label=labels.label)
templates.env.filters["day"] = lambda value: value.strftime("%d/%m/%Y") if value else ""
templates.env.filters["moment"] = lambda value: value.strftime("%d/%m/%Y %H:%M") if value else ""
FEED_SIZE = 50


def _render(request: Request, name: str, **context: Any) -> Response:
    # Pages link to hundreds of stored articles: one url_for, then a prefix.
    articles = str(request.url_for("article", article_id=0))[:-1]
    return templates.TemplateResponse(request, name, {"articles": articles, "redact": request.app.state.redact,
                                                      **context})


def home(request: Request) -> Response:
    return RedirectResponse(request.url_for("events"), status_code=302)


def _event_views(view: EventsView) -> list[dict[str, Any]]:
    out = []
    for event in view.page.events:
        words = key_words(event)
        out.append({"event": event, "title": event_title(event), "confidence": confidence_of(event),
                    "evidence": [(mark(e.text, words), e.url, view.stored.get(e.url or "")) for e in evidence_of(event)],
                    "links": [(url, view.stored.get(url)) for url in event["article_urls"]],
                    "deliveries": view.deliveries.get(event["id"], [])})
    return out


def events(request: Request) -> Response:
    wanted = event_filter(request)
    page = paging(request, 50)
    view = events_view(request.app.state.store, wanted, limit=page.limit, offset=page.offset)
    found = view.page
    following = (str(request.url.include_query_params(offset=page.offset + page.limit))
                 if page.offset + page.limit < found.total else None)
    previous = (str(request.url.include_query_params(offset=max(page.offset - page.limit, 0)))
                if page.offset else None)
    feed = request.url_for("feed").include_query_params(
        **{k: v for k, v in (("type", wanted.type_), ("place", wanted.place)) if v})
    return _render(request, "events.html", wanted=wanted, found=found, views=_event_views(view),
                   places=view.places, following=following, previous=previous, feed=str(feed))


def _timelines(request: Request, histories: list) -> list[tuple[Any, Markup]]:
    dates = [d for h in histories for d in
             [t.first_seen.date() for t in h.tenures] + [t.last_seen.date() for t in h.tenures]
             + [m.published.date() for m in h.apart]]
    if not dates:
        return []
    span = Span.around(dates)

    def person(name: str) -> str:
        return str(request.url_for("person").include_query_params(name=name))

    out = []
    for history in histories:
        bars = [Bar(t.name, t.first_seen.date(), t.last_seen.date(), person(t.name)) for t in history.tenures]
        changes = [ChangePoint(c.new.first_seen.date(), c.old.name if c.old else None, c.new.name)
                   for c in history.changes]
        side = [SideMark(m.published.date(), m.name, m.qualifier, person(m.name)) for m in history.apart]
        out.append((history, timeline_svg(labels.post(history.post), bars, changes, side, span)))
    return out


def roster(request: Request) -> Response:
    store = request.app.state.store
    typed = request.query_params.get("place", "").strip()
    if not typed:
        return _render(request, "places.html", places=all_places(store))
    shown = [(place, _timelines(request, histories)) for place, histories in roster_of(store, typed)]
    return _render(request, "roster.html", typed=typed, shown=shown)


def person(request: Request) -> Response:
    typed = request.query_params.get("name", "").strip()
    names, posts = person_posts(request.app.state.store, typed) if typed else ([], [])
    return _render(request, "person.html", typed=typed, names=names, posts=posts)


def article(request: Request) -> Response:
    view = article_view(request.app.state.store, request.path_params["article_id"])
    if view is None:
        raise HTTPException(404, "Không có bài viết này.")
    return _render(request, "article.html", view=view)


def sites(request: Request) -> Response:
    store = request.app.state.store
    found, outbox = site_status(store, request.app.state.registry, request.app.state.redact)
    runs = recent_runs(store, [site["site"] for site in found], request.app.state.redact)
    return _render(request, "sites.html", sites=found, outbox=outbox, runs=runs)


def feed(request: Request) -> Response:
    wanted = event_filter(request)
    found = event_page(request.app.state.store, wanted, limit=FEED_SIZE)
    what = [labels.label(labels.EVENT_TYPES, wanted.type_) if wanted.type_ else "Mọi sự kiện"]
    if wanted.place:
        what.append(wanted.place)
    page_url = request.url_for("events").include_query_params(**dict(request.query_params))
    body = events_feed(found.events, title="portalwatch – " + " – ".join(what), self_url=str(request.url),
                       page_url=str(page_url), base_url=str(request.base_url),
                       stored=stored_article_ids(request.app.state.store,
                                                 [u for e in found.events for u in e["article_urls"]]))
    return Response(body, media_type="application/atom+xml; charset=utf-8")



ROUTES = [
    Route("/", home, name="home"),
    Route("/events", events, name="events"),
    Route("/roster", roster, name="roster"),
    Route("/person", person, name="person"),
    Route("/articles/{article_id:int}", article, name="article"),
    Route("/sites", sites, name="sites"),
    Route("/feeds/events.atom", feed, name="feed"),
]
