"""``opentrunk db``: schema migrations."""

from __future__ import annotations

import asyncio

import click

from opentrunk.config import Settings

__all__ = ["db"]


@click.group()
def db() -> None:
    """Database schema commands."""


@db.command()
@click.option("--database-url", help="SQLAlchemy URL; default: SQLite file in the data dir")
@click.argument("revision", default="head")
def upgrade(database_url: str | None, revision: str) -> None:
    """Apply migrations up to REVISION (default: head)."""
    from opentrunk.store.db import Database
    from opentrunk.store.migrate import upgrade as run_upgrade

    settings = Settings(database_url=database_url) if database_url else Settings()

    async def run() -> None:
        database = Database(settings.resolved_database_url())
        try:
            await run_upgrade(database, revision)
        finally:
            await database.dispose()

    asyncio.run(run())
    click.echo(f"database at {revision}")
