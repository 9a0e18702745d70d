"""Reads of one row by equality on some of its columns, straight on the SQLite driver.

A read through a session costs far more than SQLite's own work for it: the session and
its transaction, the ORM's identity map and instance loading, and SQLAlchemy's greenlet
bridge for every statement (about 190 us for a trunk by id, against about 10 us in
SQLite). ``PointReads`` keeps one statement per (model, columns), compiled by SQLAlchemy
for the SQLite dialect once, and runs it on a connection of its own, inline on the loop
thread like every other read (``_inline_sqlite`` says why that is safe in WAL mode). Each
statement is its own transaction (autocommit), so a read sees every commit made before
it. Values come back through the columns' own result processors (booleans, the UTC
datetime type), as the ORM would give them, in a named tuple whose fields are the
model's attribute names.

Only the embedded SQLite database has one; on PostgreSQL every read goes through a
session.
"""

from __future__ import annotations

import sqlite3
from collections import namedtuple
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import and_, bindparam, select
from sqlalchemy.dialects import sqlite

from opentrunk.store.base import Base

__all__ = ["PointReads", "Unreadable"]


class Unreadable(Exception):
    """SQLite could not answer at this moment (say, busy recovering the WAL): the caller
    takes its usual path instead."""


@dataclass(frozen=True, slots=True)
class _Statement:
    sql: str
    #: The ``where`` names in the order the statement binds them.
    parameters: tuple[str, ...]
    row_type: Callable[..., Any]
    processors: tuple[Callable[[Any], Any] | None, ...]


class PointReads:
    def __init__(self, path: str) -> None:
        self._path = path
        self._connection: sqlite3.Connection | None = None
        self._dialect = sqlite.dialect(paramstyle="qmark")
        self._statements: dict[tuple[type[Base], tuple[str, ...]], _Statement] = {}

    def one(self, model: type[Base], **where: str) -> Any | None:
        """The row of ``model`` whose columns (by attribute name) equal ``where``, or None.
        Meant for a unique match (a primary key among them); a second row is ignored."""
        names = tuple(where)
        statement = self._statements.get((model, names))
        if statement is None:
            statement = self._statements[(model, names)] = self._prepare(model, names)
        try:
            if self._connection is None:
                self._connection = self._connect()
            parameters = tuple(where[name] for name in statement.parameters)
            raw = self._connection.execute(statement.sql, parameters).fetchone()
        except sqlite3.Error as error:
            raise Unreadable(str(error)) from error
        if raw is None:
            return None
        return statement.row_type(
            *(
                value if process is None else process(value)
                for value, process in zip(raw, statement.processors, strict=True)
            )
        )

    def _connect(self) -> sqlite3.Connection:
        # Opened on first use: by then the migrations have made the file and its tables.
        connection = sqlite3.connect(self._path, check_same_thread=False, isolation_level=None)
        connection.execute("PRAGMA query_only=ON")
        return connection

    def _prepare(self, model: type[Base], names: Sequence[str]) -> _Statement:
        attributes = list(model.__mapper__.column_attrs)
        columns = [attribute.columns[0] for attribute in attributes]
        condition = and_(
            *(model.__mapper__.columns[name] == bindparam(name, type_=None) for name in names)
        )
        compiled = select(*columns).where(condition).compile(dialect=self._dialect)
        return _Statement(
            sql=str(compiled),
            parameters=tuple(compiled.positiontup or ()),
            row_type=namedtuple(f"{model.__name__}Row", [a.key for a in attributes]),
            processors=tuple(
                column.type.dialect_impl(self._dialect).result_processor(self._dialect, None)
                for column in columns
            ),
        )

    def close(self) -> None:
        if self._connection is not None:
            self._connection.close()
            self._connection = None
