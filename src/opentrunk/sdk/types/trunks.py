"""SIP trunks."""

from __future__ import annotations

from datetime import datetime

from opentrunk.sdk.types._base import Model

__all__ = ["Trunk"]


class Trunk(Model):
    """A SIP trunk. ``domain`` (``{host_name}.{top_level_domain}``) is where your PBX
    sends calls."""

    id: str
    name: str
    host_name: str
    project_id: str | None = None
    top_level_domain: str | None = None
    domain: str | None = None
    calls_per_second: int = 1
    enable_caller_name: bool = False
    enable_call_forward: bool = False
    call_forward_number: str | None = None
    create_time: datetime | None = None
    update_time: datetime | None = None
