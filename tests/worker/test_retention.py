"""Retention of finished jobs, and the periodic tasks that run it: old succeeded and failed
jobs go, in bounded batches; todo and doing jobs stay however old; queueing locks keep
working; the worker runs its periodic tasks at start and whenever its clock has moved an
interval on."""

from __future__ import annotations

import asyncio
import logging
from datetime import UTC, datetime, timedelta

import pytest
from pydantic import ValidationError
from sqlalchemy import insert

from opentrunk.clock import ManualClock
from opentrunk.config import Settings
from opentrunk.kit.ids import new_ulid
from opentrunk.runtime import job_registry
from opentrunk.store.db import Database
from opentrunk.store.models import Job
from opentrunk.worker import Fail, HandlerRegistry, JobContext, PeriodicContext, Worker, enqueue
from opentrunk.worker.queue import delete_finished
from opentrunk.worker.retention import PRUNE_BATCH, PRUNE_INTERVAL, housekeeping, prune
from tests.conftest import counted_commits
from tests.worker.conftest import (
    add_job,
    all_jobs,
    logged,
    running,
    stop_while_busy,
    worker_for,
)

DAY = timedelta(days=1)


async def _insert(
    database: Database, status: str, *, at: datetime, count: int = 1, lock: str | None = None
) -> list[str]:
    """Jobs due and (for finished ones) finished at ``at``; a *doing* one is held by
    another worker for a year."""
    ids = [new_ulid() for _ in range(count)]
    rows = [
        {
            "id": job_id,
            "kind": "old",
            "payload": "{}",
            "run_at": at,
            "status": status,
            "attempts": 1,
            "max_attempts": 10,
            "lock": lock,
            "worker_id": "elsewhere" if status == "doing" else None,
            "lease_until": datetime.now(UTC) + 365 * DAY if status == "doing" else None,
            "create_time": at,
            "update_time": at,
        }
        for job_id in ids
    ]
    async with database.write_session() as session:
        await session.execute(insert(Job), rows)
        await session.commit()
    return ids


async def _ids(database: Database) -> set[str]:
    return {j.id for j in await all_jobs(database)}


class TestPruning:
    async def test_only_jobs_finished_before_the_retention_go(
        self,
        database: Database,
        worker: Worker,
        registry: HandlerRegistry,
        clock: ManualClock,
    ) -> None:
        @registry.register("work")
        async def work(ctx: JobContext, payload: dict[str, object]) -> None:
            if payload.get("fail"):
                raise Fail("no")

        registry.include(housekeeping)
        old_ok = await add_job(database, "work", run_at=clock.now())
        old_failed = await add_job(database, "work", {"fail": True}, run_at=clock.now())
        assert await worker.run_until_idle() == 2
        # Running on another worker since long ago, and queued long ago behind it (same
        # lock): never deleted.
        (doing,) = await _insert(database, "doing", at=clock.now() - 30 * DAY, lock="L")
        (todo,) = await _insert(database, "todo", at=clock.now() - 30 * DAY, lock="L")

        # Finishing times are real time, seconds after ``clock``'s start: hours of margin.
        clock.advance(7 * DAY - timedelta(hours=1))
        recent = await add_job(database, "work", run_at=clock.now())
        assert await worker.run_until_idle() == 1
        await worker.run_periodic()
        assert await _ids(database) == {old_ok, old_failed, todo, doing, recent}

        clock.advance(timedelta(hours=2))
        await worker.run_periodic()
        assert await _ids(database) == {todo, doing, recent}

    async def test_zero_days_keeps_every_job(
        self, database: Database, clock: ManualClock, settings: Settings
    ) -> None:
        forever = settings.model_copy(update={"job_retention_days": 0})
        async with worker_for(database, clock, forever, housekeeping) as worker:
            old = await _insert(database, "succeeded", at=clock.now() - 3650 * DAY)
            await worker.run_periodic()
            assert await _ids(database) == set(old)

    async def test_the_retention_is_a_setting(
        self, database: Database, clock: ManualClock, settings: Settings
    ) -> None:
        two_days = settings.model_copy(update={"job_retention_days": 2})
        async with worker_for(database, clock, two_days, housekeeping) as worker:
            await _insert(database, "succeeded", at=clock.now() - 3 * DAY)
            (one_day,) = await _insert(database, "failed", at=clock.now() - 1 * DAY)
            await worker.run_periodic()
            assert await _ids(database) == {one_day}


