"""The operator API of SIP trunking (admin token): what Sinch sets on request.

Under ``/admin/projects/{projectId}``:

* ``PATCH /trunks/{sipTrunkId}`` ``{"callsPerSecond": 50}``: the trunk's calls-per-second
  limit (1 to 1,000,000; read-only in the EST API, default 1). Answers the trunk as
  ``GET /v1/projects/{projectId}/trunks/{sipTrunkId}`` does; the SIP edge reloads the
  project and enforces the new limit from its next call.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Annotated

from fastapi import APIRouter, Depends
from pydantic import Field
from starlette.responses import Response

from opentrunk.api.admin import AdminAuth
from opentrunk.api.deps import ProjectId, State, project_transaction
from opentrunk.api.respond import json_response
from opentrunk.kit.wire import RequestModel
from opentrunk.trunking.schemas import TrunkOut
from opentrunk.trunking.scope import ProjectScope
from opentrunk.trunking.trunks import MAX_CALLS_PER_SECOND, trunk_out, trunk_service

router = APIRouter(prefix="/admin/projects/{projectId}", tags=["Operator: SIP trunking"])


async def _operator(
    _: AdminAuth,
    state: State,
    project_id: ProjectId,
) -> AsyncIterator[ProjectScope]:
    """The project's scope in one transaction, committed before the response; a
    configuration change is recorded in it and then told to an edge in this process, as
    for the EST API's writes."""
    async with project_transaction(state, project_id) as scope:
        yield scope


Operator = Annotated[ProjectScope, Depends(_operator, scope="function")]


class TrunkLimits(RequestModel):
    calls_per_second: int = Field(ge=1, le=MAX_CALLS_PER_SECOND)


@router.patch(
    "/trunks/{sipTrunkId}",
    operation_id="setSipTrunkLimits",
    summary="Set a trunk's callsPerSecond",
    response_model=TrunkOut,
)
async def set_trunk_limits(scope: Operator, sipTrunkId: str, body: TrunkLimits) -> Response:
    trunk = await trunk_service.set_calls_per_second(scope, sipTrunkId, body.calls_per_second)
    return json_response(trunk_out(trunk))
