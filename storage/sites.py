"""Site rows: what the store needs to know of a registry site, and the one way
a site row is created."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Protocol

from sqlalchemy import Connection, insert, select

from storage.clock import utcnow
from storage.models import Site

_SITES = Site.__table__


class SiteSpec(Protocol):
    """A registry site as the store sees it (crawler.registry.Site is one); the
    store takes it from above without importing the registry."""

    @property
    def name(self) -> str: ...
    @property
    def url(self) -> str: ...
    @property
    def district(self) -> str: ...
    @property
    def platform(self) -> str: ...
    @property
    def allowed_domains(self) -> tuple[str, ...]: ...
    @property
    def download_delay(self) -> float | None: ...
    @property
    def alert_backfill(self) -> bool: ...


def _config(site: SiteSpec) -> dict:
    return {"allowed_domains": list(site.allowed_domains), "download_delay": site.download_delay,
            "alert_backfill": site.alert_backfill}


def sync_sites(conn: Connection, sites: Iterable[SiteSpec]) -> None:
    """Registry sites as rows (new ones added, changed ones updated; none removed:
    their articles keep pointing at them)."""
    ids = {name: id_ for name, id_ in conn.execute(select(_SITES.c.name, _SITES.c.id))}
    for site in sites:
        values = dict(url=site.url, district=site.district, platform=site.platform, config=_config(site))
        if site.name in ids:
            conn.execute(_SITES.update().where(_SITES.c.id == ids[site.name]).values(**values))
        else:
            ids[site.name] = conn.execute(insert(_SITES).values(
                name=site.name, created_at=utcnow(), **values)).inserted_primary_key[0]


def site_id(conn: Connection, name: str, district: str | None = None) -> int:
    """The site's row id; a site no registry named (an import's ``local``, say)
    gets a bare row of its own."""
    found = conn.scalar(select(_SITES.c.id).where(_SITES.c.name == name))
    if found is not None:
        return found
    return conn.execute(insert(_SITES).values(
        name=name, url="", district=district or "", platform="generic", config={},
        created_at=utcnow())).inserted_primary_key[0]
