"""Where the distributed crawl keeps things in Redis, and how to reach it."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from storage.settings import env_int

URL_ENV = "PORTALWATCH_REDIS_URL"
PREFIX_ENV = "PORTALWATCH_REDIS_PREFIX"
RUN_TTL_ENV = "PORTALWATCH_REDIS_RUN_TTL_SECONDS"
LEASE_ENV = "PORTALWATCH_REDIS_LEASE_SECONDS"
DEFAULT_RUN_TTL = 2 * 24 * 3600  # longer than any crawl; then a run's keys clean themselves up
# A worker renews the leases of what it holds every third of this; work held by
# a worker that died goes back to the queue this long after its last renewal.
DEFAULT_LEASE = 120


def connect(url: str) -> Any:
    """A client with short timeouts: a worker calls Redis from Scrapy's reactor
    thread, so a hung Redis must cost seconds, not the library's default half minute."""
    import redis

    return redis.Redis.from_url(url, socket_connect_timeout=3, socket_timeout=5, health_check_interval=15)


@dataclass(frozen=True)
class Keys:
    prefix: str = "portalwatch"
    run_ttl: int = DEFAULT_RUN_TTL
    lease: int = DEFAULT_LEASE

    @classmethod
    def from_env(cls, env: Mapping[str, str]) -> Keys:
        """From the process's settings (storage.settings.Settings.env)."""
        return cls(env.get(PREFIX_ENV, "").strip() or "portalwatch",
                   env_int(env, RUN_TTL_ENV, DEFAULT_RUN_TTL, 60),
                   env_int(env, LEASE_ENV, DEFAULT_LEASE, 1))

    def jobs(self, site: str) -> str:
        """List of the site's runs waiting for a worker (JSON, oldest first)."""
        return f"{self.prefix}:jobs:{site}"

    def requests(self, site: str) -> str:
        """The site's shared request queue (scrapy-redis priority queue)."""
        return f"{self.prefix}:requests:{site}"

    def held(self, site: str) -> str:
        """Hash of the site's requests and jobs taken by a worker, with the deadline
        after which they go back (the worker died, or lost Redis's answer)."""
        return f"{self.prefix}:held:{site}"

    def worker(self, worker_id: str) -> str:
        """Set by each live worker every few seconds, expiring soon after it stops."""
        return f"{self.prefix}:worker:{worker_id}"

    def run(self, run_id: int) -> str:
        """Hash: site, kind, since, started_at and, once given up, closed."""
        return f"{self.prefix}:run:{run_id}"

    def seen(self, run_id: int) -> str:
        """Fingerprints of the run's requests (hash: fingerprint -> enqueue call): one fetch per URL across workers, and
        kept apart from the next run, which must see the same list pages again."""
        return f"{self.prefix}:run:{run_id}:seen"

    def live(self, run_id: int) -> str:
        """Tokens of the run's requests and items not yet done; empty: the run is over."""
        return f"{self.prefix}:run:{run_id}:live"

    def stats(self, run_id: int) -> str:
        """Hash of the run's counters, summed over the workers."""
        return f"{self.prefix}:run:{run_id}:stats"

    def finisher(self, run_id: int) -> str:
        """Taken (SET NX) by the one worker that records the run's end."""
        return f"{self.prefix}:run:{run_id}:finisher"
