"""Request dependencies: the app state, the authenticated principal, and the project
scope whose session is the request's one transaction (committed in exactly one place,
here, before the response is sent)."""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from typing import Annotated

from fastapi import Depends, Path, Query, Request
from sqlalchemy.ext.asyncio import AsyncSession

from opentrunk.api.state import AppState
from opentrunk.auth.service import Principal, parse_basic
from opentrunk.errors import FieldViolation, InvalidArgument, Unauthenticated
from opentrunk.kit.pagination import PageRequest, page_request
from opentrunk.kit.wire import has_nul
from opentrunk.trunking.config_versions import record_config_change
from opentrunk.trunking.scope import ProjectScope

__all__ = [
    "Pagination",
    "ProjectId",
    "ReadScope",
    "State",
    "WriteScope",
    "authenticate",
    "project_transaction",
    "reject_nul_in_url",
]

_CHALLENGE = 'Bearer realm="opentrunk", Basic realm="opentrunk"'


async def _state(request: Request) -> AppState:
    state: AppState = request.app.state.opentrunk
    return state


State = Annotated[AppState, Depends(_state)]
ProjectId = Annotated[str, Path(alias="projectId", min_length=1, max_length=64)]


async def reject_nul_in_url(request: Request) -> None:
    """Path and query parameters obey the rule bodies do (``kit.wire.reject_nul``): no NUL,
    which PostgreSQL cannot compare against. Runs before any other dependency."""
    for name, value in (*request.path_params.items(), *request.query_params.multi_items()):
        if has_nul(name) or has_nul(value):
            raise InvalidArgument(
                f"Parameter '{name}' must not contain the NUL character (U+0000)",
                violations=[FieldViolation(name, "must not contain the NUL character")],
            )


async def authenticate(request: Request, state: AppState, session: AsyncSession) -> Principal:
    header = request.headers.get("authorization")
    if not header:
        raise Unauthenticated(
            "Missing Authorization header: send a Bearer token or HTTP Basic key credentials",
            headers={"WWW-Authenticate": _CHALLENGE},
        )
    scheme, _, value = header.partition(" ")
    if scheme.lower() == "bearer":
        claims = state.tokens.verify(value.strip(), now=state.clock.now())
        return Principal(claims.project_id, claims.key_id)
    if scheme.lower() == "basic":
        return await state.keys.authenticate(session, parse_basic(header))
    raise Unauthenticated(
        f"Unsupported authorization scheme '{scheme}'", headers={"WWW-Authenticate": _CHALLENGE}
    )


async def _read_scope(
    request: Request, state: State, project_id: ProjectId
) -> AsyncIterator[ProjectScope]:
    async with state.database.read_session() as session:
        principal = await authenticate(request, state, session)
        await state.keys.authorize(session, principal.project_id, project_id)
        yield ProjectScope(
            session, project_id, state.clock.now(), state.trunking, principal.project_id
        )


@asynccontextmanager
async def project_transaction(
    state: AppState,
    project_id: str,
    *,
    authorize: Callable[[AsyncSession], Awaitable[str]] | None = None,
) -> AsyncIterator[ProjectScope]:
    """One write transaction on a project: ``authorize`` (given the session) names the
    caller's project or raises; when the body ends, a configuration change is recorded
    and the transaction committed, and only then is the change told to an edge in this
    process. An exception from the body rolls everything back."""
    async with state.database.write_session() as session:
        caller = await authorize(session) if authorize is not None else ""
        scope = ProjectScope(session, project_id, state.clock.now(), state.trunking, caller)
        yield scope
        if scope.config_changed:
            await record_config_change(session, project_id, scope.now)
        await session.commit()
    if scope.config_changed:
        state.changes.publish(project_id)


async def _write_scope(
    request: Request, state: State, project_id: ProjectId
) -> AsyncIterator[ProjectScope]:
    async def authorize(session: AsyncSession) -> str:
        principal = await authenticate(request, state, session)
        await state.keys.authorize(session, principal.project_id, project_id)
        return principal.project_id

    async with project_transaction(state, project_id, authorize=authorize) as scope:
        yield scope


ReadScope = Annotated[ProjectScope, Depends(_read_scope, scope="function")]
WriteScope = Annotated[ProjectScope, Depends(_write_scope, scope="function")]


async def _pagination(
    page: Annotated[str | None, Query(description="1-based page number")] = None,
    size: Annotated[str | None, Query(description="Items per page (1-500, default 500)")] = None,
) -> PageRequest:
    return page_request(page, size, default_size=500, max_size=500)


Pagination = Annotated[PageRequest, Depends(_pagination)]
