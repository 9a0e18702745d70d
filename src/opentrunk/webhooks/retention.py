"""Retention of the outbox: a callback whose delivery ended (``delivered``, or ``failed``
after its last attempt) is deleted, with its delivery attempts, ``callback_retention_days``
after its last attempt (domain time: sandbox time where the sandbox is on). A
``pending`` callback is never deleted, however old; ``callback_retention_days = 0``
keeps every callback.

Once deleted, a callback is gone from ``GET /admin/webhooks`` and the sandbox inbox,
and ``:resend`` answers 404 like for an id that never existed. A delivery job still
queued for it (there is none once delivery ended) would find nothing and do nothing.

Every worker runs the deletion hourly (``opentrunk.worker.retention``), in transactions
of about ``PRUNE_BATCH`` rows, callbacks and attempts counted together.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime, timedelta

from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncSession

from opentrunk.store.db import Database
from opentrunk.store.models import WebhookDelivery, WebhookEvent
from opentrunk.webhooks.delivery import jobs
from opentrunk.webhooks.outbox import EventStatus
from opentrunk.worker import PeriodicContext
from opentrunk.worker.retention import PRUNE_BATCH, PRUNE_INTERVAL, in_batches

__all__ = ["ENDED", "delete_ended", "prune_callbacks", "prune_ended_callbacks"]

log = logging.getLogger("opentrunk.webhooks")

#: The statuses in which delivery has ended (``resend`` can start it again).
ENDED = (EventStatus.DELIVERED, EventStatus.FAILED)


def _never() -> bool:
    return False


async def delete_ended(session: AsyncSession, *, before: datetime, limit: int) -> int:
    """Delete callbacks whose delivery ended before ``before`` together with their
    delivery attempts, about ``limit`` rows in all (at least one callback, however many
    attempts it had); the caller commits. Returns how many callbacks were deleted.

    On PostgreSQL the callbacks are locked first (``SKIP LOCKED``), so a concurrent
    ``resend`` either makes one ``pending`` before it is chosen, or waits and then finds
    it gone."""
    if limit < 1:
        raise ValueError("limit must be at least 1")
    candidates = await session.execute(
        select(WebhookEvent.id, WebhookEvent.attempts)
        .where(WebhookEvent.status.in_(ENDED), WebhookEvent.last_attempt_time < before)
        .limit(limit)
        .with_for_update(skip_locked=True)
    )
    chosen: list[str] = []
    rows = 0
    for event_id, attempts in candidates:
        # ``attempts`` counts the event's rows in the delivery log.
        if chosen and rows + 1 + attempts > limit:
            break
        chosen.append(event_id)
        rows += 1 + attempts
    if not chosen:
        return 0
    unsynchronised = {"synchronize_session": False}
    await session.execute(
        delete(WebhookDelivery).where(WebhookDelivery.event_id.in_(chosen)),
        execution_options=unsynchronised,
    )
    await session.execute(
        delete(WebhookEvent).where(WebhookEvent.id.in_(chosen)),
        execution_options=unsynchronised,
    )
    return len(chosen)


async def prune_callbacks(
    database: Database,
    *,
    before: datetime,
    batch: int = PRUNE_BATCH,
    stopping: Callable[[], bool] = _never,
) -> int:
    """Delete every callback whose delivery ended before ``before`` (with its attempts),
    about ``batch`` rows per transaction; returns how many callbacks."""

    async def step(session: AsyncSession) -> int:
        return await delete_ended(session, before=before, limit=batch)

    return await in_batches(database, step, stopping=stopping)


@jobs.every(PRUNE_INTERVAL, name="webhooks.prune-callbacks")
async def prune_ended_callbacks(ctx: PeriodicContext) -> None:
    days = ctx.settings.callback_retention_days
    if days == 0:  # keep forever
        return
    before = ctx.now - timedelta(days=days)
    deleted = await prune_callbacks(ctx.database, before=before, stopping=ctx.stopping)
    if deleted:
        log.info("deleted %d callbacks whose delivery ended before %s", deleted,
                 before.isoformat())  # fmt: skip
