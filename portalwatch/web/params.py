"""Query parameters read once for pages, feeds and the API; a bad one is a 400
with one sentence saying which and why."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from starlette.exceptions import HTTPException
from starlette.requests import Request

from portalwatch.web.event_queries import EVENT_TYPES, EventFilter

MAX_LIMIT = 500


def bad_request(message: str) -> HTTPException:
    return HTTPException(400, message)


def date_param(request: Request, name: str) -> date | None:
    value = request.query_params.get(name, "").strip()
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise bad_request(f"Tham số {name} cần một ngày dạng YYYY-MM-DD, không phải {value!r}.") from None


def event_filter(request: Request) -> EventFilter:
    type_ = request.query_params.get("type", "").strip() or None
    if type_ is not None and type_ not in EVENT_TYPES:
        raise bad_request(f"Loại sự kiện {type_!r} không có; các loại: {', '.join(EVENT_TYPES)}.")
    since, until = date_param(request, "since"), date_param(request, "until")
    if since and until and since > until:
        raise bad_request("Ngày bắt đầu (since) đứng sau ngày kết thúc (until).")
    place = request.query_params.get("place", "").strip() or None
    return EventFilter(type_=type_, place=place, since=since, until=until)


@dataclass(frozen=True)
class Paging:
    limit: int
    offset: int


def paging(request: Request, default_limit: int) -> Paging:
    values = {}
    for name, default in (("limit", default_limit), ("offset", 0)):
        raw = request.query_params.get(name, "").strip() or str(default)
        if not raw.isdigit():
            raise bad_request(f"Tham số {name} cần một số nguyên không âm, không phải {raw!r}.")
        values[name] = int(raw)
    if not 1 <= values["limit"] <= MAX_LIMIT:
        raise bad_request(f"Tham số limit phải từ 1 đến {MAX_LIMIT}.")
    return Paging(values["limit"], values["offset"])
