"""The cross-process half of configuration change notices.

In one process the API tells the edge through ``ConfigChangeFeed`` after the commit.
An edge in another process (``opentrunk serve --role sip``) learns of a change from the
database instead: every change bumps the project's row in ``config_versions`` in the
same transaction, which the edge polls (a few times a second on SQLite), and on
PostgreSQL the transaction also sends ``NOTIFY opentrunk_config, '<project id>'``,
delivered at commit, which the edge LISTENs for.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select, text
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession

from opentrunk.store.models import ConfigVersion

__all__ = ["NOTIFY_CHANNEL", "config_versions", "record_config_change"]

NOTIFY_CHANNEL = "opentrunk_config"


async def record_config_change(session: AsyncSession, project_id: str, now: datetime) -> None:
    """Bump the project's configuration version (the caller commits)."""
    dialect = session.get_bind().dialect.name
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    statement = insert(ConfigVersion).values(project_id=project_id, version=1, update_time=now)
    await session.execute(
        statement.on_conflict_do_update(
            index_elements=[ConfigVersion.project_id],
            set_={"version": ConfigVersion.version + 1, "update_time": now},
        )
    )
    if dialect == "postgresql":
        await session.execute(
            text("SELECT pg_notify(:channel, :project_id)"),
            {"channel": NOTIFY_CHANNEL, "project_id": project_id},
        )


async def config_versions(session: AsyncSession) -> dict[str, int]:
    """Every project's configuration version."""
    rows = await session.execute(select(ConfigVersion.project_id, ConfigVersion.version))
    return {project_id: version for project_id, version in rows}