class TestBatches:
    async def test_one_statement_deletes_at_most_its_limit(
        self, database: Database, clock: ManualClock
    ) -> None:
        await _insert(database, "succeeded", at=clock.now() - 10 * DAY, count=25)
        async with database.write_session() as session:
            assert await delete_finished(session, before=clock.now(), limit=10) == 10
            await session.commit()
        assert len(await all_jobs(database)) == 15

    async def test_a_backlog_goes_in_one_short_transaction_per_batch(
        self, database: Database, clock: ManualClock
    ) -> None:
        await _insert(database, "succeeded", at=clock.now() - 10 * DAY, count=20)
        await _insert(database, "failed", at=clock.now() - 10 * DAY, count=5)
        (kept,) = await _insert(database, "todo", at=clock.now() - 10 * DAY)
        with counted_commits(database) as commits:
            deleted = await prune(database, delete_finished, before=clock.now(), batch=10)
        assert deleted == 25
        assert len(commits) == 4  # 10, 10, 5, then one that finds nothing
        assert await _ids(database) == {kept}

    async def test_more_rows_than_the_default_batch(
        self, database: Database, clock: ManualClock
    ) -> None:
        await _insert(database, "succeeded", at=clock.now() - 10 * DAY, count=PRUNE_BATCH + 234)
        with counted_commits(database) as commits:
            assert await prune(database, delete_finished, before=clock.now()) == PRUNE_BATCH + 234
        assert len(commits) == 3
        assert await all_jobs(database) == []

    async def test_a_stopping_worker_stops_between_batches(
        self, database: Database, clock: ManualClock
    ) -> None:
        await _insert(database, "succeeded", at=clock.now() - 10 * DAY, count=25)
        batches: list[int] = []

        def stopping() -> bool:
            batches.append(1)
            return len(batches) > 1

        deleted = await prune(
            database, delete_finished, before=clock.now(), batch=10, stopping=stopping
        )
        assert deleted == 10
        assert len(await all_jobs(database)) == 15


class TestLocks:
    async def test_a_queueing_lock_is_free_again_once_its_old_job_is_deleted(
        self,
        database: Database,
        worker: Worker,
        registry: HandlerRegistry,
        clock: ManualClock,
    ) -> None:
        ran: list[object] = []

        @registry.register("sync")
        async def sync(ctx: JobContext, payload: dict[str, object]) -> None:
            ran.append(payload["n"])

        registry.include(housekeeping)
        first = await add_job(database, "sync", {"n": 1}, run_at=clock.now(), queueing_lock="k")
        assert await worker.run_until_idle() == 1
        clock.advance(8 * DAY)
        # A todo job holds the same lock while the old one is deleted: the dedupe holds.
        queued = await add_job(database, "sync", {"n": 2}, run_at=clock.now(), queueing_lock="k")
        await worker.run_periodic()
        assert await _ids(database) == {queued}
        again = await add_job(database, "sync", {"n": 3}, run_at=clock.now(), queueing_lock="k")
        assert again == queued
        assert await worker.run_until_idle() == 1

        clock.advance(8 * DAY)
        await worker.run_periodic()
        assert await all_jobs(database) == []
        fresh = await add_job(database, "sync", {"n": 4}, run_at=clock.now(), queueing_lock="k")
        assert fresh not in (first, queued)
        assert await worker.run_until_idle() == 1
        assert ran == [1, 2, 4]

    async def test_a_lock_is_not_held_by_a_deleted_job(
        self,
        database: Database,
        worker: Worker,
        registry: HandlerRegistry,
        clock: ManualClock,
    ) -> None:
        @registry.register("serial")
        async def serial(ctx: JobContext, payload: dict[str, object]) -> None:
            pass

        registry.include(housekeeping)
        await add_job(database, "serial", run_at=clock.now(), lock="order:1")
        assert await worker.run_until_idle() == 1
        clock.advance(8 * DAY)
        await worker.run_periodic()
        async with database.write_session() as session:
            await enqueue(session, "serial", {}, run_at=clock.now(), lock="order:1")
            await session.commit()
        assert await worker.run_until_idle() == 1
        assert [j.status for j in await all_jobs(database)] == ["succeeded"]


