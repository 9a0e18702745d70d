"""SIP endpoints: where a trunk delivers inbound calls."""

from __future__ import annotations

from datetime import datetime
from typing import Literal, TypeAlias

from pydantic import AliasChoices, Field

from opentrunk.sdk.types._base import Model

__all__ = ["SipEndpoint", "Transport"]

Transport: TypeAlias = Literal["UDP", "TCP", "TLS"]


class SipEndpoint(Model):
    """A static endpoint (``address``/``port``) or a registered one (``is_registered``,
    ``credential_username``). Lower ``priority`` values are tried first."""

    id: str
    name: str
    priority: int
    sip_trunk_id: str | None = None
    project_id: str | None = None
    enabled: bool = True
    transport: str = "UDP"
    address: str | None = None
    port: int | None = None
    is_registered: bool = False
    credential_username: str | None = Field(
        default=None, validation_alias=AliasChoices("credentialUsername", "credentialUserName")
    )
    create_time: datetime | None = None
    update_time: datetime | None = None
