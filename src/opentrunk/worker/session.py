"""The job's session, which takes SQLite's single-writer turn only when first used.

``Database.write_session()`` takes the process's writer turn (an asyncio lock, SQLite
only) as it opens. A job that first calls a webhook receiver or an SMTP server and then
records the outcome must not hold that turn while it waits on the network, or every
API write waits too. So the job session is bound to the write engine directly, and its
``get_bind`` (the hook SQLAlchemy documents for choosing a connection) takes the turn
through ``Database.write_session()`` just before the first statement. SQLAlchemy calls
``get_bind`` inside its greenlet bridge, where ``await_`` may wait for the turn.
On PostgreSQL there is no turn to take.
"""

from __future__ import annotations

from contextlib import AbstractAsyncContextManager
from typing import Any

from sqlalchemy.engine import Connection, Engine
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Session
from sqlalchemy.util import await_

from opentrunk.store.db import Database

__all__ = ["JobSession"]

_TURN = "opentrunk.writer_turn"


class _WriterTurn:
    def __init__(self, database: Database) -> None:
        self._database = database
        self._held: AbstractAsyncContextManager[AsyncSession] | None = None

    @property
    def held(self) -> bool:
        return self._held is not None

    async def acquire(self) -> None:
        if self._held is None:
            held = self._database.write_session()
            await held.__aenter__()  # the session it yields stays unused: only the turn
            self._held = held

    async def release(self) -> None:
        held, self._held = self._held, None
        if held is not None:
            await held.__aexit__(None, None, None)


class _TurnTakingSession(Session):
    def get_bind(
        self, mapper: Any = None, *, clause: Any = None, bind: Any = None, **kw: Any
    ) -> Engine | Connection:
        turn: _WriterTurn | None = self.info.get(_TURN)
        if turn is not None and not turn.held:
            await_(turn.acquire())
        return super().get_bind(mapper, clause=clause, bind=bind, **kw)


class JobSession:
    """Opens the job's session; ``close()`` ends its transaction and gives the turn
    back."""

    def __init__(self, database: Database) -> None:
        self._turn = _WriterTurn(database) if database.is_sqlite else None
        info = {_TURN: self._turn} if self._turn is not None else {}
        self.session = AsyncSession(
            bind=database.write_engine,
            sync_session_class=_TurnTakingSession,
            expire_on_commit=False,
            info=info,
        )

    async def close(self) -> None:
        try:
            await self.session.close()
        finally:
            if self._turn is not None:
                await self._turn.release()
