"""What keeps jobs apart: per-key locks, queueing-lock dedupe, leases that hand a dead
worker's jobs to another, and claims that never give one job to two workers."""

from __future__ import annotations

import asyncio
from collections import Counter
from datetime import timedelta

import pytest
from sqlalchemy import select

from opentrunk.clock import ManualClock
from opentrunk.config import Settings
from opentrunk.store.db import Database
from opentrunk.store.models import ServerSecret
from opentrunk.worker import HandlerRegistry, JobContext, Worker, enqueue
from tests.worker.conftest import add_job, all_jobs, job


class TestLock:
    async def test_jobs_sharing_a_lock_never_overlap_and_run_in_order(
        self, database: Database, worker: Worker, registry: HandlerRegistry, clock: ManualClock
    ) -> None:
        running: Counter[str] = Counter()
        most: Counter[str] = Counter()
        order: list[str] = []

        @registry.register("step")
        async def step(ctx: JobContext, payload: dict[str, object]) -> None:
            lock = str(payload["lock"])
            running[lock] += 1
            most[lock] = max(most[lock], running[lock])
            for _ in range(5):  # give any other job of this lock the chance to overlap
                await asyncio.sleep(0)
            order.append(str(payload["name"]))
            running[lock] -= 1

        for name in ("a1", "a2", "a3"):
            await add_job(database, "step", {"lock": "order:a", "name": name},
                          run_at=clock.now(), lock="order:a")  # fmt: skip
        await add_job(database, "step", {"lock": "order:b", "name": "b1"},
                      run_at=clock.now(), lock="order:b")  # fmt: skip

        assert await worker.run_until_idle() == 4  # concurrency 4, yet three rounds
        assert most == {"order:a": 1, "order:b": 1}
        assert [n for n in order if n.startswith("a")] == ["a1", "a2", "a3"]
        assert order.index("b1") < order.index("a2")  # b did not wait for a's queue


class TestQueueingLock:
    async def test_a_second_todo_job_with_the_same_queueing_lock_is_not_added(
        self, database: Database, worker: Worker, registry: HandlerRegistry, clock: ManualClock
    ) -> None:
        runs: list[str] = []

        @registry.register("sync")
        async def sync(ctx: JobContext, payload: dict[str, object]) -> None:
            runs.append(ctx.job_id)
            if len(runs) == 1:
                # While this one is doing, a new todo job with the lock is allowed.
                await enqueue(ctx.session, "sync", {}, run_at=ctx.now, queueing_lock="sync:p1")

        first = await add_job(database, "sync", run_at=clock.now(), queueing_lock="sync:p1")
        again = await add_job(database, "sync", run_at=clock.now(), queueing_lock="sync:p1")
        other = await add_job(database, "sync", run_at=clock.now(), queueing_lock="sync:p2")
        assert again == first
        assert other != first
        assert len(await all_jobs(database)) == 2

        assert await worker.run_until_idle() == 3
        assert len(set(runs)) == 3
        assert {j.status for j in await all_jobs(database)} == {"succeeded"}

    async def test_replace_gives_the_queued_job_new_payload_and_time(
        self, database: Database, worker: Worker, registry: HandlerRegistry, clock: ManualClock
    ) -> None:
        seen: list[dict[str, object]] = []

        @registry.register("retry")
        async def retry(ctx: JobContext, payload: dict[str, object]) -> None:
            seen.append(payload)

        later = clock.now() + timedelta(hours=1)
        first = await add_job(database, "retry", {"n": 1}, run_at=later, queueing_lock="r")
        async with database.write_session() as session:
            again = await enqueue(session, "retry", {"n": 2}, run_at=clock.now(),
                                  queueing_lock="r", replace=True)  # fmt: skip
            await session.commit()
        assert again == first
        assert await worker.run_until_idle() == 1
        assert seen == [{"n": 2}]


