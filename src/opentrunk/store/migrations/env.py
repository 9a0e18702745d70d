"""Alembic environment. Migrations run through ``opentrunk.store.migrate`` (at server
start and by ``opentrunk db upgrade``) with a connection handed in, or from the
``alembic`` command line with the URL from ``OPENTRUNK_DATABASE_URL``."""

from __future__ import annotations

import asyncio

from alembic import context
from sqlalchemy.engine import Connection
from sqlalchemy.ext.asyncio import create_async_engine

from opentrunk.config import Settings
from opentrunk.store import models  # noqa: F401  (registers every table)
from opentrunk.store.base import Base

target_metadata = Base.metadata


def _run(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


async def _run_from_url(url: str) -> None:
    engine = create_async_engine(url)
    async with engine.connect() as connection:
        await connection.run_sync(_run)
        await connection.commit()
    await engine.dispose()


connection = context.config.attributes.get("connection")
if connection is not None:
    _run(connection)
else:
    asyncio.run(_run_from_url(Settings().resolved_database_url()))
