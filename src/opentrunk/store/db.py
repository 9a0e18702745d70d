"""Engines and sessions for SQLite (embedded default) and PostgreSQL.

SQLite allows one writer at a time. Rather than let concurrent requests collide and
fail with "database is locked", write transactions in this process are serialised by
an asyncio lock and start with ``BEGIN IMMEDIATE`` (so a read-then-write transaction can
never lose its snapshot); reads run concurrently on WAL snapshots, inline on the event
loop's thread (``_inline_sqlite``). ``busy_timeout`` covers other processes (a separate
worker role) holding the write lock.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import event
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import (
    AsyncEngine,
    AsyncSession,
    async_sessionmaker,
    create_async_engine,
)

from opentrunk.store._inline_sqlite import inline_connector
from opentrunk.store.point_reads import PointReads

__all__ = ["Database"]


def _sqlite_engine(url: str, *, immediate: bool) -> AsyncEngine:
    database = make_url(url).database
    if immediate or not database or database == ":memory:":
        engine = create_async_engine(url, pool_size=8, max_overflow=8)
    else:
        # Reads run inline on the loop thread (see _inline_sqlite for why).
        engine = create_async_engine(
            url, async_creator=inline_connector(database), pool_size=8, max_overflow=8
        )

    @event.listens_for(engine.sync_engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        # Take over transaction control from the driver so BEGIN is ours to emit.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA busy_timeout=10000")
        cursor.close()

    if immediate:

        @event.listens_for(engine.sync_engine, "begin")
        def _on_begin_immediate(connection: Any) -> None:
            connection.exec_driver_sql("BEGIN IMMEDIATE")

    else:

        @event.listens_for(engine.sync_engine, "begin")
        def _on_begin(connection: Any) -> None:
            # Straight to the inline driver: a full SQLAlchemy execution of "BEGIN" would
            # cost more than the read it opens.
            connection.connection.driver_connection.begin()

    return engine


class Database:
    """Owns the engines. Build one per process with :meth:`open`, close with
    :meth:`dispose`."""

    def __init__(self, url: str) -> None:
        self.url = url
        parsed = make_url(url)
        self.dialect = parsed.get_backend_name()
        self._write_lock: asyncio.Lock | None = None
        #: Point reads on the raw driver: only for a SQLite file (see ``point_reads``).
        self.point_reads: PointReads | None = None
        if self.dialect == "sqlite":
            if parsed.database and parsed.database != ":memory:":
                Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
                self.point_reads = PointReads(parsed.database)
            self.write_engine = _sqlite_engine(url, immediate=True)
            self.read_engine = _sqlite_engine(url, immediate=False)
            self._write_lock = asyncio.Lock()
        else:
            self.write_engine = create_async_engine(url, pool_size=10, max_overflow=10)
            self.read_engine = self.write_engine
        self._write_sessions = async_sessionmaker(self.write_engine, expire_on_commit=False)
        self._read_sessions = async_sessionmaker(self.read_engine, expire_on_commit=False)

    @property
    def is_sqlite(self) -> bool:
        return self.dialect == "sqlite"

    @asynccontextmanager
    async def write_session(self) -> AsyncIterator[AsyncSession]:
        """A session whose transaction the caller commits; rolled back if it does not."""
        if self._write_lock is None:
            async with self._write_sessions() as session:
                yield session
            return
        async with self._write_lock, self._write_sessions() as session:
            yield session

    @asynccontextmanager
    async def read_session(self) -> AsyncIterator[AsyncSession]:
        async with self._read_sessions() as session:
            yield session

    async def dispose(self) -> None:
        if self.point_reads is not None:
            self.point_reads.close()
        await self.write_engine.dispose()
        if self.read_engine is not self.write_engine:
            await self.read_engine.dispose()
