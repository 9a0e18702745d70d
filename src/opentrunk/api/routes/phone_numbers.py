"""Phone numbers on trunks. Sinch's current API only reads them; assignment (which its
guides and older API versions do) is offered three ways, documented in the README:
``POST /phoneNumbers`` ``{sipTrunkId, phoneNumber}`` (``sipTrunkId: ""`` unassigns),
``POST /trunks/{sipTrunkId}/phoneNumbers`` ``{phoneNumber}``, and
``DELETE /phoneNumbers/{phoneNumber}``."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query
from starlette.responses import Response

from opentrunk.api.deps import Pagination, ReadScope, WriteScope
from opentrunk.api.respond import json_response, no_content, page_response
from opentrunk.api.sorting import parse_sort
from opentrunk.trunking.numbers import phone_number_out, phone_number_service
from opentrunk.trunking.schemas import PhoneNumberAssignment, PhoneNumberOut, TrunkPhoneNumberInput

router = APIRouter(prefix="/v1/projects/{projectId}", tags=["Phone Numbers"])

_SORTABLE = {"id", "phoneNumber", "createTime", "countryCode"}


@router.get("/phoneNumbers", operation_id="GetPhoneNumbers")
async def list_numbers(
    scope: ReadScope,
    page: Pagination,
    sipTrunkId: Annotated[str | None, Query()] = None,
    sort: Annotated[list[str] | None, Query()] = None,
) -> Response:
    order = parse_sort(sort, _SORTABLE)
    name, descending = order[0] if order else ("id", False)
    result = await phone_number_service.find(
        scope, page, trunk_id=sipTrunkId, descending=descending, order_by=name
    )
    return page_response("phoneNumbers", result, [phone_number_out(n) for n in result.items])


@router.post(
    "/phoneNumbers",
    operation_id="AssignPhoneNumber",
    status_code=201,
    response_model=PhoneNumberOut,
)
async def assign_number(scope: WriteScope, body: PhoneNumberAssignment) -> Response:
    if not body.sip_trunk_id:
        await phone_number_service.unassign(scope, body.phone_number)
        return no_content()
    row = await phone_number_service.assign(scope, body.phone_number, body.sip_trunk_id)
    return json_response(phone_number_out(row), 201)


@router.get(
    "/phoneNumbers/{phoneNumber}",
    operation_id="GetPhoneNumberByNumber",
    response_model=PhoneNumberOut,
)
async def get_number(scope: ReadScope, phoneNumber: str) -> Response:
    return json_response(phone_number_out(await phone_number_service.get(scope, phoneNumber)))


@router.delete("/phoneNumbers/{phoneNumber}", operation_id="UnassignPhoneNumber", status_code=204)
async def unassign_number(scope: WriteScope, phoneNumber: str) -> Response:
    await phone_number_service.unassign(scope, phoneNumber)
    return no_content()


@router.post(
    "/trunks/{sipTrunkId}/phoneNumbers",
    operation_id="AddPhoneNumberToTrunk",
    status_code=201,
    response_model=PhoneNumberOut,
)
async def add_number_to_trunk(
    scope: WriteScope, sipTrunkId: str, body: TrunkPhoneNumberInput
) -> Response:
    row = await phone_number_service.assign(scope, body.phone_number, sipTrunkId)
    return json_response(phone_number_out(row), 201)
