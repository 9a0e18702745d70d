"""What opentrunk's sandbox shows: the emails and the challenge calls it would have
sent."""

from __future__ import annotations

from datetime import datetime

from opentrunk.sdk.types._base import Model

__all__ = ["ChallengeCall", "SandboxEmail"]


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
