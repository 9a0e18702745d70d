"""Access control lists (IP authentication of a trunk's outbound calls)."""

from __future__ import annotations

from datetime import datetime

from pydantic import Field

from opentrunk.sdk.types._base import Model

__all__ = ["AccessControlList", "IpRange", "IpRangeInput"]


class IpRangeInput(Model):
    """An IPv4 address and prefix length: ``IpRangeInput(ip_address="203.0.113.0", range=24)``."""

    ip_address: str
    range: int = Field(default=32, ge=1, le=32)
    description: str | None = None


class IpRange(Model):
    id: str
    ip_address: str
    range: int = 32
    description: str | None = None
    access_control_list_id: str | None = None
    project_id: str | None = None
    create_time: datetime | None = None
    update_time: datetime | None = None


class AccessControlList(Model):
    id: str
    name: str
    enabled: bool = True
    ip_ranges: list[IpRange] = []
    project_id: str | None = None
    create_time: datetime | None = None
    update_time: datetime | None = None
