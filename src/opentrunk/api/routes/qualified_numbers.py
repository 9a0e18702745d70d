"""Qualified numbers. The ``:verb`` routes are declared before ``{phoneNumber}`` ones;
for ``{phoneNumber}:verb`` the number is the text before the verb (``+`` or ``%2B``)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query
from starlette.responses import Response

from opentrunk.api.respond import json_response
from opentrunk.api.routes._hosting import HostingRead, HostingWrite, ListOrder, ListWindow
from opentrunk.hosting.challenge import voice_challenge_service
from opentrunk.hosting.listing import enum_filter, next_page_token, require
from opentrunk.hosting.numbers import check_region, path_number
from opentrunk.hosting.orders import hosting_order_service
from opentrunk.hosting.qualified import qualified_number_service
from opentrunk.hosting.schemas import (
    BatchCreateQualifiedNumbersRequest,
    TextEnableNumbersRequest,
    TextEnableTollFreeNumbersRequest,
    VerifyVoiceChallengeRequest,
)
from opentrunk.hosting.states import ProcessState
from opentrunk.hosting.views import (
    BatchCreateQualifiedNumbersResponse,
    HostingOrderView,
    ListQualifiedNumber,
    QualifiedNumberView,
    TextEnableResponse,
    hosting_order_view,
    qualified_number_view,
)

router = APIRouter(prefix="/v1/projects/{projectId}", tags=["Qualified Numbers"])


@router.post(
    "/qualifiedNumbers:addNumbers",
    operation_id="QualifiedNumberService_BatchCreateQualifiedNumbers",
    response_model=BatchCreateQualifiedNumbersResponse,
)
async def add_numbers(scope: HostingWrite, body: BatchCreateQualifiedNumbersRequest) -> Response:
    rows = await qualified_number_service.add(scope, body.phone_numbers)
    return json_response(
        BatchCreateQualifiedNumbersResponse(
            qualified_numbers=[qualified_number_view(r) for r in rows]
        )
    )


@router.post(
    "/qualifiedNumbers:textEnableNumbers",
    operation_id="QualifiedNumberService_TextEnableNumbers",
    response_model=TextEnableResponse,
)
async def text_enable(scope: HostingWrite, body: TextEnableNumbersRequest) -> Response:
    order = await hosting_order_service.text_enable(scope, body, origin="qualifiedNumbers")
    return json_response(TextEnableResponse(hosting_order_id=order.id))


@router.post(
    "/qualifiedNumbers:textEnableTollFreeNumbers",
    operation_id="QualifiedNumbersTextEnableTollFreeNumbers",
    response_model=HostingOrderView,
)
async def text_enable_toll_free(
    scope: HostingWrite, body: TextEnableTollFreeNumbersRequest
) -> Response:
    order = await hosting_order_service.text_enable_toll_free(
        scope, body, origin="qualifiedNumbers"
    )
    return json_response(hosting_order_view(order))


@router.post(
    "/qualifiedNumbers/{phoneNumber}:sendVoiceChallenge",
    operation_id="QualifiedNumberService_SendVoiceChallenge",
    response_model=QualifiedNumberView,
)
async def send_voice_challenge(scope: HostingWrite, phoneNumber: str) -> Response:
    row = await voice_challenge_service.send(scope, path_number(phoneNumber))
    return json_response(qualified_number_view(row))


@router.post(
    "/qualifiedNumbers/{phoneNumber}:verifyVoiceChallenge",
    operation_id="QualifiedNumberService_VerifyVoiceChallenge",
    response_model=QualifiedNumberView,
)
async def verify_voice_challenge(
    scope: HostingWrite, phoneNumber: str, body: VerifyVoiceChallengeRequest
) -> Response:
    row = await voice_challenge_service.verify(scope, path_number(phoneNumber), body.code)
    return json_response(qualified_number_view(row))


@router.get(
    "/qualifiedNumbers",
    operation_id="QualifiedNumberService_ListQualifiedNumbers",
    response_model=ListQualifiedNumber,
)
async def list_qualified_numbers(
    scope: HostingRead,
    page: ListWindow,
    order: ListOrder,
    states: Annotated[list[str] | None, Query()] = None,
    regionCode: Annotated[str | None, Query()] = None,
) -> Response:
    require("states", states)
    wanted = enum_filter("states", states or [], ProcessState, any_value=ProcessState.UNSPECIFIED)
    region = check_region(regionCode) if regionCode else None
    rows, total = await qualified_number_service.find(
        scope, page, order, states=wanted, region_code=region
    )
    return json_response(
        ListQualifiedNumber(
            qualified_numbers=[qualified_number_view(r) for r in rows],
            next_page_token=next_page_token(page, len(rows), total),
            total_size=total,
        )
    )


@router.get(
    "/qualifiedNumbers/{phoneNumber}",
    operation_id="QualifiedNumberService_GetQualifiedNumber",
    response_model=QualifiedNumberView,
)
async def get_qualified_number(scope: HostingRead, phoneNumber: str) -> Response:
    row = await qualified_number_service.get(scope, path_number(phoneNumber))
    return json_response(qualified_number_view(row))


@router.delete(
    "/qualifiedNumbers/{phoneNumber}", operation_id="QualifiedNumberService_DeleteQualifiedNumber"
)
async def delete_qualified_number(scope: HostingWrite, phoneNumber: str) -> Response:
    await qualified_number_service.delete(scope, path_number(phoneNumber))
    return Response(b"{}", media_type="application/json")
