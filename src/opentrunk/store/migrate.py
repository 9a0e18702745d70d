"""Apply Alembic migrations programmatically (server start, ``opentrunk db upgrade``)."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy.engine import Connection

from opentrunk.store.db import Database

__all__ = ["alembic_config", "upgrade"]

_MIGRATIONS = Path(__file__).parent / "migrations"


def alembic_config() -> Config:
    config = Config()
    config.set_main_option("script_location", str(_MIGRATIONS))
    return config


def _upgrade(connection: Connection, revision: str) -> None:
    config = alembic_config()
    config.attributes["connection"] = connection
    command.upgrade(config, revision)


async def upgrade(database: Database, revision: str = "head") -> None:
    """Bring the schema to ``revision``. Safe to run on every start and from several
    nodes: PostgreSQL serialises concurrent runs with an advisory lock."""
    async with database.write_engine.connect() as connection:
        if not database.is_sqlite:
            await connection.exec_driver_sql("SELECT pg_advisory_lock(727001)")
        await connection.run_sync(_upgrade, revision)
        if not database.is_sqlite:
            await connection.exec_driver_sql("SELECT pg_advisory_unlock(727001)")
        await connection.commit()
