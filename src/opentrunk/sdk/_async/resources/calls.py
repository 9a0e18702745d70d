"""``client.calls``: call history and its CSV export."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime

from opentrunk.sdk._async._export import AsyncCallExport
from opentrunk.sdk._async._pagination import AsyncPaginator
from opentrunk.sdk._async.resources._resource import AsyncResource
from opentrunk.sdk._calls import call_filters
from opentrunk.sdk._paging import NumberedPages
from opentrunk.sdk._request import APIRequest, comma_list, query, segment
from opentrunk.sdk.types.call_blocking_rules import Direction
from opentrunk.sdk.types.calls import Call

__all__ = ["AsyncCalls"]


class AsyncCalls(AsyncResource):
    def find(
        self,
        *,
        from_: str | None = None,
        to: str | None = None,
        trunk_id: str | None = None,
        create_time: str | date | None = None,
        create_time_gte: str | datetime | None = None,
        create_time_lte: str | datetime | None = None,
        call_result: str | Sequence[str] | None = None,
        direction: str | Sequence[str] | None = None,
        page: int | None = None,
        size: int | None = None,
    ) -> AsyncPaginator[Call]:
        """Calls matching every filter given, newest first. ``from_``/``to`` are number
        prefixes; ``create_time`` names a period (``"2024-02"`` is all of February, a
        ``date`` one day); ``create_time_gte``/``create_time_lte`` are exact bounds.
        Without a date filter the server searches the last 24 hours.

        Example::

            async for call in client.calls.find(direction="OUTBOUND", call_result="BUSY"):
                print(call.create_time, call.to)
        """
        pairs = call_filters(
            from_=from_,
            to=to,
            trunk_id=trunk_id,
            create_time=create_time,
            create_time_gte=create_time_gte,
            create_time_lte=create_time_lte,
            call_result=call_result,
            direction=direction,
        )
        request = APIRequest("GET", "trunking", "/calls", query(pairs, page=page, size=size))
        return self._paginate(request, NumberedPages("calls"), Call)

    def export(
        self,
        *,
        from_: str | None = None,
        to: str | None = None,
        trunk_id: str | None = None,
        create_time: str | date | None = None,
        create_time_gte: str | datetime | None = None,
        create_time_lte: str | datetime | None = None,
        call_result: str | Sequence[str] | None = None,
        direction: str | Sequence[str] | None = None,
        from_country_code: str | None = None,
        to_country_code: str | None = None,
        emergency_only: bool | None = None,
        region: str | None = None,
        project_ids: Sequence[str] | None = None,
        file_name: str | None = None,
        page: int | None = None,
        size: int | None = None,
    ) -> AsyncCallExport:
        """The matching call records as a streamed CSV file (the filters of ``find`` and
        a few more).

        Example::

            async with client.calls.export(create_time="2024-06", direction="INBOUND") as export:
                async for line in export.iter_lines():
                    print(line)
        """
        pairs = call_filters(
            from_=from_,
            to=to,
            trunk_id=trunk_id,
            create_time=create_time,
            create_time_gte=create_time_gte,
            create_time_lte=create_time_lte,
            call_result=call_result,
            direction=direction,
        )
        params = query(
            pairs,
            fromCountryCode=from_country_code,
            toCountryCode=to_country_code,
            emergencyOnly=emergency_only,
            region=region,
            projectIds=comma_list(project_ids),
            fileName=file_name,
            page=page,
            size=size,
        )
        request = APIRequest("GET", "trunking", "/calls/export", params, accept="text/plain")
        return AsyncCallExport(self._transport, request)

    async def pcap(self, pcap_id: str, *, direction: Direction | None = None) -> bytes:
        """The packet capture of a call of the last ten days (``call.pcap_id``), as a
        .pcap file's bytes; ``direction`` picks the leg (``OUTBOUND`` by default).

        Example::

            Path("call.pcap").write_bytes(await client.calls.pcap(call.pcap_id))
        """
        path = f"/calls/records/{segment(pcap_id)}/pcap"
        params = query(direction=direction)
        request = APIRequest("GET", "trunking", path, params, accept="application/octet-stream")
        return (await self._transport.send(request)).content
