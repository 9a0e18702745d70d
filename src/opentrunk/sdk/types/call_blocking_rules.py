"""Call blocking rules."""

from __future__ import annotations

from datetime import datetime
from typing import Literal, TypeAlias

from opentrunk.sdk.types._base import Model

__all__ = ["CallBlockingRule", "Direction"]

Direction: TypeAlias = Literal["INBOUND", "OUTBOUND"]


class CallBlockingRule(Model):
    """Blocks inbound calls by caller country/prefix or outbound calls by callee
    country/prefix. ``direction`` comes back lowercase, as Sinch sends it."""

    id: str
    direction: str
    name: str | None = None
    caller_country: str | None = None
    callee_country: str | None = None
    caller_match: str | None = None
    callee_match: str | None = None
    project_id: str | None = None
    create_time: datetime | None = None
    update_time: datetime | None = None
