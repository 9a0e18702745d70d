"""The project's callback signing secret (``hmacSecret``), which signs every callback of
this API (``X-Sinch-Signature``). Errors here use the nested ``{"error": {...}}`` form.
A project's first read gives it a random secret, so callbacks are signed from the
start; an empty secret turns signing off."""

from __future__ import annotations

from fastapi import APIRouter
from starlette.responses import Response

from opentrunk.api.respond import json_response
from opentrunk.api.routes._hosting import HostingWrite
from opentrunk.hosting.schemas import CallbackConfigurationUpdate
from opentrunk.hosting.views import CallbackConfigurationView
from opentrunk.webhooks import get_or_create, update

router = APIRouter(
    prefix="/v1/projects/{projectId}", tags=["Imported Numbers and Hosting Orders Callbacks"]
)


@router.get(
    "/callbackConfiguration",
    operation_id="GetCallbackConfiguration",
    response_model=CallbackConfigurationView,
)
async def get_configuration(scope: HostingWrite) -> Response:
    row = await get_or_create(scope.session, scope.project_id, now=scope.now)
    return json_response(
        CallbackConfigurationView(project_id=row.project_id, hmac_secret=row.hmac_secret)
    )


@router.patch(
    "/callbackConfiguration",
    operation_id="UpdateCallbackConfiguration",
    response_model=CallbackConfigurationView,
)
async def update_configuration(
    scope: HostingWrite, body: CallbackConfigurationUpdate | None = None
) -> Response:
    if body is None or body.hmac_secret is None:
        row = await get_or_create(scope.session, scope.project_id, now=scope.now)
    else:
        row = await update(
            scope.session, scope.project_id, hmac_secret=body.hmac_secret, now=scope.now
        )
    return json_response(
        CallbackConfigurationView(project_id=row.project_id, hmac_secret=row.hmac_secret)
    )
