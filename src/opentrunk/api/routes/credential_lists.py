"""Credential lists and credentials."""

from __future__ import annotations

from fastapi import APIRouter
from starlette.responses import Response

from opentrunk.api.deps import Pagination, ReadScope, WriteScope
from opentrunk.api.respond import json_response, no_content, page_response
from opentrunk.trunking.credentials import credential_list_out, credential_list_service
from opentrunk.trunking.schemas import (
    CredentialListInput,
    CredentialListOut,
    CredentialListUpdate,
    CredentialOut,
    CredentialPassword,
)
from opentrunk.trunking.trunks import trunk_out

router = APIRouter(prefix="/v1/projects/{projectId}", tags=["Credential Lists"])


@router.post(
    "/credentialLists", operation_id="createCredentialList", response_model=CredentialListOut
)
async def create_list(scope: WriteScope, body: CredentialListInput) -> Response:
    return json_response(credential_list_out(*await credential_list_service.create(scope, body)))


@router.get("/credentialLists", operation_id="getCredentialLists")
async def list_lists(scope: ReadScope, page: Pagination) -> Response:
    result, credentials = await credential_list_service.find(scope, page)
    return page_response(
        "credentialLists", result, [credential_list_out(r, credentials[r.id]) for r in result.items]
    )


@router.get(
    "/credentialLists/{id}", operation_id="getCredentialListById", response_model=CredentialListOut
)
async def get_list(scope: ReadScope, id: str) -> Response:
    return json_response(credential_list_out(*await credential_list_service.get(scope, id)))


@router.put(
    "/credentialLists/{id}", operation_id="updateCredentialList", response_model=CredentialListOut
)
async def update_list(scope: WriteScope, id: str, body: CredentialListUpdate) -> Response:
    return json_response(
        credential_list_out(*await credential_list_service.update(scope, id, body))
    )


@router.delete("/credentialLists/{id}", operation_id="deleteCredentialList", status_code=204)
async def delete_list(scope: WriteScope, id: str) -> Response:
    await credential_list_service.delete(scope, id)
    return no_content()


@router.get("/credentialLists/{id}/trunks", operation_id="trunksByCredentialList")
async def list_trunks(scope: ReadScope, id: str, page: Pagination) -> Response:
    result = await credential_list_service.trunks(scope, id, page)
    return page_response("trunks", result, [trunk_out(t) for t in result.items])


@router.put(
    "/credentialLists/{credentialListId}/credentials/{username}",
    operation_id="updateCredential",
    response_model=CredentialOut,
)
async def set_password(
    scope: WriteScope, credentialListId: str, username: str, body: CredentialPassword
) -> Response:
    credential = await credential_list_service.set_password(
        scope, credentialListId, username, body.password
    )
    return json_response(CredentialOut(id=credential.id, username=credential.username))


@router.delete(
    "/credentialLists/{credentialListId}/credentials/{username}",
    operation_id="deleteCredential",
    status_code=204,
)
async def delete_credential(scope: WriteScope, credentialListId: str, username: str) -> Response:
    await credential_list_service.delete_credential(scope, credentialListId, username)
    return no_content()
