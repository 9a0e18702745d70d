"""SIP endpoints of a trunk."""

from __future__ import annotations

from fastapi import APIRouter
from starlette.responses import Response

from opentrunk.api.deps import Pagination, ReadScope, WriteScope
from opentrunk.api.point_reads import PointRoute
from opentrunk.api.respond import json_response, no_content, page_response
from opentrunk.store.models import SipEndpoint
from opentrunk.trunking.endpoints import endpoint_out, sip_endpoint_service
from opentrunk.trunking.registrations import registration_out, registration_service
from opentrunk.trunking.schemas import SipEndpointInput, SipEndpointOut

router = APIRouter(prefix="/v1/projects/{projectId}/trunks/{sipTrunkId}", tags=["SIP Endpoints"])
#: ``get_endpoint``'s common case, answered in front of the routes (``api.point_reads``).
point_routes = [
    PointRoute(
        "/v1/projects/{project_id}/trunks/{sip_trunk_id}/endpoints/{id}", SipEndpoint, endpoint_out
    )
]


@router.post(
    "/endpoints", operation_id="createSipEndpoint", status_code=201, response_model=SipEndpointOut
)
async def create_endpoint(scope: WriteScope, sipTrunkId: str, body: SipEndpointInput) -> Response:
    return json_response(
        endpoint_out(await sip_endpoint_service.create(scope, sipTrunkId, body)), 201
    )


@router.get("/endpoints", operation_id="getSipEndpoint")
async def list_endpoints(scope: ReadScope, sipTrunkId: str, page: Pagination) -> Response:
    result = await sip_endpoint_service.find(scope, sipTrunkId, page)
    return page_response("endpoints", result, [endpoint_out(e) for e in result.items])


@router.get(
    "/endpoints/{sipEndpointId}", operation_id="getSipEndpointById", response_model=SipEndpointOut
)
async def get_endpoint(scope: ReadScope, sipTrunkId: str, sipEndpointId: str) -> Response:
    return json_response(
        endpoint_out(await sip_endpoint_service.get(scope, sipTrunkId, sipEndpointId))
    )


@router.put(
    "/endpoints/{sipEndpointId}", operation_id="updateSipEndpoint", response_model=SipEndpointOut
)
async def update_endpoint(
    scope: WriteScope, sipTrunkId: str, sipEndpointId: str, body: SipEndpointInput
) -> Response:
    row = await sip_endpoint_service.update(scope, sipTrunkId, sipEndpointId, body)
    return json_response(endpoint_out(row))


@router.delete("/endpoints/{sipEndpointId}", operation_id="deleteSipEndpoint", status_code=204)
async def delete_endpoint(scope: WriteScope, sipTrunkId: str, sipEndpointId: str) -> Response:
    await sip_endpoint_service.delete(scope, sipTrunkId, sipEndpointId)
    return no_content()


@router.get(
    "/endpoints/{sipEndpointId}/registrations",
    operation_id="getSipEndpointRegistrations",
    summary="Live REGISTER bindings of a registered endpoint (opentrunk extension)",
)
async def list_registrations(
    scope: ReadScope, sipTrunkId: str, sipEndpointId: str, page: Pagination
) -> Response:
    result = await registration_service.find(scope, sipTrunkId, sipEndpointId, page)
    return page_response("registrations", result, [registration_out(r) for r in result.items])
