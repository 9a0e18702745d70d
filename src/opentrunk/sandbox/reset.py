"""Reset: back to a fresh server that keeps its projects, access keys and secrets.

Every other table is emptied, whichever package owns it (tables added later are
included without changes here), children before parents; the clock offset returns to
zero. Jobs in flight lose their rows, so their workers roll back what they were doing
(see ``opentrunk.worker``).
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncSession

from opentrunk.sandbox.clock import reset_offset
from opentrunk.store.base import Base
from opentrunk.store.models import Project

__all__ = ["KEPT_TABLES", "reset"]

KEPT_TABLES = frozenset(
    {
        "projects",
        "access_keys",
        "server_secrets",
        "callback_configurations",
        "sandbox_clock",
    }
)


async def reset(session: AsyncSession, *, wall: datetime) -> list[str]:
    """Empty every table but the kept ones, in the caller's transaction; returns the
    ids of the projects (whose SIP configuration the caller should announce as
    changed)."""
    for table in reversed(Base.metadata.sorted_tables):
        if table.name not in KEPT_TABLES:
            await session.execute(delete(table))
    await reset_offset(session, wall=wall)
    return list(await session.scalars(select(Project.id)))
