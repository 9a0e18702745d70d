"""What opentrunk's sandbox shows: the emails and the challenge calls it would have
sent."""

from __future__ import annotations

from datetime import datetime

from opentrunk.sdk.types._base import Model

__all__ = [
    "ChallengeCall",
    "DeliveryAttempt",
    "DeliveryFault",
    "SandboxCallback",
    "SandboxClock",
    "SandboxEmail",
]


class SandboxEmail(Model):
    """An email the server sent (or would have): LOA signing requests, with the letter
    attached."""

    id: str
    to: str
    subject: str
    body: str = ""
    project_id: str | None = None
    hosting_order_id: str | None = None
    attachment: str | None = None
    status: str | None = None
    create_time: datetime | None = None
    sent_time: datetime | None = None


class ChallengeCall(Model):
    """A voice-challenge call and the code it read out."""

    id: str
    phone_number: str
    code: str
    project_id: str | None = None
    status: str | None = None
    create_time: datetime | None = None
    expire_time: datetime | None = None
    placed_time: datetime | None = None


class SandboxClock(Model):
    """The server's time, and how far it runs ahead of real time."""

    now: datetime
    offset_seconds: float = 0.0


class DeliveryAttempt(Model):
    attempt: int
    attempt_time: datetime | None = None
    succeeded: bool = False
    status_code: int | None = None
    error: str | None = None
    duration_ms: int | None = None
    response_excerpt: str | None = None
    request_headers: dict[str, str] = {}


class SandboxCallback(Model):
    """A callback the server sent (or is sending): the exact body, and every attempt
    with the headers it carried (``X-Sinch-Signature``, ``webhook-signature``)."""

    event_id: str
    url: str
    body: str
    status: str
    project_id: str | None = None
    attempts: int = 0
    create_time: datetime | None = None
    next_attempt_time: datetime | None = None
    last_attempt_time: datetime | None = None
    deliveries: list[DeliveryAttempt] = []


class DeliveryFault(Model):
    """Deliveries to ``url`` that will fail on purpose (``mode``: ``status``, ``down``
    or ``timeout``)."""

    id: str
    url: str
    mode: str
    remaining: int
    status_code: int | None = None
    create_time: datetime | None = None
