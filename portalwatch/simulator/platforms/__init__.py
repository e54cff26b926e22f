"""One renderer per portal platform, by the registry's platform name."""

from portalwatch.simulator.platforms.base import Page, Platform, Request
from portalwatch.simulator.platforms.caugiay import CauGiay
from portalwatch.simulator.platforms.dnn import Dnn
from portalwatch.simulator.platforms.drupal import Drupal
from portalwatch.simulator.platforms.hanoi_gov import HanoiGov
from portalwatch.simulator.platforms.joomla import Joomla
from portalwatch.simulator.platforms.liferay import Liferay
from portalwatch.simulator.platforms.liferay7 import Liferay7
from portalwatch.simulator.platforms.viettel import Viettel
from portalwatch.simulator.platforms.vnpt import Vnpt
from portalwatch.simulator.platforms.webforms import WebForms
from portalwatch.simulator.platforms.wordpress import WordPress

PLATFORMS: dict[str, type[Platform]] = {p.name: p for p in (
    Liferay, CauGiay, HanoiGov, Drupal, WordPress, Joomla, Dnn, WebForms, Liferay7, Vnpt, Viettel)}

__all__ = ["PLATFORMS", "Page", "Platform", "Request"]
