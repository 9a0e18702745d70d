"""Base classes for the JSON both APIs speak: camelCase names, strict types on input,
RFC 3339 UTC timestamps on output."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, PlainSerializer, field_validator
from pydantic.alias_generators import to_camel

from opentrunk.kit.timefmt import format_rfc3339

__all__ = ["RequestModel", "ResponseModel", "Timestamp", "has_nul", "reject_nul"]

Timestamp = Annotated[datetime, PlainSerializer(format_rfc3339, return_type=str)]


def has_nul(text: str) -> bool:
    return "\x00" in text


def reject_nul(value: str) -> str:
    """Text a client sends must not hold NUL: PostgreSQL cannot store it in a text column
    (nor compare against it), and no field of either API means it."""
    if has_nul(value):
        raise ValueError("must not contain the NUL character (U+0000)")
    return value


class RequestModel(BaseModel):
    """Input: unknown fields are ignored (clients send read-only fields back), types are
    strict so ``"true"`` is not a boolean and ``"5"`` not a number."""

    model_config = ConfigDict(
        alias_generator=to_camel, populate_by_name=True, strict=True, extra="ignore", frozen=True
    )

    @field_validator("*")
    @classmethod
    def _no_nul(cls, value: Any) -> Any:
        for text in value if isinstance(value, list) else (value,):
            if isinstance(text, str):
                reject_nul(text)
        return value


class ResponseModel(BaseModel):
    model_config = ConfigDict(alias_generator=to_camel, populate_by_name=True, frozen=True)

    def to_json(self) -> bytes:
        return self.model_dump_json(by_alias=True).encode()
