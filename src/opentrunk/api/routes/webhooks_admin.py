"""The callback delivery log for operators (admin token):

* ``GET /admin/webhooks`` (``?projectId=``, ``?status=``, ``?url=``, ``?pageSize=``,
  ``?pageToken=``): callbacks and their attempts, oldest first.
* ``GET /admin/webhooks/{eventId}``
* ``POST /admin/webhooks/{eventId}:resend``: deliver again now, same ``eventId`` and
  body, with a new retry schedule.
"""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Path, Query
from starlette.responses import Response

from opentrunk.api.admin import AdminReadSession, AdminWriteSession
from opentrunk.api.deps import State
from opentrunk.api.respond import json_response
from opentrunk.webhooks import resend, views

router = APIRouter(prefix="/admin/webhooks", tags=["Operator: callbacks"])

EventId = Annotated[str, Path(min_length=1, max_length=64)]


@router.get("", summary="Callbacks and their delivery attempts")
async def list_webhooks(
    session: AdminReadSession,
    projectId: Annotated[str | None, Query(max_length=64)] = None,
    status: Annotated[Literal["pending", "delivered", "failed"] | None, Query()] = None,
    url: Annotated[str | None, Query(max_length=2048)] = None,
    pageSize: Annotated[int, Query(ge=1, le=1000)] = 100,
    pageToken: Annotated[str, Query(pattern=r"^\d{0,9}$")] = "",
) -> Response:
    page = await views.list_events(
        session,
        project_id=projectId,
        status=status,
        url=url,
        since=None,
        offset=int(pageToken or 0),
        limit=pageSize,
    )
    return json_response(page)


@router.get("/{eventId}", summary="One callback and its delivery attempts")
async def get_webhook(session: AdminReadSession, eventId: EventId) -> Response:
    return json_response(await views.get_event(session, eventId))


@router.post("/{eventId}:resend", summary="Deliver a callback again")
async def resend_webhook(state: State, session: AdminWriteSession, eventId: EventId) -> Response:
    event = await resend(session, eventId, now=state.clock.now())
    return json_response(views.event_out(event, []))
