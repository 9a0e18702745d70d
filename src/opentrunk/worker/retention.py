"""Retention: finished jobs are deleted ``job_retention_days`` after they finished.

The worker runs the deletion as a periodic task (when it starts, then hourly on its
clock), in short transactions of at most ``PRUNE_BATCH`` rows, so on SQLite the single
writer is never held for long and on PostgreSQL no transaction grows with the backlog.
*todo* and *doing* jobs are never deleted; ``job_retention_days = 0`` keeps every job.

``in_batches`` is the loop other packages' retention tasks use too (``webhooks``).
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from datetime import datetime, timedelta

from sqlalchemy.ext.asyncio import AsyncSession

from opentrunk.store.db import Database
from opentrunk.worker import queue
from opentrunk.worker.registry import HandlerRegistry, PeriodicContext

__all__ = [
    "PRUNE_BATCH",
    "PRUNE_INTERVAL",
    "housekeeping",
    "in_batches",
    "prune_finished_jobs",
    "prune_jobs",
]

log = logging.getLogger("opentrunk.worker")

#: Rows deleted per transaction, at most.
PRUNE_BATCH = 1000
#: How often a worker looks for rows past their retention.
PRUNE_INTERVAL = timedelta(hours=1)

#: The worker's own periodic tasks; the runtime includes them in its worker's registry.
housekeeping = HandlerRegistry()


def _never() -> bool:
    return False


async def in_batches(
    database: Database,
    step: Callable[[AsyncSession], Awaitable[int]],
    *,
    stopping: Callable[[], bool] = _never,
) -> int:
    """Run ``step`` (which deletes a bounded batch and returns how many rows it deleted)
    in one short write transaction after another, until a batch deletes nothing or
    ``stopping()``; returns the total."""
    total = 0
    while not stopping():
        async with database.write_session() as session:
            deleted = await step(session)
            await session.commit()
        if deleted == 0:
            break
        total += deleted
    return total


async def prune_jobs(
    database: Database,
    *,
    before: datetime,
    batch: int = PRUNE_BATCH,
    stopping: Callable[[], bool] = _never,
) -> int:
    """Delete every job that finished before ``before``, ``batch`` per transaction."""

    async def step(session: AsyncSession) -> int:
        return await queue.delete_finished(session, before=before, limit=batch)

    return await in_batches(database, step, stopping=stopping)


@housekeeping.every(PRUNE_INTERVAL, name="worker.prune-jobs")
async def prune_finished_jobs(ctx: PeriodicContext) -> None:
    days = ctx.settings.job_retention_days
    if days == 0:  # keep forever
        return
    before = ctx.now - timedelta(days=days)
    deleted = await prune_jobs(ctx.database, before=before, stopping=ctx.stopping)
    if deleted:
        log.info("deleted %d jobs that finished before %s", deleted, before.isoformat())
