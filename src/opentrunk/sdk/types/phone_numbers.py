"""Phone numbers assigned to trunks."""

from __future__ import annotations

from datetime import datetime

from opentrunk.sdk.types._base import Model

__all__ = ["PhoneNumber"]


class PhoneNumber(Model):
    id: str
    phone_number: str
    sip_trunk_id: str | None = None
    country_code: str | None = None
    create_time: datetime | None = None
    update_time: datetime | None = None
