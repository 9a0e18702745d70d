"""Retention of the outbox: callbacks whose delivery ended (delivered, or failed after the
last attempt) go with their delivery attempts once older than the retention, in bounded
batches; pending callbacks stay however old; the worker does it on its own as its clock
moves."""

from __future__ import annotations

import asyncio
import json
from datetime import datetime, timedelta

import pytest
from sqlalchemy import func, insert, select

from opentrunk.clock import ManualClock
from opentrunk.config import Settings
from opentrunk.errors import NotFound
from opentrunk.kit.ids import new_ulid
from opentrunk.store.db import Database
from opentrunk.store.models import WebhookDelivery, WebhookEvent
from opentrunk.webhooks import jobs, resend
from opentrunk.webhooks.retention import delete_ended
from opentrunk.worker import HandlerRegistry, Worker
from opentrunk.worker.retention import PRUNE_BATCH, PRUNE_INTERVAL, prune
from tests.conftest import PROJECT_ID, counted_commits
from tests.webhooks.conftest import attempts_of, event_row, send
from tests.webhooks.receiver import receiving
from tests.worker.conftest import logged, running, worker_for

DAY = timedelta(days=1)
BODY = b'{"eventType":"HOSTING_PROCESS","status":"SUCCEEDED"}'


@pytest.fixture
def settings(settings: Settings) -> Settings:
    """One attempt only, so a callback whose receiver fails is ``failed`` at once."""
    return settings.model_copy(update={"webhook_max_attempts": 1})


async def _insert(
    database: Database, status: str, *, at: datetime, attempts: int = 1, count: int = 1
) -> list[str]:
    """Callbacks created at ``at`` whose ``attempts`` attempts were at ``at`` too."""
    ids = [f"evt-{new_ulid()}" for _ in range(count)]
    events = [
        {
            "id": event_id,
            "project_id": PROJECT_ID,
            "url": "http://127.0.0.1:9/hook",
            "body": BODY,
            "status": status,
            "attempts": attempts,
            "next_attempt_time": at + timedelta(seconds=5) if status == "pending" else None,
            "last_attempt_time": at if attempts else None,
            "create_time": at,
            "update_time": at,
        }
        for event_id in ids
    ]
    deliveries = [
        {
            "id": new_ulid(),
            "event_id": event_id,
            "attempt": n,
            "attempt_time": at,
            "succeeded": status == "delivered" and n == attempts,
            "status_code": 200 if status == "delivered" and n == attempts else 503,
            "duration_ms": 1,
            "request_headers": json.dumps({"webhook-id": event_id}),
        }
        for event_id in ids
        for n in range(1, attempts + 1)
    ]
    async with database.write_session() as session:
        await session.execute(insert(WebhookEvent), events)
        if deliveries:
            await session.execute(insert(WebhookDelivery), deliveries)
        await session.commit()
    return ids


async def _counts(database: Database) -> tuple[int, int]:
    """(callbacks, delivery attempts) in the outbox."""
    async with database.read_session() as session:
        events = await session.scalar(select(func.count()).select_from(WebhookEvent))
        deliveries = await session.scalar(select(func.count()).select_from(WebhookDelivery))
    return events or 0, deliveries or 0


async def _event_ids(database: Database) -> set[str]:
    async with database.read_session() as session:
        return set(await session.scalars(select(WebhookEvent.id)))


