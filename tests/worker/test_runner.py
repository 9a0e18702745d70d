"""The job runner: due times on the injectable clock, one transaction per job, retries,
``RetryLater``, ``Fail``, and the graceful loop."""

from __future__ import annotations

import asyncio
import contextlib
from datetime import timedelta

from sqlalchemy import select

from opentrunk.clock import ManualClock
from opentrunk.config import Settings
from opentrunk.store.db import Database
from opentrunk.store.models import ServerSecret
from opentrunk.worker import Fail, HandlerRegistry, JobContext, RetryLater, Worker, enqueue
from tests.worker.conftest import add_job, all_jobs, job, running, stop_while_busy


async def _marks(database: Database) -> set[str]:
    """Rows handlers write as their visible effect (``server_secrets`` is a handy table)."""
    async with database.read_session() as session:
        return set(await session.scalars(select(ServerSecret.name)))


def _mark(ctx: JobContext, name: str) -> None:
    ctx.session.add(ServerSecret(name=name, value=ctx.job_id))


class TestDueTime:
    async def test_a_job_runs_when_the_clock_reaches_run_at(
        self, database: Database, worker: Worker, registry: HandlerRegistry, clock: ManualClock
    ) -> None:
        seen: list[dict[str, object]] = []

        @registry.register("greet")
        async def greet(ctx: JobContext, payload: dict[str, object]) -> None:
            seen.append(payload)

        job_id = await add_job(
            database, "greet", {"to": "ada"}, run_at=clock.now() + timedelta(minutes=5)
        )
        assert await worker.run_until_idle() == 0
        clock.advance(timedelta(minutes=4, seconds=59))
        assert await worker.run_until_idle() == 0
        clock.advance(timedelta(seconds=1))
        assert await worker.run_until_idle() == 1
        assert seen == [{"to": "ada"}]
        done = await job(database, job_id)
        assert (done.status, done.attempts, done.worker_id) == ("succeeded", 1, worker.id)

    async def test_jobs_a_handler_enqueues_run_in_the_same_idle_loop(
        self, database: Database, worker: Worker, registry: HandlerRegistry, clock: ManualClock
    ) -> None:
        @registry.register("countdown")
        async def countdown(ctx: JobContext, payload: dict[str, object]) -> None:
            left = payload["left"]
            assert isinstance(left, int)
            _mark(ctx, f"countdown-{left}")
            if left:
                await enqueue(ctx.session, "countdown", {"left": left - 1}, run_at=ctx.now)

        await add_job(database, "countdown", {"left": 3}, run_at=clock.now())
        assert await worker.run_until_idle() == 4
        assert await _marks(database) >= {f"countdown-{n}" for n in range(4)}


class TestTransaction:
    async def test_effects_commit_with_the_job_and_roll_back_with_a_failure(
        self, database: Database, worker: Worker, registry: HandlerRegistry, clock: ManualClock
    ) -> None:
        @registry.register("write")
        async def write(ctx: JobContext, payload: dict[str, object]) -> None:
            _mark(ctx, f"write-{payload['n']}-attempt-{ctx.attempt}")
            await ctx.session.flush()
            if payload["n"] == 2:
                raise RuntimeError("receiver exploded")

        ok = await add_job(database, "write", {"n": 1}, run_at=clock.now())
        bad = await add_job(database, "write", {"n": 2}, run_at=clock.now())
        await worker.run_until_idle()
        assert await _marks(database) == {"write-1-attempt-1"}
        assert (await job(database, ok)).status == "succeeded"
        failed = await job(database, bad)
        assert (failed.status, failed.attempts) == ("todo", 1)
        assert failed.last_error is not None
        assert "RuntimeError: receiver exploded" in failed.last_error

    async def test_a_commit_that_fails_is_a_failed_attempt(
        self, database: Database, worker: Worker, registry: HandlerRegistry, clock: ManualClock
    ) -> None:
        @registry.register("clash")
        async def clash(ctx: JobContext, payload: dict[str, object]) -> None:
            _mark(ctx, "taken")  # a primary key that exists: the commit fails

        async with database.write_session() as session:
            session.add(ServerSecret(name="taken", value="first"))
            await session.commit()
        job_id = await add_job(database, "clash", run_at=clock.now())
        assert await worker.run_until_idle() == 1
        failed = await job(database, job_id)
        assert (failed.status, failed.attempts) == ("todo", 1)
        assert failed.last_error is not None
        assert "IntegrityError" in failed.last_error

    async def test_a_cancelled_handler_gives_the_writer_back(
        self, database: Database, worker: Worker, registry: HandlerRegistry, clock: ManualClock
    ) -> None:
        inside = asyncio.Event()

        @registry.register("hang")
        async def hang(ctx: JobContext, payload: dict[str, object]) -> None:
            _mark(ctx, "half-done")
            await ctx.session.flush()  # holds the writer (on SQLite) from here
            inside.set()
            await asyncio.Event().wait()

        await add_job(database, "hang", run_at=clock.now())
        running = asyncio.create_task(worker.run_until_idle())
        await asyncio.wait_for(inside.wait(), 10)
        running.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await running
        async with asyncio.timeout(10), database.write_session() as session:
            session.add(ServerSecret(name="after", value="x"))  # waits forever if still held
            await session.commit()
        assert await _marks(database) == {"after"}


