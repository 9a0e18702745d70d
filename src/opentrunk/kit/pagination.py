"""Pagination in both styles the APIs use.

* EST ("PAGE2"): query ``page`` (1-based) and ``size``; the envelope carries
  ``totalItems``, ``pageNumber``, ``pageSize`` (what the official SDK reads) and ``size``
  (what the OpenAPI document names), all numbers.
* Imported Numbers: query ``pageSize`` and an opaque ``pageToken``; the envelope carries
  ``nextPageToken`` and ``totalSize``.
"""

from __future__ import annotations

import base64
import binascii
from dataclasses import dataclass
from typing import Generic, TypeVar

from opentrunk.errors import FieldViolation, InvalidArgument

__all__ = ["Page", "PageRequest", "decode_page_token", "encode_page_token", "page_request"]

T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class PageRequest:
    number: int
    size: int

    @property
    def offset(self) -> int:
        return (self.number - 1) * self.size


@dataclass(frozen=True, slots=True)
class Page(Generic[T]):
    items: list[T]
    total: int
    request: PageRequest


def _positive_int(name: str, raw: str, *, maximum: int | None = None) -> int:
    try:
        value = int(raw.strip())
    except ValueError:
        value = 0
    if value < 1 or (maximum is not None and value > maximum):
        bound = f" and at most {maximum}" if maximum is not None else ""
        raise InvalidArgument(
            f"'{name}' must be a whole number of at least 1{bound}, got '{raw}'",
            violations=[FieldViolation(name, f"must be an integer >= 1{bound}")],
        )
    return value


# Page numbers are 32-bit on the wire (the OpenAPI document's int32); a larger one would
# overflow the database's OFFSET.
_MAX_PAGE = 2**31 - 1


def page_request(
    page: str | None, size: str | None, *, default_size: int, max_size: int
) -> PageRequest:
    """``None`` is an absent parameter; an empty one (``?size=``) is not a number."""
    number = 1 if page is None else _positive_int("page", page, maximum=_MAX_PAGE)
    per_page = default_size if size is None else _positive_int("size", size, maximum=max_size)
    return PageRequest(number=number, size=per_page)


def encode_page_token(offset: int) -> str:
    return base64.urlsafe_b64encode(f"o:{offset}".encode()).decode().rstrip("=")


def decode_page_token(token: str) -> int:
    try:
        raw = base64.urlsafe_b64decode(token + "=" * (-len(token) % 4)).decode()
        kind, _, value = raw.partition(":")
        offset = int(value)
        if kind != "o" or offset < 0:
            raise ValueError(raw)
    except (ValueError, binascii.Error, UnicodeDecodeError):
        raise InvalidArgument(
            "'pageToken' is not a token this server issued",
            violations=[FieldViolation("pageToken", "unknown page token")],
        ) from None
    return offset