class TestLease:
    async def test_a_job_whose_worker_stopped_is_taken_over_after_the_lease(
        self,
        database: Database,
        registry: HandlerRegistry,
        clock: ManualClock,
        wall: ManualClock,
        settings: Settings,
    ) -> None:
        hung, never = asyncio.Event(), asyncio.Event()
        attempts: list[tuple[str, int]] = []

        @registry.register("charge")
        async def charge(ctx: JobContext, payload: dict[str, object]) -> None:
            attempts.append((ctx.job_id, ctx.attempt))
            if ctx.attempt == 1:
                hung.set()
                await never.wait()  # this worker hangs (or died) mid-job
            ctx.session.add(ServerSecret(name=f"charged-{ctx.attempt}", value="x"))

        lease = timedelta(seconds=30)
        dead = Worker(database, clock, registry, settings, lease=lease, lease_clock=wall,
                      worker_id="dead")  # fmt: skip
        alive = Worker(database, clock, registry, settings, lease=lease, lease_clock=wall,
                       worker_id="alive")  # fmt: skip
        job_id = await add_job(database, "charge", run_at=clock.now())
        stuck = asyncio.create_task(dead.run_until_idle())
        await asyncio.wait_for(hung.wait(), 10)

        assert await alive.run_until_idle() == 0  # the lease still runs
        wall.advance(lease + timedelta(seconds=1))
        assert await alive.run_until_idle() == 1
        taken = await job(database, job_id)
        assert (taken.status, taken.worker_id, taken.attempts) == ("succeeded", "alive", 2)

        never.set()  # the stuck worker wakes up and tries to finish: it must not commit
        await asyncio.wait_for(stuck, 10)
        async with database.read_session() as session:
            names = set(await session.scalars(select(ServerSecret.name)))
        assert "charged-2" in names
        assert "charged-1" not in names
        assert (await job(database, job_id)).worker_id == "alive"
        await dead.aclose()
        await alive.aclose()

    async def test_a_job_that_keeps_killing_its_worker_fails_after_max_attempts(
        self,
        database: Database,
        registry: HandlerRegistry,
        clock: ManualClock,
        wall: ManualClock,
        settings: Settings,
    ) -> None:
        from opentrunk.worker import queue

        @registry.register("poison")
        async def poison(ctx: JobContext, payload: dict[str, object]) -> None:
            raise AssertionError("never runs: its workers died before")

        job_id = await add_job(database, "poison", run_at=clock.now(), max_attempts=2)
        for crashed in ("w1", "w2"):  # claimed, then the process died
            async with database.write_session() as session:
                claimed = await queue.claim(session, worker_id=crashed, now=clock.now(),
                                            lease_until=wall.now(), wall=wall.now())  # fmt: skip
                await session.commit()
            assert claimed is not None
            assert claimed.id == job_id
            wall.advance(timedelta(seconds=1))
        worker = Worker(database, clock, registry, settings, lease_clock=wall)
        assert await worker.run_until_idle() == 1
        failed = await job(database, job_id)
        assert (failed.status, failed.attempts) == ("failed", 3)
        assert failed.last_error == "abandoned by crashed workers 2 times"
        await worker.aclose()


class TestTwoWorkers:
    @pytest.mark.parametrize("jobs", [300])
    async def test_two_workers_never_run_the_same_job_twice(
        self,
        database_url: str,
        database: Database,
        registry: HandlerRegistry,
        clock: ManualClock,
        settings: Settings,
        jobs: int,
    ) -> None:
        """Two nodes: each worker has its own engine (its own connection pool)."""
        runs: list[tuple[str, str]] = []

        @registry.register("tick")
        async def tick(ctx: JobContext, payload: dict[str, object]) -> None:
            await asyncio.sleep(0)
            runs.append((ctx.job_id, "x"))

        async with database.write_session() as session:
            ids = [
                await enqueue(session, "tick", {"n": n}, run_at=clock.now()) for n in range(jobs)
            ]
            await session.commit()
        other_node = Database(database_url)
        first = Worker(database, clock, registry, settings, concurrency=8)
        second = Worker(other_node, clock, registry, settings, concurrency=8)
        try:
            counts = await asyncio.gather(first.run_until_idle(), second.run_until_idle())
        finally:
            await first.aclose()
            await second.aclose()
            await other_node.dispose()
        ran = Counter(job_id for job_id, _ in runs)
        assert sorted(ran) == sorted(ids)
        assert set(ran.values()) == {1}
        assert sum(counts) == jobs
        if database.dialect == "postgresql":
            assert min(counts) > 0  # both really took part
        assert {j.status for j in await all_jobs(database)} == {"succeeded"}
