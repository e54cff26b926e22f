"""The HTTP control API under /_sim/ on every site: the Python API over HTTP.

Requests take JSON bodies; ``site`` defaults to the site whose port was called.
Answers are JSON (truth of one URL: text/plain). Never logged, never faulted.

    GET    /_sim/sites                      {"site": "http://127.0.0.1:PORT", ...}
    GET    /_sim/registry[?generic=1]       registry YAML
    GET    /_sim/articles[?site=S]          [{"url", "site", "title", "category", "kind", "published", "facts"}]
    GET    /_sim/truth?url=URL              canonical text (text/plain)
    GET    /_sim/truth[?site=S]             {"url": "canonical text", ...}
    POST   /_sim/publish                    {"site"?, "title"?, "paragraphs"?, "category"?, "byline"?, "sapo"?}
                                            -> {"url": ...}
    POST   /_sim/edit                       {"url", "title"?, "paragraphs"?, "append"?, "views"?}
    POST   /_sim/delete                     {"url", "status"?: 410|404}
    POST   /_sim/delay                      {"seconds", "site"?: name or "*"}
    GET    /_sim/faults                     [{"site", "id", "kind", "path", "params", "times", "hits"}]
    POST   /_sim/faults                     {"path", "kind", "times"?, "params"?: {...}} -> {"id": N}
    DELETE /_sim/faults[?id=N]              clears this site's faults (or one) -> {"cleared": N}
    GET    /_sim/log                        per site: total, by_method, by_kind, by_path
    DELETE /_sim/log                        empties the request log
"""

from __future__ import annotations

import json
from datetime import datetime
from typing import TYPE_CHECKING
from urllib.parse import parse_qsl

if TYPE_CHECKING:
    from portalwatch.simulator.simulator import SiteRuntime

JSON = "application/json; charset=utf-8"
Answer = tuple[int, str, bytes]


def _json(data, status: int = 200) -> Answer:
    return status, JSON, json.dumps(data, ensure_ascii=False, default=str).encode("utf-8")


def _error(status: int, message: str) -> Answer:
    return _json({"error": message}, status)


def handle(runtime: SiteRuntime, method: str, path: str, query: str, body: bytes) -> Answer:
    sim = runtime.simulator
    params = dict(parse_qsl(query))
    try:
        data = json.loads(body.decode("utf-8")) if body.strip() else {}
    except (UnicodeDecodeError, json.JSONDecodeError):
        return _error(400, "the body is not JSON")
    site = data.pop("site", None) or params.get("site") or runtime.spec.name
    route = (method if method != "HEAD" else "GET", path.rstrip("/"))
    try:
        if route == ("GET", "/_sim/sites"):
            return _json(sim.urls)
        if route == ("GET", "/_sim/registry"):
            generic = params.get("generic", "") not in ("", "0", "false")
            return 200, "text/yaml; charset=utf-8", sim.registry_yaml(generic=generic).encode("utf-8")
        if route == ("GET", "/_sim/articles"):
            return _json([{"url": sim.url_of(a), "site": a.site, "title": a.title, "category": a.category,
                           "kind": a.kind, "published": a.published.isoformat(), "version": a.version,
                           "facts": a.facts} for a in sim.articles(params.get("site"))])
        if route == ("GET", "/_sim/truth"):
            if "url" in params:
                return 200, "text/plain; charset=utf-8", sim.truth(params["url"]).encode("utf-8")
            return _json(sim.truths(params.get("site")))
        if route == ("POST", "/_sim/publish"):
            if "published" in data:
                data["published"] = datetime.fromisoformat(data["published"])
            return _json({"url": sim.publish(site, **data)}, 201)
        if route == ("POST", "/_sim/edit"):
            return _json({"url": sim.edit(data.pop("url"), **data)})
        if route == ("POST", "/_sim/delete"):
            sim.delete(data["url"], int(data.get("status", 410)))
            return _json({"deleted": data["url"]})
        if route == ("POST", "/_sim/delay"):
            sim.set_delay(None if site == "*" else site, float(data["seconds"]))
            return _json({"delay": float(data["seconds"])})
        if route == ("GET", "/_sim/faults"):
            return _json(sim.faults(params.get("site")))
        if route == ("POST", "/_sim/faults"):
            fault = sim.inject(site, data["path"], data["kind"], times=data.get("times"),
                               **(data.get("params") or {}))
            return _json({"id": fault.id, "site": site}, 201)
        if route == ("DELETE", "/_sim/faults"):
            fault_id = int(params["id"]) if "id" in params else None
            return _json({"cleared": sim.clear_faults(site, fault_id)})
        if route == ("GET", "/_sim/log"):
            return _json(sim.log.summary())
        if route == ("DELETE", "/_sim/log"):
            sim.reset_log()
            return _json({"cleared": True})
    except KeyError as exc:
        return _error(404 if route[0] != "POST" else 400, str(exc.args[0] if exc.args else exc))
    except (TypeError, ValueError) as exc:
        return _error(400, str(exc))
    return _error(404, f"no control endpoint {method} {path}")
