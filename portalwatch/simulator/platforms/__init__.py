"""One renderer per portal platform, by the registry's platform name."""

from portalwatch.simulator.platforms.base import Page, Platform, Request
from portalwatch.simulator.platforms.caugiay import CauGiay
from portalwatch.simulator.platforms.hanoi_gov import HanoiGov
from portalwatch.simulator.platforms.liferay import Liferay

PLATFORMS: dict[str, type[Platform]] = {p.name: p for p in (Liferay, CauGiay, HanoiGov)}

__all__ = ["PLATFORMS", "Page", "Platform", "Request"]
