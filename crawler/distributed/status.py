"""What `portalwatch status` says of the workers: who is alive, what waits."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from crawler.distributed.backlog import redis_errors
from crawler.distributed.keys import Keys, connect


def workers_status(redis_url: str, site_names: Iterable[str], keys: Keys | None = None) -> dict[str, Any]:
    from redis.connection import parse_url

    keys = keys or Keys()
    where = parse_url(redis_url)
    shown = f"redis://{where.get('host', 'localhost')}:{where.get('port', 6379)}/{where.get('db', 0)}"
    server = connect(redis_url)
    try:
        prefix = keys.worker("")
        alive = sorted(k.decode()[len(prefix):] for k in server.scan_iter(match=keys.worker("*"), count=500))
        pipe = server.pipeline(transaction=False)
        names = list(site_names)
        for name in names:
            pipe.llen(keys.jobs(name))
            pipe.zcard(keys.requests(name))
            pipe.hlen(keys.held(name))
        counts = pipe.execute()
    except redis_errors() as exc:
        return {"redis": shown, "reachable": False, "error": str(exc), "alive": [], "queues": {}}
    queues = {name: {"runs_waiting": counts[3 * i], "requests_queued": counts[3 * i + 1],
                     "held": counts[3 * i + 2]}
              for i, name in enumerate(names) if any(counts[3 * i:3 * i + 3])}
    return {"redis": shown, "reachable": True, "alive": alive, "queues": queues}
