"""What every resource namespace has: the transport, and lazy lists."""

from __future__ import annotations

from typing import TypeVar

from opentrunk.sdk._async._pagination import AsyncPaginator
from opentrunk.sdk._async._transport import AsyncTransport
from opentrunk.sdk._paging import PageStyle
from opentrunk.sdk._request import APIRequest

__all__ = ["AsyncResource"]

T = TypeVar("T")


class AsyncResource:
    def __init__(self, transport: AsyncTransport) -> None:
        self._transport = transport

    def _paginate(self, request: APIRequest, style: PageStyle, item: type[T]) -> AsyncPaginator[T]:
        return AsyncPaginator(self._transport, request, style, item)
