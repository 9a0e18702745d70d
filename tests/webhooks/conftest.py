"""A worker that delivers callbacks, on the test database, with a frozen clock."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
from sqlalchemy import select

from opentrunk.api.state import AppState
from opentrunk.clock import ManualClock
from opentrunk.config import Settings
from opentrunk.store.db import Database
from opentrunk.store.models import Job, WebhookDelivery, WebhookEvent
from opentrunk.webhooks import emit, jobs, update
from opentrunk.worker import HandlerRegistry, Worker
from tests.conftest import PROJECT_ID

SECRET = "my-hmac-secret"


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock(frozen=True)


@pytest.fixture
async def database(state: AppState, clock: ManualClock) -> Database:
    """The app's database: start-up has migrated it and made the project exist."""
    async with state.database.write_session() as session:
        await update(session, PROJECT_ID, hmac_secret=SECRET, now=clock.now())
        await session.commit()
    return state.database


@pytest.fixture
async def worker(
    database: Database, clock: ManualClock, settings: Settings
) -> AsyncIterator[Worker]:
    registry = HandlerRegistry()
    registry.include(jobs)
    the_worker = Worker(database, clock, registry, settings)
    yield the_worker
    await the_worker.aclose()


async def send(
    database: Database, clock: ManualClock, url: str, event_id: str, body: bytes
) -> None:
    async with database.write_session() as session:
        await emit(session, project_id=PROJECT_ID, url=url, body=body, event_id=event_id,
                   now=clock.now())  # fmt: skip
        await session.commit()


async def event_row(database: Database, event_id: str) -> WebhookEvent:
    async with database.read_session() as session:
        event = await session.get(WebhookEvent, event_id)
    assert event is not None
    return event


async def attempts_of(database: Database, event_id: str) -> list[WebhookDelivery]:
    async with database.read_session() as session:
        rows = await session.scalars(
            select(WebhookDelivery)
            .where(WebhookDelivery.event_id == event_id)
            .order_by(WebhookDelivery.attempt)
        )
        return list(rows)


async def job_statuses(database: Database) -> list[str]:
    async with database.read_session() as session:
        return list(await session.scalars(select(Job.status).order_by(Job.id)))
