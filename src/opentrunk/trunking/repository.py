"""Queries shared by the trunking services: fetch a row owned by the project, and
paginate a statement."""

from __future__ import annotations

from typing import Any, TypeVar

from sqlalchemy import Select, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from opentrunk.errors import NotFound
from opentrunk.kit.pagination import Page, PageRequest

__all__ = ["get_owned", "paginate"]

M = TypeVar("M")


async def get_owned(
    session: AsyncSession, model: type[M], project_id: str, row_id: str, what: str
) -> M:
    """The row with ``row_id`` if it belongs to ``project_id``; a row of another project
    is reported exactly like a missing one, so ids do not leak across projects."""
    row = await session.get(model, row_id)
    if row is None or getattr(row, "project_id", None) != project_id:
        raise NotFound(
            f"{what} '{row_id}' not found", reason=f"{what.upper().replace(' ', '_')}_NOT_FOUND"
        )
    return row


async def paginate(session: AsyncSession, statement: Select[Any], page: PageRequest) -> Page[Any]:
    total = await session.scalar(
        select(func.count()).select_from(statement.order_by(None).subquery())
    )
    rows = (await session.scalars(statement.offset(page.offset).limit(page.size))).all()
    return Page(items=list(rows), total=total or 0, request=page)
