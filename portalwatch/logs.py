"""Logging: readable lines on a terminal, one JSON object per line otherwise.

The choice is made once, by the first portalwatch process (its settings'
PORTALWATCH_LOG_FORMAT, else whether its stderr is a terminal), and handed down
in PORTALWATCH_LOG_FORMAT: a daemon's crawl children write to a pipe, but their
lines end on the daemon's terminal, so they must take the daemon's format, not
their own stderr's.
"""

from __future__ import annotations

import json
import logging
import os
import sys
import time
from typing import Any

FORMAT_ENV = "PORTALWATCH_LOG_FORMAT"


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        entry = {
            "ts": time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(record.created)) + "Z",
            "level": record.levelname.lower(),
            "logger": record.name,
            "msg": record.getMessage(),
        }
        entry.update(getattr(record, "fields", {}) or {})
        if record.exc_info:
            entry["exc"] = self.formatException(record.exc_info)
        return json.dumps(entry, ensure_ascii=False, default=str)


def _field(value: Any) -> str:
    if isinstance(value, str):
        return value if value and " " not in value else json.dumps(value, ensure_ascii=False)
    if isinstance(value, (list, tuple)):
        return ",".join(str(v) for v in value) or "-"
    if isinstance(value, dict):
        return ",".join(f"{k}:{v}" for k, v in value.items()) or "-"
    return str(value)


class HumanFormatter(logging.Formatter):
    """``12:00:01 INFO crawl finished site=caugiay seconds=3.2``: the message, then its fields."""

    def __init__(self) -> None:
        super().__init__("%(asctime)s %(levelname)s %(message)s", "%H:%M:%S")

    def format(self, record: logging.LogRecord) -> str:
        line = super().format(record)
        fields = getattr(record, "fields", None) or {}
        shown = " ".join(f"{key}={_field(value)}" for key, value in fields.items() if value is not None)
        if not shown:
            return line
        head, newline, rest = line.partition("\n")  # fields before a traceback, not after it
        return f"{head} {shown}{newline}{rest}"


class TerminalHandler(logging.StreamHandler):
    """Writes through tqdm, which clears a progress bar before the line and draws it again after."""

    def emit(self, record: logging.LogRecord) -> None:
        try:
            from tqdm import tqdm

            tqdm.write(self.format(record), file=self.stream)
        except Exception:
            self.handleError(record)


def configure_logging(level: int = logging.INFO, chosen: str | None = None) -> None:
    """``chosen``: human or json (Settings.log_format); None: by whether stderr is a terminal."""
    chosen = chosen or ("human" if sys.stderr.isatty() else "json")
    os.environ[FORMAT_ENV] = chosen  # handed down: inherited by every process this one starts
    if chosen == "human":
        handler: logging.Handler = TerminalHandler(sys.stderr)
        handler.setFormatter(HumanFormatter())
    else:
        handler = logging.StreamHandler(sys.stderr)
        handler.setFormatter(JsonFormatter())
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(logging.WARNING)
    logging.getLogger("portalwatch").setLevel(level)