class TestRetries:
    async def test_failures_back_off_exponentially_then_fail(
        self, database: Database, worker: Worker, registry: HandlerRegistry, clock: ManualClock
    ) -> None:
        attempts: list[int] = []

        @registry.register("flaky")
        async def flaky(ctx: JobContext, payload: dict[str, object]) -> None:
            attempts.append(ctx.attempt)
            raise ValueError(f"attempt {ctx.attempt} failed")

        job_id = await add_job(database, "flaky", run_at=clock.now(), max_attempts=4)
        start = clock.now()
        assert await worker.run_until_idle() == 1
        # The default policy: 5 s, 10 s, 20 s ... (capped at an hour).
        for wait in (5, 10, 20):
            row = await job(database, job_id)
            assert row.run_at == start + timedelta(seconds=wait)
            clock.advance(timedelta(seconds=wait - 1))
            assert await worker.run_until_idle() == 0
            clock.advance(timedelta(seconds=1))
            start = clock.now()
            assert await worker.run_until_idle() == 1
        failed = await job(database, job_id)
        assert attempts == [1, 2, 3, 4]
        assert (failed.status, failed.attempts) == ("failed", 4)
        assert failed.last_error == "ValueError: attempt 4 failed"
        clock.advance(timedelta(days=1))
        assert await worker.run_until_idle() == 0

    async def test_retry_later_reschedules_without_using_an_attempt(
        self, database: Database, worker: Worker, registry: HandlerRegistry, clock: ManualClock
    ) -> None:
        @registry.register("poll")
        async def poll(ctx: JobContext, payload: dict[str, object]) -> None:
            _mark(ctx, f"poll-{ctx.now.isoformat()}")
            if ctx.now < start + timedelta(minutes=20):
                raise RetryLater(timedelta(minutes=10), "carrier not answered yet")

        start = clock.now()
        job_id = await add_job(database, "poll", run_at=start, max_attempts=1)
        for _ in range(2):
            assert await worker.run_until_idle() == 1
            waiting = await job(database, job_id)
            assert (waiting.status, waiting.attempts) == ("todo", 0)
            assert waiting.last_error == "carrier not answered yet"
            assert waiting.run_at == clock.now() + timedelta(minutes=10)
            clock.advance(timedelta(minutes=10))
        assert await worker.run_until_idle() == 1
        done = await job(database, job_id)
        assert (done.status, done.attempts) == ("succeeded", 1)
        assert len(await _marks(database)) == 1  # the two postponed runs were rolled back

    async def test_fail_stops_at_once(
        self, database: Database, worker: Worker, registry: HandlerRegistry, clock: ManualClock
    ) -> None:
        @registry.register("doomed")
        async def doomed(ctx: JobContext, payload: dict[str, object]) -> None:
            raise Fail("number is not portable")

        job_id = await add_job(database, "doomed", run_at=clock.now())
        await worker.run_until_idle()
        failed = await job(database, job_id)
        assert (failed.status, failed.attempts, failed.last_error) == (
            "failed", 1, "number is not portable"
        )  # fmt: skip

    async def test_an_unknown_kind_waits_for_a_worker_that_knows_it(
        self, database: Database, worker: Worker, clock: ManualClock
    ) -> None:
        job_id = await add_job(database, "from.the.future", run_at=clock.now())
        assert await worker.run_until_idle() == 1
        waiting = await job(database, job_id)
        assert (waiting.status, waiting.attempts) == ("todo", 0)
        assert waiting.run_at == clock.now() + timedelta(minutes=1)


class TestLoop:
    async def test_a_committed_enqueue_wakes_the_running_worker(
        self,
        database: Database,
        registry: HandlerRegistry,
        clock: ManualClock,
        settings: Settings,
    ) -> None:
        ran = asyncio.Event()

        @registry.register("ping")
        async def ping(ctx: JobContext, payload: dict[str, object]) -> None:
            ran.set()

        # A poll interval of an hour: only the wake-up can explain a prompt run.
        worker = Worker(database, clock, registry, settings, poll_interval=timedelta(hours=1))
        async with running(worker):
            await asyncio.sleep(0)
            await add_job(database, "ping", run_at=clock.now())
            await asyncio.wait_for(ran.wait(), 10)

    async def test_stop_finishes_the_jobs_in_hand(
        self,
        database: Database,
        registry: HandlerRegistry,
        clock: ManualClock,
        settings: Settings,
    ) -> None:
        started, release = asyncio.Event(), asyncio.Event()

        @registry.register("slow")
        async def slow(ctx: JobContext, payload: dict[str, object]) -> None:
            started.set()
            await release.wait()
            _mark(ctx, "slow-done")

        job_id = await add_job(database, "slow", run_at=clock.now())
        await stop_while_busy(Worker(database, clock, registry, settings), started, release)
        assert (await job(database, job_id)).status == "succeeded"
        assert "slow-done" in await _marks(database)
        assert [j.status for j in await all_jobs(database)] == ["succeeded"]
