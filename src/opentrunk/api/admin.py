"""The operator's door: the admin token (``Authorization: Bearer <token>``) and the
one transaction of an admin request, committed here before the response is sent.

    @router.post("/admin/things")
    async def act(session: AdminWriteSession) -> Response: ...
"""

from __future__ import annotations

import hmac
from collections.abc import AsyncIterator
from typing import Annotated

from fastapi import Depends, Request
from sqlalchemy.ext.asyncio import AsyncSession

from opentrunk.api.deps import State
from opentrunk.auth.secrets import hash_secret
from opentrunk.errors import NotFound, Unauthenticated

__all__ = ["AdminAuth", "AdminReadSession", "AdminWriteSession", "SandboxOn"]

_CHALLENGE = 'Bearer realm="opentrunk-admin"'


async def _admin(request: Request, state: State) -> None:
    scheme, _, token = (request.headers.get("authorization") or "").partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise Unauthenticated(
            "This is an operator endpoint: send the admin token as a Bearer token "
            "(OPENTRUNK_ADMIN_TOKEN, or the one the server printed on first start)",
            headers={"WWW-Authenticate": _CHALLENGE},
        )
    offered = hash_secret(token.strip())
    if not hmac.compare_digest(offered, state.runtime.admin_token_sha256):
        raise Unauthenticated("Invalid admin token", headers={"WWW-Authenticate": _CHALLENGE})


AdminAuth = Annotated[None, Depends(_admin)]


async def _sandbox_on(state: State, _: AdminAuth) -> None:
    if not state.settings.sandbox_enabled:
        raise NotFound(
            "The sandbox controls are off on this server (OPENTRUNK_SANDBOX=false)",
            reason="SANDBOX_DISABLED",
        )


SandboxOn = Annotated[None, Depends(_sandbox_on)]


async def _read_session(state: State, _: AdminAuth) -> AsyncIterator[AsyncSession]:
    async with state.database.read_session() as session:
        yield session


async def _write_session(state: State, _: AdminAuth) -> AsyncIterator[AsyncSession]:
    async with state.database.write_session() as session:
        yield session
        await session.commit()


AdminReadSession = Annotated[AsyncSession, Depends(_read_session, scope="function")]
AdminWriteSession = Annotated[AsyncSession, Depends(_write_session, scope="function")]
