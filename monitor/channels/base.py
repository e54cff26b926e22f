"""What every channel shares: the alert document and the two ways a send fails."""

from __future__ import annotations

import uuid
from typing import Any, Protocol

from storage.clock import utcnow


class DeliveryError(Exception):
    """A send that did not go through. Retryable ones are tried again later
    (after ``retry_after`` seconds when the receiver said so); the others make
    the outbox row dead at once."""

    def __init__(self, message: str, *, retryable: bool, retry_after: float | None = None) -> None:
        super().__init__(message)
        self.retryable = retryable
        self.retry_after = retry_after


class Channel(Protocol):
    name: str
    kind: str

    def send(self, document: dict[str, Any], *, timeout: float | None = None) -> str:
        """Delivers one alert; returns what the receiver said, raises DeliveryError."""


def trial_document() -> dict[str, Any]:
    return {"id": str(uuid.uuid4()), "type": "test", "district": None, "detected_at": utcnow().strftime("%Y-%m-%dT%H:%M:%SZ"),
            "article_urls": [],
            "message": "Đây là cảnh báo thử nghiệm của portalwatch: kênh này nhận được cảnh báo."}
