"""The operator API of number hosting (admin token): the steps Sinch does by hand.

Under ``/admin/projects/{projectId}``:

* ``POST /qualifiedNumbers/{phoneNumber}:review`` ``{"eligible": bool, "reason"}``:
  the invoice review (ELIGIBLE or NOT_ELIGIBLE).
* ``POST /qualifiedNumbers/{phoneNumber}:recordVerification``
  ``{"result": "VERIFIED" | "VERIFICATION_FAILED" | "VERIFICATION_BLOCKED", "reason"}``.
* ``POST /hostingOrders/{id}:completeStep`` ``{"step", "outcome": "DONE" | "FAILED",
  "failureCode", "errorMessage", "phoneNumbers"}``: a carrier's result for a step
  (``osrUpdate``, ``platformProvisioning``, ``campaignProvisioning`` or one carrier,
  ``smsAtt`` ``smsTmo`` ``mmsAtt`` ``mmsTmo``) on the numbers named, or on every number
  where that step is running.
* ``POST /hostingOrders/{id}:reject`` ``{"reason"}``.
* ``POST /importedNumbers/{phoneNumber}:completeStep``: the same for an imported
  number's running provisioning operation.
* ``GET /hostingOrders/{id}/events``: the order's audit trail;
  ``GET /hostingOrders/{id}/loa.pdf`` (``?signed=true``): its letter.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Annotated, Literal

from fastapi import APIRouter, Depends, Query
from pydantic import Field
from pydantic_core import to_json
from sqlalchemy import select
from starlette.responses import Response

from opentrunk.api.admin import AdminAuth
from opentrunk.api.deps import ProjectId, State
from opentrunk.api.respond import json_response
from opentrunk.hosting import signing
from opentrunk.hosting.flow import hosting_order_flow
from opentrunk.hosting.imported import imported_number_service
from opentrunk.hosting.imported_views import imported_number_detail_view
from opentrunk.hosting.numbers import path_number
from opentrunk.hosting.qualified import qualified_number_service
from opentrunk.hosting.repository import get_order
from opentrunk.hosting.scope import Actor, HostingScope
from opentrunk.hosting.states import FailureCode, ProcessState, Step
from opentrunk.hosting.views import hosting_order_view, qualified_number_view
from opentrunk.kit.timefmt import format_rfc3339
from opentrunk.kit.wire import RequestModel
from opentrunk.store.models import HostingEvent

router = APIRouter(prefix="/admin/projects/{projectId}", tags=["Operator: number hosting"])


async def _operator(
    _: AdminAuth,
    state: State,
    project_id: ProjectId,
) -> AsyncIterator[HostingScope]:
    async with state.database.write_session() as session:
        yield HostingScope(session, project_id, state.clock.now(), state.hosting, Actor.OPERATOR)
        await session.commit()


Operator = Annotated[HostingScope, Depends(_operator, scope="function")]


class Review(RequestModel):
    eligible: bool
    reason: str = Field(default="", max_length=255)


class Verification(RequestModel):
    result: Literal["VERIFIED", "VERIFICATION_FAILED", "VERIFICATION_BLOCKED"]
    reason: str = Field(default="", max_length=255)


class StepResult(RequestModel):
    step: Annotated[Step, Field(strict=False)]
    outcome: Literal["DONE", "FAILED"]
    failure_code: Annotated[FailureCode | None, Field(strict=False)] = None
    error_message: str = Field(default="", max_length=255)
    phone_numbers: list[str] | None = Field(default=None, max_length=500)


class Rejection(RequestModel):
    reason: str = Field(default="Rejected by the operator", min_length=1, max_length=255)


@router.post("/qualifiedNumbers/{phoneNumber}:review")
async def review(scope: Operator, phoneNumber: str, body: Review) -> Response:
    row = await qualified_number_service.review(
        scope, path_number(phoneNumber), eligible=body.eligible, reason=body.reason
    )
    return json_response(qualified_number_view(row))


@router.post("/qualifiedNumbers/{phoneNumber}:recordVerification")
async def record_verification(scope: Operator, phoneNumber: str, body: Verification) -> Response:
    row = await qualified_number_service.record_verification(
        scope,
        path_number(phoneNumber),
        result=ProcessState(f"GLOBAL_PROCESS_STATE_{body.result}"),
        reason=body.reason,
    )
    return json_response(qualified_number_view(row))


@router.post("/hostingOrders/{hostingOrderId}:completeStep")
async def complete_order_step(scope: Operator, hostingOrderId: str, body: StepResult) -> Response:
    order = await hosting_order_flow.complete_step(
        scope,
        hostingOrderId,
        body.step,
        succeeded=body.outcome == "DONE",
        code=body.failure_code.value if body.failure_code else "",
        message=body.error_message,
        numbers=body.phone_numbers,
    )
    return json_response(hosting_order_view(order))


@router.post("/hostingOrders/{hostingOrderId}:reject")
async def reject(scope: Operator, hostingOrderId: str, body: Rejection) -> Response:
    order = await hosting_order_flow.reject(scope, hostingOrderId, reason=body.reason)
    return json_response(hosting_order_view(order))


@router.post("/importedNumbers/{phoneNumber}:completeStep")
async def complete_imported_step(scope: Operator, phoneNumber: str, body: StepResult) -> Response:
    row = await imported_number_service.complete_step(
        scope,
        path_number(phoneNumber),
        body.step,
        succeeded=body.outcome == "DONE",
        code=body.failure_code.value if body.failure_code else "",
        message=body.error_message,
    )
    return json_response(imported_number_detail_view(row))


@router.get("/hostingOrders/{hostingOrderId}/events")
async def order_events(scope: Operator, hostingOrderId: str) -> Response:
    order = await get_order(scope, hostingOrderId)
    events = await scope.session.scalars(
        select(HostingEvent).where(HostingEvent.order_id == order.id).order_by(HostingEvent.id)
    )
    body = [
        {
            "time": format_rfc3339(e.create_time),
            "subject": e.subject,
            "phoneNumber": e.phone_number,
            "step": e.step,
            "event": e.event,
            "from": e.from_state,
            "to": e.to_state,
            "actor": e.actor,
            "detail": e.detail,
        }
        for e in events
    ]
    return Response(to_json({"events": body}), media_type="application/json")


@router.get("/hostingOrders/{hostingOrderId}/loa.pdf")
async def order_letter(
    scope: Operator, hostingOrderId: str, signed: Annotated[bool, Query()] = False
) -> Response:
    order = await get_order(scope, hostingOrderId)
    document = await signing.document(scope.session, order, "signed" if signed else "unsigned")
    return Response(document.content, media_type="application/pdf")
