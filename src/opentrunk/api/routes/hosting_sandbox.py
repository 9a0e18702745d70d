"""The sandbox's inboxes of number hosting (admin token): the emails sent (LOA signing
requests, with the letter attached) and the voice-challenge calls (with their codes).

* ``GET /sandbox/emails`` (``?projectId=``, ``?to=``)
* ``GET /sandbox/emails/{emailId}/attachment``: the attached PDF
* ``GET /sandbox/challengeCalls`` (``?projectId=``, ``?phoneNumber=``)
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query
from pydantic_core import to_json
from starlette.responses import Response

from opentrunk.api.admin import AdminAuth
from opentrunk.api.deps import State
from opentrunk.hosting import inbox
from opentrunk.hosting.numbers import path_number
from opentrunk.kit.timefmt import format_rfc3339

router = APIRouter(prefix="/sandbox", tags=["Sandbox: number hosting"])


def _json(body: object) -> Response:
    return Response(to_json(body), media_type="application/json")


@router.get("/emails")
async def list_emails(
    _: AdminAuth,
    state: State,
    projectId: Annotated[str | None, Query()] = None,
    to: Annotated[str | None, Query()] = None,
) -> Response:
    async with state.database.read_session() as session:
        rows = await inbox.emails(session, project_id=projectId, to=to)
    return _json(
        {
            "emails": [
                {
                    "id": e.id,
                    "projectId": e.project_id,
                    "hostingOrderId": e.order_id,
                    "to": e.to_address,
                    "subject": e.subject,
                    "body": e.body,
                    "attachment": e.attachment_name or None,
                    "status": e.status,
                    "createTime": format_rfc3339(e.create_time),
                    "sentTime": format_rfc3339(e.sent_time) if e.sent_time else None,
                }
                for e in rows
            ]
        }
    )


@router.get("/emails/{emailId}/attachment")
async def email_attachment(_: AdminAuth, state: State, emailId: str) -> Response:
    async with state.database.read_session() as session:
        email, document = await inbox.email_attachment(session, emailId)
    return Response(
        document.content,
        media_type="application/pdf",
        headers={"Content-Disposition": f'attachment; filename="{email.attachment_name}"'},
    )


@router.get("/challengeCalls")
async def list_challenge_calls(
    _: AdminAuth,
    state: State,
    projectId: Annotated[str | None, Query()] = None,
    phoneNumber: Annotated[str | None, Query()] = None,
) -> Response:
    number = path_number(phoneNumber) if phoneNumber else None
    async with state.database.read_session() as session:
        rows = await inbox.challenge_calls(session, project_id=projectId, phone_number=number)
    return _json(
        {
            "challengeCalls": [
                {
                    "id": c.id,
                    "projectId": c.project_id,
                    "phoneNumber": c.phone_number,
                    "code": c.code,
                    "status": c.status,
                    "createTime": format_rfc3339(c.create_time),
                    "expireTime": format_rfc3339(c.expire_time),
                    "placedTime": format_rfc3339(c.placed_time) if c.placed_time else None,
                }
                for c in rows
            ]
        }
    )
