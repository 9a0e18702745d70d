"""Imported numbers."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query
from starlette.responses import Response

from opentrunk.api.respond import json_response
from opentrunk.api.routes._hosting import HostingRead, HostingWrite, ListOrder, ListWindow
from opentrunk.errors import FieldViolation, InvalidArgument
from opentrunk.hosting.imported import imported_number_service
from opentrunk.hosting.imported_views import (
    ImportedNumberDetailView,
    ImportedNumberView,
    ListImportedNumbersResponse,
    imported_number_detail_view,
    imported_number_view,
)
from opentrunk.hosting.listing import next_page_token, require
from opentrunk.hosting.numbers import check_region, path_number
from opentrunk.hosting.schemas import CreateImportedNumberRequest, ImportedNumberUpdate

router = APIRouter(prefix="/v1/projects/{projectId}", tags=["Imported Numbers"])

_SEARCH = ("START", "CONTAIN", "END")


@router.post(
    "/importedNumbers",
    operation_id="ImportNumberService_ImportNumber",
    response_model=ImportedNumberView,
)
async def import_number(scope: HostingWrite, body: CreateImportedNumberRequest) -> Response:
    return json_response(imported_number_view(await imported_number_service.create(scope, body)))


@router.get(
    "/importedNumbers",
    operation_id="ImportNumberService_ListImportedNumbers",
    response_model=ListImportedNumbersResponse,
)
async def list_imported_numbers(
    scope: HostingRead,
    page: ListWindow,
    order: ListOrder,
    servicePlanId: Annotated[str | None, Query()] = None,
    campaignId: Annotated[str | None, Query()] = None,
    regionCode: Annotated[str | None, Query()] = None,
    pattern: Annotated[str | None, Query(alias="numberPattern.pattern")] = None,
    search: Annotated[str | None, Query(alias="numberPattern.searchPattern")] = None,
) -> Response:
    require("servicePlanId", servicePlanId)
    require("campaignId", campaignId)
    search_pattern = (search or "CONTAIN").strip().upper()
    if search_pattern not in _SEARCH:
        raise InvalidArgument(
            f"'numberPattern.searchPattern' must be START, CONTAIN or END, got '{search}'",
            violations=[FieldViolation("numberPattern.searchPattern", "START, CONTAIN or END")],
        )
    # An unescaped "+" arrives as a space; a START pattern is anchored at the "+".
    text = (pattern or "").strip()
    if text and search_pattern == "START" and not text.startswith("+"):
        text = "+" + text
    if text and not text.lstrip("+").isdigit():
        raise InvalidArgument(
            "'numberPattern.pattern' must be digits (with a leading %2B for START), got "
            f"'{pattern}'",
            violations=[FieldViolation("numberPattern.pattern", "digits only")],
        )
    rows, total = await imported_number_service.find(
        scope,
        page,
        order,
        service_plan_id=(servicePlanId or "").strip(),
        campaign_id=(campaignId or "").strip(),
        region_code=check_region(regionCode) if regionCode else None,
        pattern=text or None,
        search=search_pattern,
    )
    return json_response(
        ListImportedNumbersResponse(
            imported_numbers=[imported_number_detail_view(r) for r in rows],
            next_page_token=next_page_token(page, len(rows), total),
            total_size=total,
        )
    )


@router.get(
    "/importedNumbers/{phoneNumber}",
    operation_id="ImportNumberService_GetImportedNumber",
    response_model=ImportedNumberDetailView,
)
async def get_imported_number(scope: HostingRead, phoneNumber: str) -> Response:
    row = await imported_number_service.get(scope, path_number(phoneNumber))
    return json_response(imported_number_detail_view(row))


@router.patch(
    "/importedNumbers/{phoneNumber}",
    operation_id="ImportNumberService_UpdateImportedNumber",
    response_model=ImportedNumberView,
)
async def update_imported_number(
    scope: HostingWrite, phoneNumber: str, body: ImportedNumberUpdate
) -> Response:
    row = await imported_number_service.update(scope, path_number(phoneNumber), body)
    return json_response(imported_number_view(row))


@router.delete(
    "/importedNumbers/{phoneNumber}", operation_id="ImportNumberService_DeleteImportedNumber"
)
async def delete_imported_number(scope: HostingWrite, phoneNumber: str) -> Response:
    await imported_number_service.delete(scope, path_number(phoneNumber))
    return Response(b"{}", media_type="application/json")
