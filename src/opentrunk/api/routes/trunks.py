"""SIP trunks and their ACL / credential-list links."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Body, Query
from starlette.responses import Response

from opentrunk.api.deps import Pagination, ReadScope, WriteScope
from opentrunk.api.point_reads import PointRoute
from opentrunk.api.respond import json_response, no_content, page_response
from opentrunk.api.sorting import parse_sort
from opentrunk.store.models import Trunk
from opentrunk.trunking.credentials import credential_list_out, credential_list_service
from opentrunk.trunking.schemas import (
    AccessControlListIds,
    CredentialListIds,
    CredentialListOut,
    Id,
    TrunkInput,
    TrunkOut,
)
from opentrunk.trunking.trunks import trunk_out, trunk_service

router = APIRouter(prefix="/v1/projects/{projectId}", tags=["SIP Trunks"])
#: ``get_trunk``'s common case, answered in front of the routes (``api.point_reads``).
point_routes = [PointRoute("/v1/projects/{project_id}/trunks/{id}", Trunk, trunk_out)]


@router.post("/trunks", operation_id="createSipTrunk", status_code=201, response_model=TrunkOut)
async def create_trunk(scope: WriteScope, body: TrunkInput) -> Response:
    return json_response(trunk_out(await trunk_service.create(scope, body)), 201)


@router.get("/trunks", operation_id="getSipTrunks")
async def list_trunks(
    scope: ReadScope, page: Pagination, domain: Annotated[str | None, Query()] = None
) -> Response:
    result = await trunk_service.find(scope, page, domain)
    return page_response("trunks", result, [trunk_out(t) for t in result.items])


@router.get("/trunks/{sipTrunkId}", operation_id="getSipTrunkById", response_model=TrunkOut)
async def get_trunk(scope: ReadScope, sipTrunkId: str) -> Response:
    return json_response(trunk_out(await trunk_service.get(scope, sipTrunkId)))


@router.put("/trunks/{sipTrunkId}", operation_id="updateSipTrunk", response_model=TrunkOut)
async def update_trunk(scope: WriteScope, sipTrunkId: str, body: TrunkInput) -> Response:
    return json_response(trunk_out(await trunk_service.update(scope, sipTrunkId, body)))


@router.delete("/trunks/{sipTrunkId}", operation_id="deleteSipTrunk", status_code=204)
async def delete_trunk(scope: WriteScope, sipTrunkId: str) -> Response:
    await trunk_service.delete(scope, sipTrunkId)
    return no_content()


@router.post("/trunks/{trunkId}/accessControlLists", operation_id="addAccessControlListToTrunk")
async def add_acls(scope: WriteScope, trunkId: str, body: AccessControlListIds) -> Response:
    ids = await trunk_service.add_access_control_lists(scope, trunkId, body.access_control_list_ids)
    # Sinch answers an empty request with an empty object.
    content = (
        b"{}"
        if not ids
        else AccessControlListIds(access_control_list_ids=ids)
        .model_dump_json(by_alias=True)
        .encode()
    )
    return Response(content, media_type="application/json")


@router.get("/trunks/{trunkId}/accessControlLists", operation_id="getAccessControlListsForTrunk")
async def list_trunk_acls(scope: ReadScope, trunkId: str, page: Pagination) -> Response:
    result = await trunk_service.list_access_control_lists(scope, trunkId, page)
    return page_response("accessControlListIds", result, result.items)


@router.delete(
    "/trunks/{trunkId}/accessControlLists/{accessControlListId}",
    operation_id="deleteAccessControlListFromTrunk",
    status_code=204,
)
async def remove_acl(scope: WriteScope, trunkId: str, accessControlListId: str) -> Response:
    await trunk_service.remove_access_control_list(scope, trunkId, accessControlListId)
    return no_content()


@router.post("/trunks/{trunkId}/credentialLists", operation_id="addCredentialListToTrunk")
async def add_credential_lists(
    scope: WriteScope, trunkId: str, body: CredentialListIds
) -> Response:
    ids = await trunk_service.add_credential_lists(scope, trunkId, body.credential_list_ids)
    return Response(
        CredentialListIds(credential_list_ids=ids).model_dump_json(by_alias=True),
        media_type="application/json",
    )


@router.put("/trunks/{trunkId}/credentialLists", operation_id="bulkUpdateCredentialListsForTrunk")
async def replace_credential_lists(
    scope: WriteScope,
    trunkId: str,
    body: Annotated[CredentialListIds | list[Id], Body()],
) -> Response:
    # The official SDK sends {"credentialListIds": [...]}; the OpenAPI document a bare array.
    wanted = body.credential_list_ids if isinstance(body, CredentialListIds) else body
    ids = await trunk_service.replace_credential_lists(scope, trunkId, wanted)
    return Response(
        CredentialListIds(credential_list_ids=ids).model_dump_json(by_alias=True),
        media_type="application/json",
    )


@router.get("/trunks/{trunkId}/credentialLists", operation_id="getCredentialListsForTrunk")
async def list_trunk_credential_lists(
    scope: ReadScope,
    trunkId: str,
    page: Pagination,
    sort: Annotated[list[str] | None, Query()] = None,
) -> Response:
    order = parse_sort(sort, {"id", "name", "createTime"})
    descending = bool(order and order[0][1])
    result = await trunk_service.list_credential_lists(scope, trunkId, page, descending)
    credentials = await credential_list_service.credentials_of(scope, [r.id for r in result.items])
    lists: list[CredentialListOut] = [
        credential_list_out(r, credentials[r.id]) for r in result.items
    ]
    # The SDK reads full objects under credentialLists; the spec names credentialListIds.
    return page_response(
        "credentialLists", result, lists, also=[("credentialListIds", [r.id for r in result.items])]
    )


@router.delete(
    "/trunks/{trunkId}/credentialLists/{credentialListId}",
    operation_id="removeCredentialListFromTrunk",
    status_code=204,
)
async def remove_credential_list(
    scope: WriteScope, trunkId: str, credentialListId: str
) -> Response:
    await trunk_service.remove_credential_list(scope, trunkId, credentialListId)
    return no_content()
