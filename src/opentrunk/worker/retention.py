"""Retention: finished jobs are deleted ``job_retention_days`` after they finished.

The worker runs the deletion as a periodic task (when it starts, then hourly on its
clock), in short transactions of at most ``PRUNE_BATCH`` rows, so on SQLite the single
writer is never held for long and on PostgreSQL no transaction grows with the backlog.
*todo* and *doing* jobs are never deleted; ``job_retention_days = 0`` keeps every job.

``prune`` and ``prune_past_retention`` serve other packages' retention tasks too
(``webhooks``).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Protocol

from sqlalchemy.ext.asyncio import AsyncSession

from opentrunk.store.db import Database
from opentrunk.worker import queue
from opentrunk.worker.registry import HandlerRegistry, PeriodicContext

__all__ = [
    "PRUNE_BATCH",
    "PRUNE_INTERVAL",
    "DeleteBatch",
    "housekeeping",
    "prune",
    "prune_finished_jobs",
    "prune_past_retention",
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


class DeleteBatch(Protocol):
    """Deletes up to ``limit`` rows past retention (older than ``before``) in the
    caller's transaction; returns how many."""

    async def __call__(self, session: AsyncSession, *, before: datetime, limit: int) -> int: ...


async def prune(
    database: Database,
    delete_batch: DeleteBatch,
    *,
    before: datetime,
    batch: int = PRUNE_BATCH,
    stopping: Callable[[], bool] = _never,
) -> int:
    """Run ``delete_batch`` in one short write transaction after another, ``batch`` rows
    at most each, until one deletes nothing or ``stopping()``; returns the total."""
    total = 0
    while not stopping():
        async with database.write_session() as session:
            deleted = await delete_batch(session, before=before, limit=batch)
            await session.commit()
        if deleted == 0:
            break
        total += deleted
    return total


async def prune_past_retention(
    ctx: PeriodicContext, days: int, delete_batch: DeleteBatch, *, what: str, logger: logging.Logger
) -> None:
    """A periodic task's body: delete what is older than ``days`` (0 keeps everything)
    and log how many ``what`` went."""
    if days == 0:  # keep forever
        return
    before = ctx.now - timedelta(days=days)
    deleted = await prune(ctx.database, delete_batch, before=before, stopping=ctx.stopping)
    if deleted:
        logger.info("deleted %d %s before %s", deleted, what, before.isoformat())


@housekeeping.every(PRUNE_INTERVAL, name="worker.prune-jobs")
async def prune_finished_jobs(ctx: PeriodicContext) -> None:
    await prune_past_retention(
        ctx, ctx.settings.job_retention_days, queue.delete_finished,
        what="jobs that finished", logger=log,
    )  # fmt: skip
