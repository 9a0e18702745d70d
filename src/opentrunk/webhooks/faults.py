"""Sandbox faults for callback delivery: make the next N deliveries to a URL fail
without reaching it, to exercise a receiver's (and the retry schedule's) failure paths.

Modes: ``status`` (as if the receiver answered ``statusCode``), ``down`` (as if the
connection was refused), ``timeout`` (as if it never answered). A fault is consumed by
the attempt it fails, in that attempt's transaction, and removed once spent.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from sqlalchemy import delete, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from opentrunk.errors import FieldViolation, InvalidArgument
from opentrunk.kit.ids import new_ulid
from opentrunk.store.models import WebhookFault

__all__ = [
    "FaultMode",
    "InjectedFailure",
    "add_fault",
    "clear_faults",
    "consume",
    "list_faults",
    "match",
]

MAX_COUNT = 1000


class FaultMode(StrEnum):
    STATUS = "status"
    DOWN = "down"
    TIMEOUT = "timeout"


@dataclass(frozen=True, slots=True)
class InjectedFailure:
    status_code: int | None
    error: str | None


def _failure(fault: WebhookFault) -> InjectedFailure:
    if fault.mode == FaultMode.STATUS:
        return InjectedFailure(fault.status_code, None)
    if fault.mode == FaultMode.DOWN:
        return InjectedFailure(None, "connection refused (injected fault)")
    return InjectedFailure(None, "timed out waiting for the receiver (injected fault)")


async def add_fault(
    session: AsyncSession,
    *,
    url: str,
    count: int,
    mode: FaultMode,
    status_code: int | None,
    now: datetime,
) -> WebhookFault:
    violations = []
    if not 1 <= count <= MAX_COUNT:
        violations.append(FieldViolation("count", f"must be between 1 and {MAX_COUNT}"))
    if mode == FaultMode.STATUS:
        if status_code is None or not 300 <= status_code <= 599:
            violations.append(FieldViolation("statusCode", "must be a failure status, 300-599"))
    elif status_code is not None:
        violations.append(
            FieldViolation("statusCode", f"only applies to mode '{FaultMode.STATUS}'")
        )
    if violations:
        raise InvalidArgument("Invalid fault: " + "; ".join(
            f"{v.field} {v.description}" for v in violations), violations=violations)  # fmt: skip
    fault = WebhookFault(
        id=new_ulid(),
        url=url,
        mode=mode.value,
        status_code=status_code,
        remaining=count,
        create_time=now,
    )
    session.add(fault)
    await session.flush()
    return fault


async def list_faults(session: AsyncSession) -> list[WebhookFault]:
    return list(await session.scalars(select(WebhookFault).order_by(WebhookFault.id)))


async def clear_faults(session: AsyncSession) -> int:
    result = await session.execute(delete(WebhookFault).returning(WebhookFault.id))
    return len(result.all())


async def match(session: AsyncSession, url: str) -> WebhookFault | None:
    """The oldest fault still armed for ``url``."""
    statement = (
        select(WebhookFault)
        .where(WebhookFault.url == url, WebhookFault.remaining > 0)
        .order_by(WebhookFault.id)
        .limit(1)
    )
    return (await session.scalars(statement)).first()


async def consume(session: AsyncSession, fault: WebhookFault) -> InjectedFailure | None:
    """Use one of the fault's deliveries; ``None`` if another attempt used the last one
    first."""
    left = await session.scalar(
        update(WebhookFault)
        .where(WebhookFault.id == fault.id, WebhookFault.remaining > 0)
        .values(remaining=WebhookFault.remaining - 1)
        .returning(WebhookFault.remaining)
    )
    if left is None:
        return None
    if left == 0:
        await session.execute(delete(WebhookFault).where(WebhookFault.id == fault.id))
    return _failure(fault)