class _BackwardClock:
    """A clock a test can set anywhere, backwards too (as a sandbox reset does)."""

    def __init__(self, now: datetime) -> None:
        self.at = now

    def now(self) -> datetime:
        return self.at


class TestPeriodicTasks:
    async def test_a_task_runs_at_start_and_again_once_the_clock_moved_an_interval(
        self,
        database: Database,
        registry: HandlerRegistry,
        clock: ManualClock,
        settings: Settings,
    ) -> None:
        runs: list[datetime] = []
        ran = asyncio.Event()
        pinged = asyncio.Event()

        @registry.every(timedelta(hours=1), name="test.tick")
        async def tick(ctx: PeriodicContext) -> None:
            assert (ctx.database, ctx.clock, ctx.settings) == (database, clock, settings)
            runs.append(ctx.now)
            ran.set()

        @registry.register("ping")
        async def ping(ctx: JobContext, payload: dict[str, object]) -> None:
            pinged.set()

        # Polling once an hour: only wake-ups explain what runs.
        worker = Worker(database, clock, registry, settings, poll_interval=timedelta(hours=1))
        async with running(worker):
            await asyncio.wait_for(ran.wait(), 10)
            start = clock.now()
            assert runs == [start]

            ran.clear()
            clock.advance(timedelta(minutes=59))
            worker.wake()
            # A job run after the advance shows the worker looked at the clock since.
            await add_job(database, "ping", run_at=clock.now())
            await asyncio.wait_for(pinged.wait(), 10)
            assert runs == [start]

            clock.advance(timedelta(minutes=1))
            worker.wake()
            await asyncio.wait_for(ran.wait(), 10)
            assert runs == [start, start + timedelta(hours=1)]

    async def test_after_the_clock_went_back_a_task_runs_again(
        self, database: Database, registry: HandlerRegistry, settings: Settings
    ) -> None:
        clock = _BackwardClock(datetime(2030, 1, 1, tzinfo=UTC))
        runs: list[datetime] = []
        ran = asyncio.Event()

        @registry.every(timedelta(hours=1), name="test.tick")
        async def tick(ctx: PeriodicContext) -> None:
            runs.append(ctx.now)
            ran.set()

        worker = Worker(database, clock, registry, settings, poll_interval=timedelta(hours=1))
        async with running(worker):
            await asyncio.wait_for(ran.wait(), 10)
            ran.clear()
            clock.at = datetime(2029, 1, 1, tzinfo=UTC)  # a sandbox reset
            worker.wake()
            await asyncio.wait_for(ran.wait(), 10)
            assert runs == [datetime(2030, 1, 1, tzinfo=UTC), datetime(2029, 1, 1, tzinfo=UTC)]

    async def test_a_failing_task_is_logged_and_tried_again_an_interval_later(
        self,
        database: Database,
        registry: HandlerRegistry,
        clock: ManualClock,
        settings: Settings,
        caplog: pytest.LogCaptureFixture,
    ) -> None:
        calls: list[int] = []
        called = asyncio.Event()

        @registry.every(timedelta(minutes=10), name="test.flaky")
        async def flaky(ctx: PeriodicContext) -> None:
            calls.append(1)
            called.set()
            raise RuntimeError("database away")

        worker = Worker(database, clock, registry, settings, poll_interval=timedelta(hours=1))
        with caplog.at_level(logging.ERROR, logger="opentrunk.worker"):
            async with running(worker):
                await asyncio.wait_for(called.wait(), 10)
                called.clear()
                clock.advance(timedelta(minutes=10))
                worker.wake()
                await asyncio.wait_for(called.wait(), 10)
        assert len(calls) == 2
        assert "periodic task test.flaky failed" in caplog.text

    async def test_stop_lets_a_running_task_end_at_its_next_check(
        self,
        database: Database,
        registry: HandlerRegistry,
        clock: ManualClock,
        settings: Settings,
    ) -> None:
        started, release = asyncio.Event(), asyncio.Event()
        seen: list[bool] = []

        @registry.every(timedelta(hours=1), name="test.long")
        async def long(ctx: PeriodicContext) -> None:
            seen.append(ctx.stopping())
            started.set()
            await release.wait()  # a transaction, say
            seen.append(ctx.stopping())

        await stop_while_busy(Worker(database, clock, registry, settings), started, release)
        assert seen == [False, True]

    async def test_the_running_worker_deletes_old_jobs_when_the_clock_moves(
        self,
        database: Database,
        registry: HandlerRegistry,
        clock: ManualClock,
        settings: Settings,
    ) -> None:
        registry.include(housekeeping)
        await _insert(database, "succeeded", at=clock.now() - 6 * DAY)  # kept at start
        (todo,) = await _insert(database, "todo", at=clock.now() + 30 * DAY)
        worker = Worker(database, clock, registry, settings, poll_interval=timedelta(hours=1))
        with logged("opentrunk.worker", "deleted 1 jobs that finished before") as pruned:
            async with running(worker):
                clock.advance(PRUNE_INTERVAL + DAY)  # now 7 days and 1 hour old
                worker.wake()
                await asyncio.wait_for(pruned.wait(), 10)
        assert await _ids(database) == {todo}


