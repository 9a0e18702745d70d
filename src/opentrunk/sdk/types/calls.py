"""Call history."""

from __future__ import annotations

from datetime import datetime
from typing import Literal, TypeAlias

from pydantic import Field

from opentrunk.sdk.types._base import Model

__all__ = ["Call", "CallResult", "Money"]

CallResult: TypeAlias = Literal["COMPLETED", "NO_ANSWER", "CANCEL", "BUSY", "FAILED"]


class Money(Model):
    currency_code: str
    amount: float


class Call(Model):
    call_id: str
    direction: str
    #: ``from`` on the wire (a Python keyword).
    from_: str | None = Field(default=None, alias="from")
    to: str | None = None
    call_result: str | None = None
    trunk_id: str | None = None
    project_id: str | None = None
    create_time: datetime | None = None
    answer_time: datetime | None = None
    end_time: datetime | None = None
    duration_seconds: int | None = None
    billing_duration_seconds: int | None = None
    price_per_minute: Money | None = None
    price: Money | None = None
    pcap_id: str | None = None
