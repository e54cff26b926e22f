"""All sub-commands, in the order `portalwatch --help` lists them.

To add one: write ``portalwatch/commands/<name>.py`` with a click command and
add it here.
"""

from portalwatch.commands.alerts import alerts
from portalwatch.commands.crawl import crawl, recrawl
from portalwatch.commands.daemon import daemon
from portalwatch.commands.demo import demo
from portalwatch.commands.events import events, roster
from portalwatch.commands.export import export
from portalwatch.commands.extract import extract
from portalwatch.commands.importing import import_files
from portalwatch.commands.simulate import simulate
from portalwatch.commands.sites import sites
from portalwatch.commands.status import status
from portalwatch.commands.web import web
from portalwatch.commands.worker import worker

COMMANDS = [sites, crawl, recrawl, import_files, export, extract, events, roster, daemon, worker, status, alerts, simulate, demo, web]
