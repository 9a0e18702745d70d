"""Lazy iteration over every item of a list, across pages of either style."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Generic, TypeVar

from opentrunk.sdk._async._transport import AsyncTransport
from opentrunk.sdk._paging import Page, PageStyle
from opentrunk.sdk._request import APIRequest

__all__ = ["AsyncPaginator"]

T = TypeVar("T")


class AsyncPaginator(Generic[T]):
    """The items of a list operation, fetched a page at a time as they are read.

    Nothing is sent until iteration starts::

        async for trunk in client.trunks.list():
            print(trunk.domain)

    ``pages()`` yields whole ``Page`` objects (with ``total``); ``first_page()`` fetches
    only the first.
    """

    def __init__(
        self, transport: AsyncTransport, request: APIRequest, style: PageStyle, item: type[T]
    ) -> None:
        self._transport = transport
        self._request = request
        self._style = style
        self._item = item

    def __aiter__(self) -> AsyncIterator[T]:
        return self._items()

    async def _items(self) -> AsyncIterator[T]:
        async for page in self.pages():
            for item in page.items:
                yield item

    async def pages(self) -> AsyncIterator[Page[T]]:
        """Every page, in order, each fetched when the previous one has been consumed.

        Example::

            async for page in client.trunks.list(size=100).pages():
                print(f"page {page.page_number}: {len(page.items)} of {page.total}")
        """
        request: APIRequest | None = self._request
        while request is not None:
            response = await self._transport.send(request)
            page, request = self._style.read(request, response, self._item)
            yield page

    async def first_page(self) -> Page[T]:
        """Only the first page (the one the list's ``page``/``page_token`` names).

        Example::

            page = await client.trunks.list(page=3, size=20).first_page()
        """
        response = await self._transport.send(self._request)
        page, _ = self._style.read(self._request, response, self._item)
        return page
