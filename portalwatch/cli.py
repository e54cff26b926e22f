"""The `portalwatch` console script: global options and sub-command registry.

Each sub-command lives in ``portalwatch/commands/<name>.py``; this module only
wires them together and turns errors into one sentence and an exit status
(0 success, 2 bad usage or input, 1 other failure).
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import sys
import threading
from dataclasses import dataclass, field
from pathlib import Path

import click

from storage.errors import OperationError, UsageError
from storage.settings import DEFAULT_DB_URL, DEFAULT_SITES_FILE, Settings


# The stores this process opened: their connections are closed before a quick exit (run()).
_OPENED: list = []


@dataclass
class AppContext:
    """What every sub-command gets: the process's settings (built once, here) and
    what they name, opened lazily."""

    settings: Settings
    _store: object | None = field(default=None, repr=False)
    _registry: object | None = field(default=None, repr=False)

    @property
    def db_url(self) -> str:
        return self.settings.db_url

    @property
    def sites_file(self) -> Path:
        return self.settings.sites_file

    @property
    def store(self):
        """The store, created (and migrated) when it does not exist yet."""
        if self._store is None:
            from portalwatch.db_target import check_creatable
            from storage.store import Store

            check_creatable(self.db_url)
            self._store = Store.open(self.db_url)
            _OPENED.append(self._store)
        return self._store

    @property
    def existing_store(self):
        """The store for a command that only reads: never creates a database."""
        if self._store is None:
            from portalwatch.db_target import check_existing

            check_existing(self.db_url)
        return self.store

    def analyse_pending(self) -> list[str]:
        """The analysis pass over the store (``monitor.events.analyse_pending``) under the
        settings' time limit per article; the ids of the events it made. With nothing queued (a
        crawl that found nothing new) the detectors are not even imported."""
        from storage.analysis_queue import anything_queued

        if not anything_queued(self.store.engine):
            return []
        from monitor.alert_config import load_alert_settings
        from monitor.events import AnalysisSettings, analyse_pending

        alerts = load_alert_settings(self.settings.env)
        return analyse_pending(self.store, settings=AnalysisSettings(alerts, self.settings.analysis_timeout_seconds))

    @property
    def registry(self):
        if self._registry is None:
            from crawler.registry import load_registry

            self._registry = load_registry(self.sites_file)
        return self._registry


class _LazyGroup(click.Group):
    """Imports a sub-command's module when that command is asked for."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        from portalwatch.commands import COMMANDS

        return sorted(COMMANDS)  # as click lists registered commands

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        import importlib

        from portalwatch.commands import COMMANDS

        if cmd_name not in COMMANDS:
            return None
        module, attribute = COMMANDS[cmd_name]
        return getattr(importlib.import_module(f"portalwatch.commands.{module}"), attribute)


@click.group(cls=_LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--db", "db_url", envvar="PORTALWATCH_DB_URL", default=DEFAULT_DB_URL,
              show_default=True, help="Database URL (sqlite:///… or postgresql://…).")
@click.option("--sites", "sites_file", envvar="PORTALWATCH_SITES", type=click.Path(path_type=Path),
              default=DEFAULT_SITES_FILE, help="Site registry YAML file.")
@click.option("-v", "--verbose", is_flag=True, help="Log debug messages.")
@click.pass_context
def cli(ctx: click.Context, db_url: str, sites_file: Path, verbose: bool) -> None:
    """portalwatch: watches local-government portals for signings and leadership changes."""
    from portalwatch.logs import configure_logging

    settings = Settings.from_environment(db_url=db_url, sites_file=sites_file)  # a bad value: exit 2 here
    configure_logging(logging.DEBUG if verbose else logging.INFO, settings.log_format)
    ctx.obj = AppContext(settings)


def main(argv: list[str] | None = None) -> int:
    try:
        cli.main(args=argv, prog_name="portalwatch", standalone_mode=False)
    except click.exceptions.Abort:
        click.echo("Interrupted.", err=True)
        return 130
    except click.ClickException as exc:
        # click's own usage errors: keep the one-sentence form, exit 2.
        message = exc.format_message()
        click.echo(f"portalwatch: {message[:1].lower() + message[1:]}", err=True)
        return 2 if exc.exit_code == 2 or isinstance(exc, click.UsageError) else exc.exit_code
    except (UsageError, OperationError) as exc:
        click.echo(f"portalwatch: {exc}", err=True)
        return exc.exit_code
    except click.exceptions.Exit as exc:
        return exc.exit_code
    except KeyboardInterrupt:
        click.echo("Interrupted.", err=True)
        return 130
    except Exception as exc:  # the last line of defence: one sentence, not a traceback
        logging.getLogger("portalwatch").debug("unexpected error", exc_info=True)
        click.echo(f"portalwatch: {type(exc).__name__}: {exc}", err=True)
        return 1
    return 0


def run() -> None:
    """The process's entry point (the console script, ``python -m portalwatch.cli``): main(),
    then an exit that does not tear the interpreter down. Freeing the modules a crawl imports
    (Scrapy, Twisted, SQLAlchemy, NumPy) costs ~0.2 CPU-s, paid per site per run under the
    daemon. Before it: logs and output flushed, and the stores' connections closed (SQLite
    checkpoints its write-ahead log on the last close, so the database file stands alone).
    A thread or child process still running gets the ordinary exit, which waits for it."""
    code = main()
    others = [t for t in threading.enumerate() if t is not threading.main_thread() and not t.daemon]
    if any(t.is_alive() for t in others) or multiprocessing.active_children():
        sys.exit(code)
    for store in _OPENED:
        store.engine.dispose()
    logging.shutdown()
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError):  # a closed pipe: nothing more can be said
            pass
    os._exit(code)


if __name__ == "__main__":
    run()
