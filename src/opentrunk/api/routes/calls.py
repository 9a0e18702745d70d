"""Call history and its CSV export.

Query parameters are read raw: the official SDK sends date ranges as
``createTime>=...`` (a key that carries the operator) and unescaped ``+`` signs."""

from __future__ import annotations

from collections.abc import AsyncIterator
from urllib.parse import parse_qsl

from fastapi import APIRouter, Request
from starlette.responses import Response, StreamingResponse

from opentrunk.api.deps import ReadScope, State
from opentrunk.api.respond import page_response
from opentrunk.errors import NotFound
from opentrunk.kit.pagination import page_request
from opentrunk.trunking.calls import call_out, call_record_service, parse_call_filter

router = APIRouter(prefix="/v1/projects/{projectId}", tags=["Calls"])


def _raw_query(request: Request) -> list[tuple[str, str]]:
    return parse_qsl(request.url.query, keep_blank_values=True)


@router.get("/calls", operation_id="findCalls")
async def find_calls(request: Request, scope: ReadScope) -> Response:
    params = _raw_query(request)
    values = dict(params)
    page = page_request(values.get("page"), values.get("size"), default_size=100, max_size=1000)
    result = await call_record_service.find(scope, parse_call_filter(params, scope.now), page)
    return page_response("calls", result, [call_out(c) for c in result.items])


@router.get(
    "/calls/export",
    operation_id="exportCallRecords",
    response_class=StreamingResponse,
    responses={200: {"content": {"application/csv": {}, "text/plain": {}}}},
)
async def export_calls(request: Request, scope: ReadScope, state: State) -> Response:
    params = _raw_query(request)
    values = dict(params)
    call_filter = parse_call_filter(params, scope.now)
    # Without page or size every match is streamed; with them, the document's shared
    # page size applies (default and maximum 500).
    paged = "page" in values or "size" in values
    page = page_request(values.get("page"), values.get("size"), default_size=500, max_size=500)
    projects = [scope.project_id]
    for other in call_filter.project_ids:
        if other != scope.project_id:
            # Other projects only when this key may act on them (403 otherwise).
            await state.keys.authorize(scope.session, scope.caller_project_id, other)
            projects.append(other)

    async def body() -> AsyncIterator[str]:
        # The request's session ends with the route; the stream reads on its own.
        async with state.database.read_session() as session:
            async for chunk in call_record_service.export_csv(
                session, projects, call_filter, page if paged else None
            ):
                yield chunk

    return StreamingResponse(
        body(),
        media_type="application/csv",
        headers={"Content-Disposition": f'attachment; filename="{call_filter.file_name}"'},
    )


@router.get("/calls/records/{pcapId}/pcap", operation_id="getPcap")
async def get_pcap(scope: ReadScope, pcapId: str) -> Response:
    # Packet capture is not recorded by the edge yet; every id is unknown.
    raise NotFound(f"No packet capture '{pcapId}' in this project", reason="PCAP_NOT_FOUND")
