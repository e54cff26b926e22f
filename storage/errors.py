"""Errors the command line turns into one sentence and an exit status."""

from __future__ import annotations


class UsageError(Exception):
    """Bad usage or bad input: exit status 2."""

    exit_code = 2


class OperationError(Exception):
    """The input was fine but the work failed (a database down, say): exit status 1."""

    exit_code = 1
