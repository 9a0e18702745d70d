"""A worker on the test database (SQLite and PostgreSQL), with its own registry."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator, Iterator, Mapping
from contextlib import asynccontextmanager, contextmanager
from datetime import datetime
from typing import Any

import pytest
from sqlalchemy import select

from opentrunk.clock import ManualClock
from opentrunk.config import Settings
from opentrunk.store.db import Database
from opentrunk.store.models import Job
from opentrunk.worker import HandlerRegistry, Worker, enqueue


@pytest.fixture
async def database(database_url: str) -> AsyncIterator[Database]:
    db = Database(database_url)
    yield db
    await db.dispose()


@pytest.fixture
def registry() -> HandlerRegistry:
    return HandlerRegistry()


@pytest.fixture
def wall() -> ManualClock:
    """The real-time clock leases are measured on, made advanceable."""
    return ManualClock()


@pytest.fixture
async def worker(
    database: Database,
    clock: ManualClock,
    registry: HandlerRegistry,
    settings: Settings,
    wall: ManualClock,
) -> AsyncIterator[Worker]:
    the_worker = Worker(database, clock, registry, settings, concurrency=4, lease_clock=wall)
    yield the_worker
    await the_worker.aclose()


async def add_job(
    database: Database,
    kind: str,
    payload: Mapping[str, object] | None = None,
    *,
    run_at: datetime,
    **options: Any,
) -> str:
    async with database.write_session() as session:
        job_id = await enqueue(session, kind, payload or {}, run_at=run_at, **options)
        await session.commit()
    return job_id


async def job(database: Database, job_id: str) -> Job:
    async with database.read_session() as session:
        row = await session.scalar(select(Job).where(Job.id == job_id))
    assert row is not None
    return row


async def all_jobs(database: Database) -> list[Job]:
    async with database.read_session() as session:
        return list(await session.scalars(select(Job).order_by(Job.id)))


@pytest.fixture
def clock() -> ManualClock:
    """Frozen: time moves only when a test advances it."""
    return ManualClock(frozen=True)


@contextmanager
def logged(logger: str, fragment: str) -> Iterator[asyncio.Event]:
    """An event set once ``logger`` logs (at INFO or above) a message containing
    ``fragment``: how a test waits for what a running worker does in the background."""
    seen = asyncio.Event()

    class _Watch(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            if fragment in record.getMessage():
                seen.set()

    watch = _Watch(logging.INFO)
    target = logging.getLogger(logger)
    level = target.level
    target.addHandler(watch)
    target.setLevel(logging.INFO)
    try:
        yield seen
    finally:
        target.removeHandler(watch)
        target.setLevel(level)


@asynccontextmanager
async def worker_for(
    database: Database, clock: ManualClock, settings: Settings, *handlers: HandlerRegistry
) -> AsyncIterator[Worker]:
    """A worker with the job handlers and periodic tasks of ``handlers``, closed after."""
    registry = HandlerRegistry()
    for included in handlers:
        registry.include(included)
    the_worker = Worker(database, clock, registry, settings)
    try:
        yield the_worker
    finally:
        await the_worker.aclose()


@asynccontextmanager
async def running(the_worker: Worker) -> AsyncIterator[None]:
    """``the_worker.run()`` in the background; closed and its run awaited after."""
    task = asyncio.create_task(the_worker.run())
    try:
        yield
    finally:
        await the_worker.aclose()
        await task


async def stop_while_busy(
    the_worker: Worker, started: asyncio.Event, release: asyncio.Event
) -> None:
    """Run ``the_worker`` until ``started`` is set, ask it to stop, check that the stop
    waits for the work in hand, then ``release`` that work: the stop completes and the
    run returns. The worker is closed after."""
    task = asyncio.create_task(the_worker.run())
    await asyncio.wait_for(started.wait(), 10)
    stopping = asyncio.create_task(the_worker.stop())
    await asyncio.sleep(0)
    assert not stopping.done()
    release.set()
    await asyncio.wait_for(stopping, 10)
    await task
    await the_worker.aclose()
