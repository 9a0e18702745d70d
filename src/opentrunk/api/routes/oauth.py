"""``POST /oauth2/token``: OAuth2 client credentials (RFC 6749 §4.4), as Sinch's auth
server answers it. Errors here use the OAuth2 error shape, which token clients expect."""

from __future__ import annotations

from typing import Annotated
from urllib.parse import parse_qsl

from fastapi import APIRouter, Header, Request
from pydantic_core import to_json
from starlette.responses import Response

from opentrunk.api.deps import State
from opentrunk.auth.service import BasicCredentials, parse_basic
from opentrunk.errors import Unauthenticated

router = APIRouter(tags=["Authentication"])


def _oauth_error(status: int, error: str, description: str) -> Response:
    headers = {"WWW-Authenticate": 'Basic realm="opentrunk"'} if status == 401 else None
    body = {"error": error, "error_description": description}
    return Response(to_json(body), status, headers=headers, media_type="application/json")


@router.post(
    "/oauth2/token",
    summary="Issue an access token (client credentials)",
    responses={400: {"description": "unsupported grant"}, 401: {"description": "bad client"}},
)
async def issue_token(
    request: Request,
    state: State,
    authorization: Annotated[str | None, Header()] = None,
) -> Response:
    form = dict(parse_qsl((await request.body()).decode("utf-8", "replace")))
    if form.get("grant_type") != "client_credentials":
        return _oauth_error(400, "unsupported_grant_type", "grant_type must be client_credentials")
    try:
        if authorization:
            credentials = parse_basic(authorization)
        elif form.get("client_id") and form.get("client_secret") is not None:
            credentials = BasicCredentials(form["client_id"], form["client_secret"])
        else:
            return _oauth_error(401, "invalid_client", "send the key id and secret as HTTP Basic")
        async with state.database.read_session() as session:
            principal = await state.keys.authenticate(session, credentials)
    except Unauthenticated as exc:
        return _oauth_error(401, "invalid_client", exc.message)
    issued = state.tokens.issue(
        project_id=principal.project_id, key_id=principal.key_id, now=state.clock.now()
    )
    body = {
        "access_token": issued.access_token,
        "expires_in": issued.expires_in,
        "scope": "",
        "token_type": "bearer",
    }
    return Response(
        to_json(body),
        200,
        headers={"Cache-Control": "no-store"},
        media_type="application/json",
    )
