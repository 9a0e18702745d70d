"""An aiosqlite look-alike that runs SQLite calls inline, on the event-loop thread.

aiosqlite hands every call (BEGIN, each statement, each fetch, ROLLBACK) to a worker
thread and wakes the loop when it is done: about nine thread round trips for one
``session.get``, which cost far more than the SQLite work itself (tens of microseconds
for a read by primary key in WAL mode). Read transactions in WAL mode never wait for a
lock, so running them inline cannot stall the loop on another writer; writes keep the
threaded driver, whose ``busy_timeout`` may legitimately wait.

SQLAlchemy's aiosqlite dialect accepts any connection object through
``async_creator``; this module provides the small surface it uses (checked against the
locked SQLAlchemy and aiosqlite versions by the whole test suite, which reads through it).
"""

from __future__ import annotations

import asyncio
import sqlite3
from collections.abc import Callable, Iterable, Sequence
from typing import Any

__all__ = ["InlineConnection", "inline_connector"]


class _InlineCursor:
    __slots__ = ("_cursor",)

    def __init__(self, cursor: sqlite3.Cursor) -> None:
        self._cursor = cursor

    async def __aenter__(self) -> _InlineCursor:
        return self

    async def __aexit__(self, *_: object) -> None:
        self._cursor.close()

    @property
    def description(self) -> Any:
        return self._cursor.description

    @property
    def rowcount(self) -> int:
        return self._cursor.rowcount

    @property
    def lastrowid(self) -> int | None:
        return self._cursor.lastrowid

    @property
    def arraysize(self) -> int:
        return self._cursor.arraysize

    @arraysize.setter
    def arraysize(self, value: int) -> None:
        self._cursor.arraysize = value

    async def execute(self, sql: str, parameters: Sequence[Any] | None = None) -> _InlineCursor:
        if parameters is None:
            self._cursor.execute(sql)
        else:
            self._cursor.execute(sql, parameters)
        return self

    async def executemany(self, sql: str, rows: Iterable[Sequence[Any]]) -> _InlineCursor:
        self._cursor.executemany(sql, rows)
        return self

    async def fetchone(self) -> Any:
        return self._cursor.fetchone()

    async def fetchmany(self, size: int | None = None) -> list[Any]:
        return self._cursor.fetchmany(size if size is not None else self._cursor.arraysize)

    async def fetchall(self) -> list[Any]:
        return self._cursor.fetchall()

    async def close(self) -> None:
        self._cursor.close()


class _CursorContext:
    """What ``connection.cursor()`` returns in aiosqlite: awaitable and an async
    context manager."""

    __slots__ = ("_connection",)

    def __init__(self, connection: sqlite3.Connection) -> None:
        self._connection = connection

    def __await__(self) -> Any:
        return self._make().__await__()

    async def _make(self) -> _InlineCursor:
        return _InlineCursor(self._connection.cursor())

    async def __aenter__(self) -> _InlineCursor:
        return await self._make()

    async def __aexit__(self, *_: object) -> None:
        return None


class _ImmediateQueue:
    """SQLAlchemy sets ``isolation_level`` by queueing a function for aiosqlite's
    thread; here it runs at once."""

    __slots__ = ()

    def put_nowait(self, item: tuple[asyncio.Future[Any], Callable[[], Any]]) -> None:
        future, function = item
        try:
            future.set_result(function())
        except Exception as error:  # handed back to the awaiting caller
            future.set_exception(error)


class InlineConnection:
    def __init__(self, connection: sqlite3.Connection) -> None:
        self._conn = connection
        self._connection: sqlite3.Connection | None = connection
        self._tx = _ImmediateQueue()

    @property
    def isolation_level(self) -> str | None:
        return self._conn.isolation_level

    def cursor(self) -> _CursorContext:
        return _CursorContext(self._conn)

    async def execute(self, sql: str, parameters: Sequence[Any] | None = None) -> _InlineCursor:
        return await _InlineCursor(self._conn.cursor()).execute(sql, parameters)

    def begin(self) -> None:
        self._conn.execute("BEGIN")

    async def create_function(self, *args: Any, **kwargs: Any) -> None:
        self._conn.create_function(*args, **kwargs)

    async def commit(self) -> None:
        self._conn.commit()

    async def rollback(self) -> None:
        self._conn.rollback()

    async def close(self) -> None:
        if self._connection is not None:
            self._connection = None
            self._conn.close()

    def stop(self) -> None:
        if self._connection is not None:
            self._connection = None
            self._conn.close()


def inline_connector(path: str) -> Callable[[], Any]:
    """An ``async_creator`` for ``create_async_engine``."""

    async def connect() -> InlineConnection:
        return InlineConnection(
            sqlite3.connect(path, check_same_thread=False, isolation_level=None)
        )

    return connect
