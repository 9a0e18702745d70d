"""Access control lists and their IP ranges."""

from __future__ import annotations

from fastapi import APIRouter
from starlette.responses import Response

from opentrunk.api.deps import Pagination, ReadScope, WriteScope
from opentrunk.api.respond import json_response, no_content, page_response
from opentrunk.trunking.acls import acl_out, acl_service, ip_range_out
from opentrunk.trunking.schemas import (
    AccessControlListInput,
    AccessControlListOut,
    AccessControlListUpdate,
    IpRangeInput,
    IpRangeOut,
)
from opentrunk.trunking.trunks import trunk_out

router = APIRouter(prefix="/v1/projects/{projectId}", tags=["Access Control Lists"])


@router.post(
    "/accessControlLists",
    operation_id="createAccessControlList",
    response_model=AccessControlListOut,
)
async def create_acl(scope: WriteScope, body: AccessControlListInput) -> Response:
    return json_response(acl_out(*await acl_service.create(scope, body)))


@router.get("/accessControlLists", operation_id="getAccessControlList")
async def list_acls(scope: ReadScope, page: Pagination) -> Response:
    result, ranges = await acl_service.find(scope, page)
    return page_response(
        "accessControlLists", result, [acl_out(a, ranges[a.id]) for a in result.items]
    )


@router.get(
    "/accessControlLists/{id}",
    operation_id="getAccessListById",
    response_model=AccessControlListOut,
)
async def get_acl(scope: ReadScope, id: str) -> Response:
    return json_response(acl_out(*await acl_service.get(scope, id)))


@router.put(
    "/accessControlLists/{id}",
    operation_id="updateAccessControlList",
    response_model=AccessControlListOut,
)
async def update_acl(scope: WriteScope, id: str, body: AccessControlListUpdate) -> Response:
    return json_response(acl_out(*await acl_service.update(scope, id, body)))


@router.delete("/accessControlLists/{id}", operation_id="deleteAccessControlList", status_code=204)
async def delete_acl(scope: WriteScope, id: str) -> Response:
    await acl_service.delete(scope, id)
    return no_content()


@router.get("/accessControlLists/{id}/trunks", operation_id="trunksByACL")
async def acl_trunks(scope: ReadScope, id: str, page: Pagination) -> Response:
    result = await acl_service.trunks(scope, id, page)
    return page_response("trunks", result, [trunk_out(t) for t in result.items])


@router.post(
    "/accessControlLists/{accessControlListId}/ipRanges",
    operation_id="addIpRangeToAccessControlList",
    response_model=IpRangeOut,
)
async def add_range(scope: WriteScope, accessControlListId: str, body: IpRangeInput) -> Response:
    return json_response(
        ip_range_out(await acl_service.add_range(scope, accessControlListId, body))
    )


@router.get(
    "/accessControlLists/{accessControlListId}/ipRanges",
    operation_id="getIpRangesForAccessControlList",
)
async def list_ranges(scope: ReadScope, accessControlListId: str, page: Pagination) -> Response:
    result = await acl_service.list_ranges(scope, accessControlListId, page)
    return page_response("ipRanges", result, [ip_range_out(r) for r in result.items])


@router.put(
    "/accessControlLists/{accessControlListId}/ipRanges/{ipRangeId}",
    operation_id="updateIpRangeFromAccessControlList",
    response_model=IpRangeOut,
)
async def update_range(
    scope: WriteScope, accessControlListId: str, ipRangeId: str, body: IpRangeInput
) -> Response:
    row = await acl_service.update_range(scope, accessControlListId, ipRangeId, body)
    return json_response(ip_range_out(row))


@router.delete(
    "/accessControlLists/{accessControlListId}/ipRanges/{ipRangeId}",
    operation_id="deleteIpRangeFromAccessControlList",
    status_code=204,
)
async def delete_range(scope: WriteScope, accessControlListId: str, ipRangeId: str) -> Response:
    await acl_service.delete_range(scope, accessControlListId, ipRangeId)
    return no_content()
