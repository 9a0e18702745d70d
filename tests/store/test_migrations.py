"""The schema comes from Alembic migrations, on SQLite and PostgreSQL alike."""

from __future__ import annotations

from sqlalchemy import inspect, text

from opentrunk.store.base import Base
from opentrunk.store.db import Database
from opentrunk.store.migrate import upgrade


async def test_migrations_create_every_table_and_rerun_cleanly(database_url):
    database = Database(database_url)
    try:
        await upgrade(database)
        await upgrade(database)  # a restart applies nothing twice
        async with database.write_engine.connect() as connection:
            tables = set(await connection.run_sync(lambda c: inspect(c).get_table_names()))
            version = (
                await connection.execute(text("SELECT version_num FROM alembic_version"))
            ).scalar()
        assert set(Base.metadata.tables) <= tables
        assert version
    finally:
        await database.dispose()


async def test_sqlite_runs_in_wal_mode(tmp_path):
    database = Database(f"sqlite+aiosqlite:///{tmp_path / 'x.db'}")
    try:
        await upgrade(database)
        async with database.read_session() as session:
            mode = (await session.execute(text("PRAGMA journal_mode"))).scalar()
            foreign_keys = (await session.execute(text("PRAGMA foreign_keys"))).scalar()
        assert (mode, foreign_keys) == ("wal", 1)
    finally:
        await database.dispose()