class TestPruning:
    async def test_ended_callbacks_go_with_their_attempts_and_pending_ones_stay(
        self, database: Database, worker: Worker, clock: ManualClock
    ) -> None:
        async with receiving(200, 500) as receiver:
            await send(database, clock, receiver.url, "evt-delivered", BODY)
            assert await worker.run_until_idle() == 1
            await send(database, clock, receiver.url, "evt-failed", BODY)
            assert await worker.run_until_idle() == 1
            # Still being retried after two months (the worker was down, say): kept.
            (pending,) = await _insert(database, "pending", at=clock.now() - 60 * DAY, attempts=2)
            clock.advance(29 * DAY)
            await send(database, clock, receiver.url, "evt-recent", BODY)
            assert await worker.run_until_idle() == 1
        assert (await event_row(database, "evt-delivered")).status == "delivered"
        assert (await event_row(database, "evt-failed")).status == "failed"

        clock.advance(DAY)  # 30 days after the first two: not *older* than 30 days yet
        await worker.run_periodic()
        assert await _event_ids(database) == {
            "evt-delivered", "evt-failed", pending, "evt-recent"
        }  # fmt: skip

        clock.advance(timedelta(seconds=1))
        await worker.run_periodic()
        assert await _event_ids(database) == {pending, "evt-recent"}
        assert await attempts_of(database, "evt-delivered") == []
        assert await attempts_of(database, "evt-failed") == []
        assert len(await attempts_of(database, pending)) == 2
        assert len(await attempts_of(database, "evt-recent")) == 1

    async def test_a_deleted_callback_cannot_be_resent(
        self, database: Database, worker: Worker, clock: ManualClock
    ) -> None:
        (old,) = await _insert(database, "delivered", at=clock.now() - 31 * DAY)
        (kept,) = await _insert(database, "failed", at=clock.now() - 29 * DAY)
        await worker.run_periodic()
        async with database.write_session() as session:
            with pytest.raises(NotFound, match=old):
                await resend(session, old, now=clock.now())
            assert (await resend(session, kept, now=clock.now())).status == "pending"
            await session.commit()
        # Pending again: a new retry schedule, and no longer deleted however old it is.
        clock.advance(365 * DAY)
        await worker.run_periodic()
        assert await _event_ids(database) == {kept}

    async def test_zero_days_keeps_every_callback(
        self, database: Database, clock: ManualClock, settings: Settings
    ) -> None:
        forever = settings.model_copy(update={"callback_retention_days": 0})
        async with worker_for(database, clock, forever, jobs) as worker:
            await _insert(database, "delivered", at=clock.now() - 3650 * DAY, count=3)
            await worker.run_periodic()
            assert await _counts(database) == (3, 3)

    async def test_the_retention_is_a_setting(
        self, database: Database, clock: ManualClock, settings: Settings
    ) -> None:
        week = settings.model_copy(update={"callback_retention_days": 7})
        async with worker_for(database, clock, week, jobs) as worker:
            await _insert(database, "delivered", at=clock.now() - 8 * DAY)
            (recent,) = await _insert(database, "delivered", at=clock.now() - 6 * DAY)
            await worker.run_periodic()
            assert await _event_ids(database) == {recent}


class TestBatches:
    async def test_a_batch_counts_callbacks_and_attempts_together(
        self, database: Database, clock: ManualClock
    ) -> None:
        old = clock.now() - 60 * DAY
        await _insert(database, "delivered", at=old, attempts=4, count=5)  # 5 rows each
        async with database.write_session() as session:
            assert await delete_ended(session, before=clock.now(), limit=12) == 2
            await session.commit()
        assert await _counts(database) == (3, 12)

    async def test_a_callback_with_more_attempts_than_a_batch_goes_alone(
        self, database: Database, clock: ManualClock
    ) -> None:
        await _insert(database, "failed", at=clock.now() - 60 * DAY, attempts=30)
        async with database.write_session() as session:
            assert await delete_ended(session, before=clock.now(), limit=10) == 1
            await session.commit()
        assert await _counts(database) == (0, 0)

    async def test_a_backlog_goes_in_one_short_transaction_per_batch(
        self, database: Database, clock: ManualClock
    ) -> None:
        old = clock.now() - 60 * DAY
        await _insert(database, "delivered", at=old, count=20)  # 2 rows each
        (pending,) = await _insert(database, "pending", at=old)
        with counted_commits(database) as commits:
            assert await prune(database, delete_ended, before=clock.now(), batch=10) == 20
        assert len(commits) == 5  # 5 callbacks (10 rows) each time, then one finding none
        assert await _event_ids(database) == {pending}
        assert await _counts(database) == (1, 1)

    async def test_more_rows_than_the_default_batch(
        self, database: Database, clock: ManualClock
    ) -> None:
        count = PRUNE_BATCH + 234  # twice as many rows, with their attempts
        await _insert(database, "delivered", at=clock.now() - 60 * DAY, count=count)
        with counted_commits(database) as commits:
            assert await prune(database, delete_ended, before=clock.now()) == count
        assert len(commits) == 4  # 500 + 500 + 234 callbacks, then none
        assert await _counts(database) == (0, 0)


class TestInTheWorker:
    async def test_the_running_worker_deletes_old_callbacks_when_the_clock_moves(
        self, database: Database, clock: ManualClock, settings: Settings
    ) -> None:
        registry = HandlerRegistry()
        registry.include(jobs)
        await _insert(database, "delivered", at=clock.now() - 29 * DAY)
        (pending,) = await _insert(database, "pending", at=clock.now() - 29 * DAY)
        worker = Worker(database, clock, registry, settings, poll_interval=timedelta(hours=1))
        with logged("opentrunk.webhooks", "deleted 1 callbacks whose delivery ended") as pruned:
            async with running(worker):
                clock.advance(PRUNE_INTERVAL + DAY)  # now 30 days and 1 hour old
                worker.wake()
                await asyncio.wait_for(pruned.wait(), 10)
        assert await _event_ids(database) == {pending}
        assert await _counts(database) == (1, 1)