class TestRegistry:
    def test_periodic_tasks_are_named_once_and_included(self) -> None:
        mine, theirs = HandlerRegistry(), HandlerRegistry()

        @theirs.every(timedelta(minutes=5), name="x")
        async def x(ctx: PeriodicContext) -> None: ...

        mine.include(theirs)
        mine.include(theirs)  # the same task again is fine
        assert [p.name for p in mine.periodic] == ["x"]
        with pytest.raises(ValueError, match="already registered"):
            mine.every(timedelta(minutes=1), name="x")(x)
        with pytest.raises(ValueError, match="positive"):
            mine.every(timedelta(0), name="y")
        assert {p.name for p in housekeeping.periodic} == {"worker.prune-jobs"}

    def test_the_servers_worker_runs_both_retentions(self) -> None:
        names = {p.name for p in job_registry().periodic}
        assert names == {"worker.prune-jobs", "webhooks.prune-callbacks"}


class TestSettings:
    def test_defaults_zero_and_negative(self, monkeypatch: pytest.MonkeyPatch) -> None:
        defaults = Settings()
        assert (defaults.job_retention_days, defaults.callback_retention_days) == (7, 30)
        monkeypatch.setenv("OPENTRUNK_JOB_RETENTION_DAYS", "0")
        monkeypatch.setenv("OPENTRUNK_CALLBACK_RETENTION_DAYS", "90")
        assert (Settings().job_retention_days, Settings().callback_retention_days) == (0, 90)
        for variable in ("OPENTRUNK_JOB_RETENTION_DAYS", "OPENTRUNK_CALLBACK_RETENTION_DAYS"):
            monkeypatch.setenv(variable, "-1")
            with pytest.raises(ValidationError, match="greater than or equal to 0"):
                Settings()
            monkeypatch.setenv(variable, "7")
