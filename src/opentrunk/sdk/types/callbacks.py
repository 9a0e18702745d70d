"""Callback configuration and the events the hosting API posts to ``callbackUrl``."""

from __future__ import annotations

from datetime import datetime

from opentrunk.sdk.types._base import Model

__all__ = ["CallbackConfiguration", "CallbackEvent"]


class CallbackConfiguration(Model):
    """``hmac_secret`` signs every callback (``X-Sinch-Signature``)."""

    project_id: str | None = None
    hmac_secret: str | None = None


class CallbackEvent(Model):
    """A callback's JSON body: ``CallbackEvent.model_validate_json(raw_body)``."""

    event_id: str
    event_type: str
    resource_type: str | None = None
    resource_id: str | None = None
    project_id: str | None = None
    timestamp: datetime | None = None
    status: str | None = None
    failure_code: str | None = None
