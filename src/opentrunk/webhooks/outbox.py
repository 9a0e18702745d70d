"""The transactional outbox: a callback is a row written in the same transaction as the
state change it reports, together with the job that delivers it. If the transaction
rolls back, no callback exists; if it commits, the callback will be delivered, even
across crashes (the job survives in the database)."""

from __future__ import annotations

from datetime import UTC, datetime

import httpx
from sqlalchemy.ext.asyncio import AsyncSession

from opentrunk.errors import AlreadyExists, FieldViolation, InvalidArgument, NotFound
from opentrunk.store.models import WebhookEvent
from opentrunk.webhooks.configuration import get_or_create
from opentrunk.worker import enqueue

__all__ = ["DELIVER", "EventStatus", "emit", "resend", "schedule_attempt"]

DELIVER = "webhook.deliver"


class EventStatus:
    PENDING = "pending"
    DELIVERED = "delivered"
    #: Every attempt of the schedule failed; ``resend`` starts a new schedule.
    FAILED = "failed"


def _check_url(url: str) -> None:
    try:
        parsed = httpx.URL(url)
    except (httpx.InvalidURL, TypeError):
        parsed = None
    if parsed is None or parsed.scheme not in ("http", "https") or not parsed.host:
        raise InvalidArgument(
            f"Callback URL {url!r} is not an absolute http(s) URL",
            violations=[FieldViolation("callbackUrl", "must be an absolute http(s) URL")],
        )


async def schedule_attempt(
    session: AsyncSession, event_id: str, *, attempt: int, at: datetime, replace: bool = False
) -> None:
    """Queue delivery attempt ``attempt`` (1-based within the current schedule). At most
    one attempt of an event is ever queued: its queueing lock is the event id."""
    await enqueue(
        session,
        DELIVER,
        {"eventId": event_id, "attempt": attempt},
        run_at=at,
        queueing_lock=f"webhook:{event_id}",
        replace=replace,
    )


async def emit(
    session: AsyncSession,
    *,
    project_id: str,
    url: str,
    body: bytes,
    event_id: str,
    now: datetime | None = None,
) -> None:
    """Record a callback and queue its delivery, in the caller's transaction.

    ``body`` is sent byte for byte on every attempt (and signed as such); ``event_id``
    is the payload's ``eventId`` and stays the same across retries and resends. Pass
    ``now`` (the caller's clock, sandbox time) so the event is stamped and first
    attempted in that time; without it, real time is used. Emitting the same
    ``event_id`` again with the same content does nothing; with other content it is an
    error.
    """
    _check_url(url)
    if not event_id or len(event_id) > 64:
        raise InvalidArgument("eventId must be 1 to 64 characters")
    at = now or datetime.now(UTC)
    existing = await session.get(WebhookEvent, event_id)
    if existing is not None:
        if (existing.project_id, existing.url, existing.body) == (project_id, url, body):
            return
        raise AlreadyExists(f"A different callback with eventId {event_id!r} exists")
    await get_or_create(session, project_id, now=at)
    session.add(
        WebhookEvent(
            id=event_id,
            project_id=project_id,
            url=url,
            body=body,
            status=EventStatus.PENDING,
            attempts=0,
            next_attempt_time=at,
            create_time=at,
        )
    )
    await session.flush()
    await schedule_attempt(session, event_id, attempt=1, at=at)


async def resend(session: AsyncSession, event_id: str, *, now: datetime) -> WebhookEvent:
    """Deliver an event again now, with the same ``eventId`` and body, starting a new
    retry schedule. An attempt already queued is brought forward rather than doubled."""
    event = await session.get(WebhookEvent, event_id, with_for_update=True)
    if event is None:
        raise NotFound(f"No webhook event with id {event_id!r}")
    event.status = EventStatus.PENDING
    event.next_attempt_time = now
    event.update_time = now
    await schedule_attempt(session, event_id, attempt=1, at=now, replace=True)
    await session.flush()
    return event
