"""Delivering a callback: one job per attempt.

An attempt reads what it needs outside the job's transaction (the event, the project's
secret, any sandbox fault), POSTs, and only then writes, in the job's transaction: the
attempt's row in the delivery log, the event's new status and, after a failure, the job
for the next attempt. So the log, the status and the schedule always agree, and on
SQLite the single writer is never held while a receiver is slow. A crash between the
POST and that commit repeats the attempt (same ``eventId`` and body): delivery is at
least once, as receivers are told to expect.

Success is any 2xx. Anything else (a 3xx too: redirects are not followed), a timeout or
a connection error is a failed attempt, retried after 5 s, 20 s, 80 s, ... (times 4, at most
2 h) until ``webhook_max_attempts`` attempts; the event is then ``failed`` until resent.
"""

from __future__ import annotations

import json
import time
from dataclasses import dataclass
from datetime import timedelta

import httpx
from sqlalchemy.ext.asyncio import AsyncSession

from opentrunk import __version__
from opentrunk.kit.ids import new_ulid
from opentrunk.store.models import WebhookDelivery, WebhookEvent
from opentrunk.webhooks import faults
from opentrunk.webhooks.configuration import signing_secret
from opentrunk.webhooks.outbox import DELIVER, EventStatus, schedule_attempt
from opentrunk.webhooks.signing import sinch_signature, standard_signature
from opentrunk.worker import HandlerRegistry, JobContext, RetryPolicy

__all__ = ["RETRY_SCHEDULE", "jobs"]

jobs = HandlerRegistry()

RETRY_SCHEDULE = RetryPolicy(first=timedelta(seconds=5), factor=4, cap=timedelta(hours=2))
_EXCERPT = 1024


@dataclass(frozen=True, slots=True)
class _Attempt:
    status_code: int | None
    error: str | None
    duration_ms: int
    excerpt: str | None
    headers: dict[str, str]

    @property
    def succeeded(self) -> bool:
        return self.status_code is not None and 200 <= self.status_code < 300


def _headers(event: WebhookEvent, secret: str | None) -> dict[str, str]:
    timestamp = int(time.time())  # real time: see ``signing``
    headers = {
        "Content-Type": "application/json",
        "User-Agent": f"opentrunk-webhooks/{__version__}",
        "webhook-id": event.id,
        "webhook-timestamp": str(timestamp),
    }
    if secret:
        headers["X-Sinch-Signature"] = sinch_signature(secret, event.body)
        headers["webhook-signature"] = standard_signature(secret, event.id, timestamp, event.body)
    return headers


async def _head(response: httpx.Response) -> bytes:
    """The start of the response body: enough to debug, without reading a huge one."""
    head = b""
    async for chunk in response.aiter_bytes():
        head += chunk
        if len(head) >= _EXCERPT:
            break
    return head[:_EXCERPT]


async def _post(
    http: httpx.AsyncClient, event: WebhookEvent, headers: dict[str, str], seconds: float
) -> _Attempt:
    started = time.perf_counter()
    status_code: int | None = None
    error: str | None = None
    excerpt: str | None = None
    try:
        request = http.build_request(
            "POST", event.url, content=event.body, headers=headers, timeout=seconds
        )
        response = await http.send(request, stream=True)
        try:
            status_code = response.status_code
            excerpt = (await _head(response)).decode("utf-8", errors="replace")
        finally:
            await response.aclose()
    except httpx.TimeoutException:
        error = f"timed out after {seconds:g} s"
    except httpx.HTTPError as exc:  # connection refused, DNS, TLS, a malformed URL ...
        error = f"{type(exc).__name__}: {exc}"[:_EXCERPT]
    duration_ms = round((time.perf_counter() - started) * 1000)
    return _Attempt(status_code, error, duration_ms, excerpt, headers)


async def _record(ctx: JobContext, event_id: str, attempt: int, outcome: _Attempt) -> None:
    session: AsyncSession = ctx.session
    event = await session.get(WebhookEvent, event_id, with_for_update=True)
    if event is None:  # deleted while we were posting (sandbox reset, project deleted)
        return
    event.attempts += 1
    event.last_attempt_time = ctx.now
    event.update_time = ctx.now
    session.add(
        WebhookDelivery(
            id=new_ulid(),
            event_id=event_id,
            attempt=event.attempts,
            attempt_time=ctx.now,
            succeeded=outcome.succeeded,
            status_code=outcome.status_code,
            error=outcome.error,
            duration_ms=outcome.duration_ms,
            response_excerpt=outcome.excerpt,
            request_headers=json.dumps(outcome.headers, sort_keys=True),
        )
    )
    if outcome.succeeded:
        event.status, event.next_attempt_time = EventStatus.DELIVERED, None
    elif attempt >= ctx.settings.webhook_max_attempts:
        event.status, event.next_attempt_time = EventStatus.FAILED, None
    else:
        at = ctx.now + RETRY_SCHEDULE.delay(attempt)
        event.status, event.next_attempt_time = EventStatus.PENDING, at
        await schedule_attempt(session, event_id, attempt=attempt + 1, at=at)
    await session.flush()


@jobs.register(DELIVER)
async def deliver(ctx: JobContext, payload: dict[str, object]) -> None:
    event_id = str(payload["eventId"])
    attempt = payload.get("attempt", 1)
    assert isinstance(attempt, int)
    async with ctx.database.read_session() as read:
        event = await read.get(WebhookEvent, event_id)
        if event is None:
            return
        secret = await signing_secret(read, event.project_id)
        fault = await faults.match(read, event.url)
    headers = _headers(event, secret)
    injected = await faults.consume(ctx.session, fault) if fault is not None else None
    if injected is not None:
        outcome = _Attempt(injected.status_code, injected.error, 0, None, headers)
    else:
        outcome = await _post(ctx.http, event, headers, ctx.settings.webhook_timeout_seconds)
    await _record(ctx, event_id, attempt, outcome)
