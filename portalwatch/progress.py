"""Progress of long work: a bar on a terminal, plain log lines otherwise."""

from __future__ import annotations

import logging
import sys
from collections.abc import Iterable, Iterator
from typing import TypeVar

T = TypeVar("T")
log = logging.getLogger("portalwatch.progress")


def progress(items: Iterable[T], *, total: int | None, label: str, every: int = 100) -> Iterator[T]:
    if sys.stderr.isatty():
        from tqdm import tqdm

        yield from tqdm(items, total=total, desc=label, unit="", leave=False, file=sys.stderr)
        return
    done = 0
    for done, item in enumerate(items, 1):
        yield item
        if done % every == 0:
            log.info("%s: %d of %s", label, done, total if total is not None else "?")
    log.info("%s: %d done", label, done)
