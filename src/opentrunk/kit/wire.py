"""Base classes for the JSON both APIs speak: camelCase names, strict types on input,
RFC 3339 UTC timestamps on output."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from pydantic import BaseModel, ConfigDict, PlainSerializer
from pydantic.alias_generators import to_camel

from opentrunk.kit.timefmt import format_rfc3339

__all__ = ["RequestModel", "ResponseModel", "Timestamp"]

Timestamp = Annotated[datetime, PlainSerializer(format_rfc3339, return_type=str)]


class RequestModel(BaseModel):
    """Input: unknown fields are ignored (clients send read-only fields back), types are
    strict so ``"true"`` is not a boolean and ``"5"`` not a number."""

    model_config = ConfigDict(
        alias_generator=to_camel, populate_by_name=True, strict=True, extra="ignore", frozen=True
    )


class ResponseModel(BaseModel):
    model_config = ConfigDict(alias_generator=to_camel, populate_by_name=True, frozen=True)

    def to_json(self) -> bytes:
        return self.model_dump_json(by_alias=True).encode()
