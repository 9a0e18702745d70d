"""List requests of this API: ``pageSize``/``pageToken`` windows, ``orderBy``, and the
filters the spec marks required.

``pageSize`` defaults to 100 and is capped at 1000 (the spec lets the server cap it);
``orderBy`` is ``createdTime`` or ``updatedTime``, ascending, and also accepts the
AIP-132 forms ``createdTime desc`` / ``createdTime asc`` and ``-createdTime``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import TypeVar

from opentrunk.errors import FieldViolation, InvalidArgument
from opentrunk.kit.pagination import decode_page_token, encode_page_token

__all__ = ["Ordering", "Window", "enum_filter", "next_page_token", "ordering", "require", "window"]

DEFAULT_PAGE_SIZE = 100
MAX_PAGE_SIZE = 1000

E = TypeVar("E", bound=StrEnum)


@dataclass(frozen=True, slots=True)
class Window:
    offset: int
    limit: int


@dataclass(frozen=True, slots=True)
class Ordering:
    field: str  # createdTime or updatedTime
    descending: bool


def _bad(name: str, message: str, description: str) -> InvalidArgument:
    return InvalidArgument(message, violations=[FieldViolation(name, description)])


def window(page_size: str | None, page_token: str | None) -> Window:
    size = DEFAULT_PAGE_SIZE
    if page_size is not None and page_size.strip():
        try:
            size = int(page_size.strip())
        except ValueError:
            raise _bad(
                "pageSize", f"'pageSize' must be an integer, got '{page_size}'", "not an integer"
            ) from None
        if size <= 0:
            size = DEFAULT_PAGE_SIZE
        size = min(size, MAX_PAGE_SIZE)
    offset = decode_page_token(page_token) if page_token else 0
    return Window(offset=offset, limit=size)


def next_page_token(current: Window, returned: int, total: int) -> str:
    end = current.offset + returned
    return encode_page_token(end) if returned and end < total else ""


def ordering(raw: str | None) -> Ordering:
    if raw is None or not raw.strip():
        return Ordering("createdTime", descending=False)
    text = raw.strip()
    descending = text.startswith("-")
    name, _, direction = text.lstrip("-").partition(" ")
    direction = direction.strip().lower()
    if name not in ("createdTime", "updatedTime") or direction not in ("", "asc", "desc"):
        raise _bad(
            "orderBy",
            f"'orderBy' must be createdTime or updatedTime (optionally followed by asc or "
            f"desc), got '{raw}'",
            "must be createdTime or updatedTime",
        )
    return Ordering(name, descending=descending or direction == "desc")


def require(name: str, value: str | Sequence[str] | None) -> None:
    if value is None or (not isinstance(value, str) and len(value) == 0):
        raise _bad(
            name,
            f"Missing required query parameter '{name}'",
            "required query parameter is missing",
        )


def enum_filter(name: str, raw: Sequence[str], enum: type[E], *, any_value: E) -> set[E] | None:
    """Values of a (possibly repeated, possibly comma-separated) enum parameter; ``None``
    when they include the enum's UNSPECIFIED value, which means no filter."""
    values: set[E] = set()
    for item in (v.strip() for text in raw for v in text.split(",")):
        if not item:
            continue
        try:
            values.add(enum(item.upper()))
        except ValueError:
            allowed = ", ".join(e.value for e in enum)
            raise _bad(
                name,
                f"'{item}' is not a valid '{name}'; expected one of {allowed}",
                f"unknown value {item}",
            ) from None
    if not values or any_value in values:
        return None
    return values
