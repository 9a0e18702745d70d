"""Country permissions (project-wide)."""

from __future__ import annotations

from fastapi import APIRouter
from pydantic_core import to_json
from starlette.responses import Response

from opentrunk.api.deps import ReadScope, WriteScope
from opentrunk.api.respond import json_response
from opentrunk.trunking.countries import country_permission_service
from opentrunk.trunking.schemas import CountryPermissionOut, CountryPermissionUpdate

router = APIRouter(prefix="/v1/projects/{projectId}", tags=["Country Permissions"])


@router.get("/countryPermissions", operation_id="getCountryPermissions")
async def list_permissions(scope: ReadScope) -> Response:
    items = await country_permission_service.find(scope)
    body = {"countryPermissions": [i.model_dump(by_alias=True) for i in items]}
    return Response(to_json(body), media_type="application/json")


@router.get(
    "/countryPermissions/{isoCode}",
    operation_id="getCountryPermission",
    response_model=CountryPermissionOut,
)
async def get_permission(scope: ReadScope, isoCode: str) -> Response:
    return json_response(await country_permission_service.get(scope, isoCode))


@router.put(
    "/countryPermissions/{isoCode}",
    operation_id="updateCountryPermission",
    response_model=CountryPermissionOut,
)
async def update_permission(
    scope: WriteScope, isoCode: str, body: CountryPermissionUpdate
) -> Response:
    return json_response(await country_permission_service.update(scope, isoCode, body.enabled))
