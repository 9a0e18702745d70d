"""Queries shared by the hosting services: rows owned by the project, and a window of
a statement with its total."""

from __future__ import annotations

from typing import Any, TypeVar

from sqlalchemy import Select, func, select

from opentrunk.errors import NotFound
from opentrunk.hosting.listing import Ordering, Window
from opentrunk.hosting.scope import HostingScope
from opentrunk.store.models import HostingOrder, ImportedNumber, QualifiedNumber

__all__ = ["get_imported", "get_order", "get_qualified", "ordered", "windowed"]

M = TypeVar("M")


async def get_order(
    scope: HostingScope, order_id: str, *, for_update: bool = False
) -> HostingOrder:
    statement = select(HostingOrder).where(
        HostingOrder.id == order_id.strip().lower(), HostingOrder.project_id == scope.project_id
    )
    if for_update:
        statement = statement.with_for_update()
    row = await scope.session.scalar(statement)
    if row is None:
        raise NotFound(f"Hosting order '{order_id}' not found", reason="HOSTING_ORDER_NOT_FOUND")
    return row


async def get_qualified(scope: HostingScope, number: str) -> QualifiedNumber:
    row = await scope.session.scalar(
        select(QualifiedNumber).where(
            QualifiedNumber.project_id == scope.project_id, QualifiedNumber.phone_number == number
        )
    )
    if row is None:
        raise NotFound(f"Qualified number {number} not found", reason="QUALIFIED_NUMBER_NOT_FOUND")
    return row


async def get_imported(scope: HostingScope, number: str) -> ImportedNumber:
    row = await scope.session.scalar(
        select(ImportedNumber).where(
            ImportedNumber.project_id == scope.project_id, ImportedNumber.phone_number == number
        )
    )
    if row is None:
        raise NotFound(f"Imported number {number} not found", reason="IMPORTED_NUMBER_NOT_FOUND")
    return row


def ordered(statement: Select[Any], model: Any, order: Ordering) -> Select[Any]:
    column = (
        model.create_time
        if order.field == "createdTime"
        else func.coalesce(model.update_time, model.create_time)
    )
    key = model.id
    if order.descending:
        return statement.order_by(column.desc(), key.desc())
    return statement.order_by(column, key)


async def windowed(
    scope: HostingScope, statement: Select[Any], page: Window
) -> tuple[list[Any], int]:
    total = await scope.session.scalar(
        select(func.count()).select_from(statement.order_by(None).subquery())
    )
    rows = (await scope.session.scalars(statement.offset(page.offset).limit(page.limit))).all()
    return list(rows), total or 0
