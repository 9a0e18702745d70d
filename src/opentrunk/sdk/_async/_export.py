"""A streamed CSV export of call records."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path
from types import TracebackType

import httpx

from opentrunk.sdk._async._transport import AsyncTransport
from opentrunk.sdk._calls import file_name_of, open_for_writing
from opentrunk.sdk._request import APIRequest

__all__ = ["AsyncCallExport"]


class AsyncCallExport:
    """Call records as CSV, read as they arrive. Use it as a context manager::

        async with client.calls.export(create_time="2024-06") as export:
            await export.save(export.file_name)

    The request is sent on entering; leaving closes the connection.
    """

    def __init__(self, transport: AsyncTransport, request: APIRequest) -> None:
        self._transport = transport
        self._request = request
        self._response: httpx.Response | None = None

    async def __aenter__(self) -> AsyncCallExport:
        self._response = await self._transport.stream(self._request)
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        if self._response is not None:
            await self._response.aclose()

    @property
    def response(self) -> httpx.Response:
        if self._response is None:
            raise RuntimeError("use the export as a context manager first")
        return self._response

    @property
    def file_name(self) -> str:
        """The file name the server suggests (``Content-Disposition``)."""
        return file_name_of(self.response.headers.get("content-disposition"))

    def iter_bytes(self) -> AsyncIterator[bytes]:
        """The CSV as it arrives, in chunks.

        Example::

            async with client.calls.export(create_time="2024-06") as export:
                async for chunk in export.iter_bytes():
                    sink.write(chunk)
        """
        return self.response.aiter_bytes()

    def iter_lines(self) -> AsyncIterator[str]:
        """The CSV line by line (the header line first).

        Example::

            async with client.calls.export(direction="INBOUND") as export:
                header = [line async for line in export.iter_lines()][0]
        """
        return self.response.aiter_lines()

    async def save(self, path: str | Path) -> Path:
        """Write the whole CSV to ``path``; returns it.

        Example::

            async with client.calls.export(create_time="2024-06") as export:
                await export.save("june.csv")
        """
        target = Path(path)
        with open_for_writing(target) as file:
            async for chunk in self.iter_bytes():
                file.write(chunk)
        return target
