from __future__ import annotations

from fastapi import APIRouter
from sqlalchemy import text
from starlette.responses import Response

from opentrunk.api.deps import State
from opentrunk.api.errors import error_response

router = APIRouter(tags=["Health"])


@router.get("/healthz", summary="Liveness and database reachability")
async def health(state: State) -> Response:
    try:
        async with state.database.read_session() as session:
            await session.execute(text("SELECT 1"))
    except Exception:
        return error_response(503, "database unreachable", status="UNAVAILABLE")
    return Response(b'{"status":"ok"}', media_type="application/json")
