"""The sandbox clock: real time (or a test's clock) plus an offset that only grows.

The offset lives in the database so every node, and the worker, agree on the time.
``now()`` must not wait on the database, so each process keeps the offset in memory:
it is set when this process advances the clock, and ``follow`` re-reads it so an
advance made on another node is seen within a poll interval. Whoever moved the clock
wakes the worker (``subscribe``), so timers that became due run at once.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from datetime import datetime, timedelta

from sqlalchemy import select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession

from opentrunk.clock import Clock
from opentrunk.errors import FieldViolation, InvalidArgument
from opentrunk.store.db import Database
from opentrunk.store.models import SandboxClockOffset

__all__ = ["MAX_ADVANCE", "SandboxClock", "advance_offset", "load_offset", "reset_offset"]

log = logging.getLogger("opentrunk.sandbox")

#: Far enough for any workflow (years of timers), near enough that dates stay valid.
MAX_ADVANCE = timedelta(days=3660)
_ROW = 1
#: Past this total the dates a workflow computes could leave ``datetime``'s range.
_LIMIT_US = (MAX_ADVANCE * 10) // timedelta(microseconds=1)


def _as_offset(microseconds: int) -> timedelta:
    return timedelta(microseconds=microseconds)


async def load_offset(session: AsyncSession) -> timedelta:
    stored = await session.scalar(
        select(SandboxClockOffset.offset_us).where(SandboxClockOffset.id == _ROW)
    )
    return _as_offset(stored or 0)


async def advance_offset(session: AsyncSession, delta: timedelta, *, wall: datetime) -> timedelta:
    """Move the shared offset forward by ``delta`` in the caller's transaction and
    return the new offset."""
    if delta < timedelta(0) or delta > MAX_ADVANCE:
        raise InvalidArgument(
            f"The clock moves forward by 0 to {MAX_ADVANCE.days} days at a time",
            violations=[FieldViolation("seconds", "must be between 0 and 316224000")],
        )
    step = delta // timedelta(microseconds=1)
    connection = await session.connection()
    insert = postgresql.insert if connection.dialect.name == "postgresql" else sqlite.insert
    await session.execute(
        insert(SandboxClockOffset)
        .values(id=_ROW, offset_us=0, update_time=wall)
        .on_conflict_do_nothing(index_elements=[SandboxClockOffset.id])
    )
    total = await session.scalar(
        update(SandboxClockOffset)
        .where(SandboxClockOffset.id == _ROW, SandboxClockOffset.offset_us <= _LIMIT_US - step)
        .values(offset_us=SandboxClockOffset.offset_us + step, update_time=wall)
        .returning(SandboxClockOffset.offset_us)
    )
    if total is None:
        raise InvalidArgument("The sandbox clock cannot move further; reset the sandbox")
    return _as_offset(total)


async def reset_offset(session: AsyncSession, *, wall: datetime) -> None:
    await session.execute(
        update(SandboxClockOffset)
        .where(SandboxClockOffset.id == _ROW)
        .values(offset_us=0, update_time=wall)
    )


class SandboxClock:
    """A ``Clock``: ``base.now()`` plus the shared offset."""

    def __init__(self, base: Clock) -> None:
        self.base = base
        self._offset = timedelta(0)
        self._listeners: list[Callable[[], None]] = []

    def now(self) -> datetime:
        return self.base.now() + self._offset

    @property
    def offset(self) -> timedelta:
        return self._offset

    def subscribe(self, listener: Callable[[], None]) -> None:
        self._listeners.append(listener)

    def set_offset(self, offset: timedelta) -> None:
        """Adopt a committed offset (call after the commit); wakes the listeners."""
        if offset == self._offset:
            return
        self._offset = offset
        for listener in self._listeners:
            listener()

    async def follow(self, database: Database, interval: timedelta) -> None:
        """Re-read the shared offset every ``interval`` (advances made on other nodes),
        until cancelled."""
        while True:
            await asyncio.sleep(interval.total_seconds())
            try:
                async with database.read_session() as session:
                    self.set_offset(await load_offset(session))
            except Exception:
                log.exception("could not read the sandbox clock")
