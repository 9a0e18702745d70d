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
from datetime import datetime

from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncSession

from opentrunk.store.models import WebhookDelivery, WebhookEvent
from opentrunk.webhooks.delivery import jobs
from opentrunk.webhooks.outbox import EventStatus
from opentrunk.worker import PeriodicContext
from opentrunk.worker.retention import PRUNE_INTERVAL, prune_past_retention

__all__ = ["ENDED", "delete_ended", "prune_ended_callbacks"]

log = logging.getLogger("opentrunk.webhooks")

#: The statuses in which delivery has ended (``resend`` can start it again).
ENDED = (EventStatus.DELIVERED, EventStatus.FAILED)


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


@jobs.every(PRUNE_INTERVAL, name="webhooks.prune-callbacks")
async def prune_ended_callbacks(ctx: PeriodicContext) -> None:
    await prune_past_retention(
        ctx, ctx.settings.callback_retention_days, delete_ended,
        what="callbacks whose delivery ended", logger=log,
    )  # fmt: skip
