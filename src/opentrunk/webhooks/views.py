"""The delivery log as the operator API and the sandbox inbox show it."""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from opentrunk.errors import NotFound
from opentrunk.kit.wire import ResponseModel, Timestamp
from opentrunk.store.models import WebhookDelivery, WebhookEvent, WebhookFault

__all__ = [
    "DeliveryOut",
    "EventOut",
    "EventPage",
    "FaultOut",
    "event_out",
    "fault_out",
    "get_event",
    "list_events",
]


class DeliveryOut(ResponseModel):
    attempt: int
    attempt_time: Timestamp
    succeeded: bool
    status_code: int | None
    error: str | None
    duration_ms: int
    response_excerpt: str | None
    request_headers: dict[str, str]


class EventOut(ResponseModel):
    event_id: str
    project_id: str
    url: str
    #: The exact body sent (UTF-8 text; callbacks are JSON).
    body: str
    status: str
    attempts: int
    create_time: Timestamp
    next_attempt_time: Timestamp | None
    last_attempt_time: Timestamp | None
    deliveries: list[DeliveryOut]


class EventPage(ResponseModel):
    callbacks: list[EventOut]
    next_page_token: str
    total_size: int


class FaultOut(ResponseModel):
    id: str
    url: str
    mode: str
    status_code: int | None
    remaining: int
    create_time: Timestamp


def fault_out(fault: WebhookFault) -> FaultOut:
    return FaultOut(
        id=fault.id,
        url=fault.url,
        mode=fault.mode,
        status_code=fault.status_code,
        remaining=fault.remaining,
        create_time=fault.create_time,
    )


def _delivery_out(row: WebhookDelivery) -> DeliveryOut:
    headers = json.loads(row.request_headers) if row.request_headers else {}
    return DeliveryOut(
        attempt=row.attempt,
        attempt_time=row.attempt_time,
        succeeded=row.succeeded,
        status_code=row.status_code,
        error=row.error,
        duration_ms=row.duration_ms,
        response_excerpt=row.response_excerpt,
        request_headers=headers,
    )


def event_out(event: WebhookEvent, deliveries: Sequence[WebhookDelivery]) -> EventOut:
    return EventOut(
        event_id=event.id,
        project_id=event.project_id,
        url=event.url,
        body=event.body.decode("utf-8", errors="replace"),
        status=event.status,
        attempts=event.attempts,
        create_time=event.create_time,
        next_attempt_time=event.next_attempt_time,
        last_attempt_time=event.last_attempt_time,
        deliveries=[_delivery_out(d) for d in deliveries],
    )


async def _deliveries(
    session: AsyncSession, event_ids: Sequence[str]
) -> dict[str, list[WebhookDelivery]]:
    by_event: dict[str, list[WebhookDelivery]] = {event_id: [] for event_id in event_ids}
    if event_ids:
        rows = await session.scalars(
            select(WebhookDelivery)
            .where(WebhookDelivery.event_id.in_(event_ids))
            .order_by(WebhookDelivery.event_id, WebhookDelivery.attempt)
        )
        for row in rows:
            by_event[row.event_id].append(row)
    return by_event


async def get_event(session: AsyncSession, event_id: str) -> EventOut:
    event = await session.get(WebhookEvent, event_id)
    if event is None:
        raise NotFound(f"No webhook event with id {event_id!r}")
    return event_out(event, (await _deliveries(session, [event_id]))[event_id])


async def list_events(
    session: AsyncSession,
    *,
    project_id: str | None,
    status: str | None,
    url: str | None,
    since: datetime | None,
    offset: int,
    limit: int,
) -> EventPage:
    """Oldest first; ``offset``/``limit`` page through (``nextPageToken`` is the next
    offset, empty on the last page)."""
    conditions = []
    if project_id is not None:
        conditions.append(WebhookEvent.project_id == project_id)
    if status is not None:
        conditions.append(WebhookEvent.status == status)
    if url is not None:
        conditions.append(WebhookEvent.url == url)
    if since is not None:
        conditions.append(WebhookEvent.create_time >= since)
    total = await session.scalar(select(func.count()).select_from(WebhookEvent).where(*conditions))
    events = list(
        await session.scalars(
            select(WebhookEvent)
            .where(*conditions)
            .order_by(WebhookEvent.create_time, WebhookEvent.id)
            .offset(offset)
            .limit(limit)
        )
    )
    deliveries = await _deliveries(session, [e.id for e in events])
    more = offset + len(events) < (total or 0)
    return EventPage(
        callbacks=[event_out(e, deliveries[e.id]) for e in events],
        next_page_token=str(offset + len(events)) if more else "",
        total_size=total or 0,
    )
