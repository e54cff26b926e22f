"""One deadline for a whole exchange with a receiver, not one per read.

A socket timeout bounds each read: a receiver that drips one byte every two
seconds never trips a ten-second timeout and holds the sender for as long as
it likes. A timer that shuts the socket down when the deadline passes bounds
the connection, the request, the answer and its body together.
"""

from __future__ import annotations

import socket
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass


@dataclass
class Clock:
    seconds: float
    expired: bool = False


@contextmanager
def deadline(seconds: float, current_socket: Callable[[], socket.socket | None]) -> Iterator[Clock]:
    """Shuts down ``current_socket()`` if the block is still running after ``seconds``;
    the blocked call then fails, and ``clock.expired`` says why."""
    clock = Clock(seconds)

    def expire() -> None:
        clock.expired = True
        sock = current_socket()
        if sock is not None:
            try:
                sock.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass  # closed meanwhile: the exchange ended on its own

    timer = threading.Timer(seconds, expire)
    timer.daemon = True
    timer.start()
    try:
        yield clock
    finally:
        timer.cancel()
