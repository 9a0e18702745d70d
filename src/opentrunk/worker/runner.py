"""The worker: claims due jobs, runs their handlers, records the outcome.

Theory of operation. ``run()`` keeps up to ``concurrency`` jobs in hand. It claims
(one short write transaction per job), starts each handler in its own task, and then
sleeps until woken: by a job finishing, by ``wake()`` (a job committed in this process,
the sandbox clock moved) or by the poll interval, which is what notices work queued by
other processes. A heartbeat extends the leases of the jobs in hand, so only a worker
that stopped running loses its jobs to another.

Beside its jobs, ``run()`` runs the registry's periodic tasks (``HandlerRegistry.every``,
housekeeping such as deleting old finished jobs): each when the worker starts and then
whenever ``interval`` has passed on the worker's clock, which it checks each time it
wakes, so advancing the sandbox or test clock runs them without waiting. Each runs in an
asyncio task of its own, never twice at once, and never holds up claiming; one that
fails is logged and tried again an interval later. Clock times are the injectable clock's; if
that clock goes back (a sandbox reset), the schedule starts again from the new now.

A handler's effects and its job's completion commit in one transaction. If the worker
no longer holds the job when it tries to (its lease expired and another worker took
over), the effects are rolled back: at most one run of a job ever commits. A job is
*run* at least once; handlers must tolerate a repeat of a run whose commit was lost.
"""

from __future__ import annotations

import asyncio
import contextlib
import functools
import json
import logging
import os
import traceback
from dataclasses import dataclass
from datetime import datetime, timedelta

import httpx
from sqlalchemy import event

from opentrunk.clock import Clock, SystemClock
from opentrunk.config import Settings
from opentrunk.kit.ids import new_ulid
from opentrunk.store.db import Database
from opentrunk.worker import queue
from opentrunk.worker.errors import Fail, RetryLater
from opentrunk.worker.queue import ClaimedJob, JobStatus
from opentrunk.worker.registry import HandlerRegistry, JobContext, Periodic, PeriodicContext
from opentrunk.worker.session import JobSession

__all__ = ["Worker"]

log = logging.getLogger("opentrunk.worker")

_ERROR_LIMIT = 4000


def _describe(exc: BaseException) -> str:
    text = "".join(traceback.format_exception_only(type(exc), exc)).strip()
    return text[:_ERROR_LIMIT]


class Worker:
    def __init__(
        self,
        database: Database,
        clock: Clock,
        registry: HandlerRegistry,
        settings: Settings,
        *,
        concurrency: int = 8,
        poll_interval: timedelta = timedelta(seconds=1),
        lease: timedelta = timedelta(seconds=60),
        http: httpx.AsyncClient | None = None,
        lease_clock: Clock | None = None,
        worker_id: str | None = None,
    ) -> None:
        if concurrency < 1:
            raise ValueError("concurrency must be at least 1")
        if lease <= timedelta(0) or poll_interval <= timedelta(0):
            raise ValueError("lease and poll_interval must be positive")
        self.database = database
        self.clock = clock
        self.registry = registry
        self.settings = settings
        self.concurrency = concurrency
        self.poll_interval = poll_interval
        self.lease = lease
        #: Leases are real time (see ``queue``); tests inject a clock to expire them.
        self.lease_clock = lease_clock or SystemClock()
        self.id = worker_id or f"{os.uname().nodename}:{os.getpid()}:{new_ulid()[-8:]}"
        self._owns_http = http is None
        self.http = http or httpx.AsyncClient(trust_env=False, follow_redirects=False)
        self._in_hand: dict[str, asyncio.Task[None]] = {}
        #: Periodic tasks: when each last started (worker clock), and those running.
        self._periodic_started: dict[str, datetime] = {}
        self._periodic_running: dict[str, asyncio.Task[None]] = {}
        self._wake = asyncio.Event()
        self._stopping = False
        self._running: asyncio.Future[None] | None = None
        self._loop: asyncio.AbstractEventLoop | None = None

    # -- control --------------------------------------------------------------------

    def wake(self) -> None:
        """Look for due jobs now rather than at the next poll (safe from any thread)."""
        loop = self._loop
        if loop is None or loop.is_closed():
            return
        loop.call_soon_threadsafe(self._wake.set)

    async def run(self) -> None:
        """Work until ``stop()``; jobs in hand are finished before it returns."""
        if self._running is not None:
            raise RuntimeError("this worker is already running")
        self._loop = asyncio.get_running_loop()
        self._running = self._loop.create_future()
        self._stopping = False
        self._periodic_started.clear()  # every periodic task runs as the worker starts
        engine = self.database.write_engine.sync_engine
        event.listen(engine, "checkin", self._on_checkin)
        heartbeat = asyncio.create_task(self._heartbeat(), name=f"worker {self.id} heartbeat")
        log.info("worker %s started (concurrency %d)", self.id, self.concurrency)
        try:
            while not self._stopping:
                self._wake.clear()
                self._start_periodic()
                await self._fill()
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(self._wake.wait(), self.poll_interval.total_seconds())
        finally:
            if self._in_hand:
                await asyncio.gather(*self._in_hand.values(), return_exceptions=True)
            if self._periodic_running:
                # They see ``stopping`` and return after their current transaction.
                self._stopping = True
                await asyncio.gather(*self._periodic_running.values(), return_exceptions=True)
            heartbeat.cancel()
            await asyncio.gather(heartbeat, return_exceptions=True)
            event.remove(engine, "checkin", self._on_checkin)
            self._running.set_result(None)
            self._running = None
            log.info("worker %s stopped", self.id)

    async def stop(self) -> None:
        """Stop claiming, let the jobs in hand finish, and return when ``run()`` has."""
        self._stopping = True
        running = self._running
        if running is None:
            return
        self._wake.set()
        await asyncio.shield(running)

    async def aclose(self) -> None:
        await self.stop()
        if self._owns_http:
            await self.http.aclose()

    async def run_until_idle(self, max_rounds: int = 100) -> int:
        """Run every job due at the clock's now, then the jobs that those made due, and
        so on until none is due; returns how many ran. For tests and benchmarks."""
        ran = 0
        for _ in range(max_rounds):
            batch: list[ClaimedJob] = []
            while len(batch) < self.concurrency:
                job = await self._claim()
                if job is None:
                    break
                batch.append(job)
            if not batch:
                return ran
            await asyncio.gather(*(self._execute(job) for job in batch))
            ran += len(batch)
        raise RuntimeError(f"jobs were still due after {max_rounds} rounds")

    async def run_periodic(self) -> None:
        """Run every periodic task once, now, one after the other; their exceptions
        propagate. For tests and benchmarks (``run()`` schedules them itself)."""
        for periodic in self.registry.periodic:
            await periodic.task(self._periodic_context())

    # -- periodic tasks ---------------------------------------------------------------

    def _periodic_context(self) -> PeriodicContext:
        return PeriodicContext(
            database=self.database,
            clock=self.clock,
            settings=self.settings,
            now=self.clock.now(),
            stopping=lambda: self._stopping,
        )

    def _start_periodic(self) -> None:
        now = self.clock.now()
        for periodic in self.registry.periodic:
            if periodic.name in self._periodic_running:
                continue
            started = self._periodic_started.get(periodic.name)
            # ``now < started``: the clock went back (a sandbox reset); start again.
            if started is not None and started <= now < started + periodic.interval:
                continue
            self._periodic_started[periodic.name] = now
            task = asyncio.create_task(
                self._run_periodic(periodic), name=f"periodic {periodic.name}"
            )
            self._periodic_running[periodic.name] = task
            task.add_done_callback(functools.partial(self._periodic_done, periodic.name))

    def _periodic_done(self, name: str, task: asyncio.Task[None]) -> None:
        if self._periodic_running.get(name) is task:
            del self._periodic_running[name]
        self._wake.set()  # look at the clock again: it may have moved meanwhile

    async def _run_periodic(self, periodic: Periodic) -> None:
        try:
            await periodic.task(self._periodic_context())
        except Exception:
            log.exception("worker %s: periodic task %s failed", self.id, periodic.name)

    # -- the loop -------------------------------------------------------------------

    def _on_checkin(self, _dbapi_connection: object, record: object) -> None:
        info = getattr(record, "info", None)
        if isinstance(info, dict) and info.pop(queue.ENQUEUED_FLAG, False):
            self.wake()

    async def _fill(self) -> None:
        while len(self._in_hand) < self.concurrency and not self._stopping:
            try:
                job = await self._claim()
            except Exception:
                log.exception("worker %s could not claim a job", self.id)
                return
            if job is None:
                return
            task = asyncio.create_task(self._run_job(job), name=f"job {job.kind} {job.id}")
            self._in_hand[job.id] = task
            task.add_done_callback(self._done)

    def _done(self, task: asyncio.Task[None]) -> None:
        for job_id, held in list(self._in_hand.items()):
            if held is task:
                del self._in_hand[job_id]
        self._wake.set()

    async def _heartbeat(self) -> None:
        interval = self.lease.total_seconds() / 3
        while True:
            await asyncio.sleep(interval)
            if not self._in_hand:
                continue
            try:
                async with self.database.write_session() as session:
                    await queue.extend_leases(
                        session,
                        list(self._in_hand),
                        self.id,
                        lease_until=self.lease_clock.now() + self.lease,
                    )
                    await session.commit()
            except Exception:
                log.exception("worker %s could not extend its leases", self.id)

    async def _claim(self) -> ClaimedJob | None:
        wall = self.lease_clock.now()
        async with self.database.write_session() as session:
            job = await queue.claim(
                session,
                worker_id=self.id,
                now=self.clock.now(),
                lease_until=wall + self.lease,
                wall=wall,
            )
            await session.commit()
        return job

    # -- one job --------------------------------------------------------------------

    async def _run_job(self, job: ClaimedJob) -> None:
        try:
            await self._execute(job)
        except Exception:
            # Its outcome could not be recorded (the database went away): the job stays
            # doing and is taken over when its lease expires.
            log.exception("job %s (%s): outcome not recorded", job.id, job.kind)

    async def _execute(self, job: ClaimedJob) -> None:
        registration = self.registry.get(job.kind)
        if job.attempts > job.max_attempts:
            reason = f"abandoned by crashed workers {job.attempts - 1} times"
            await self._record(job, _Outcome(failed=True, error=reason))
            return
        if registration is None:
            # Another node (newer code) may know this kind: wait, without failing it.
            error = f"no handler for job kind {job.kind!r} on worker {self.id}"
            log.warning(error)
            await self._record(job, _Outcome(False, error, timedelta(minutes=1), counted=False))
            return
        job_session = JobSession(self.database)
        session = job_session.session
        context = JobContext(
            session=session,
            clock=self.clock,
            settings=self.settings,
            http=self.http,
            job_id=job.id,
            attempt=job.attempts,
            now=self.clock.now(),
            database=self.database,
            kind=job.kind,
        )
        try:
            try:
                await registration.handler(context, json.loads(job.payload))
                # Inside the try: a commit that fails (a constraint the handler's rows
                # break) is a failed attempt like any other.
                if await queue.finish(session, job.id, self.id, status=JobStatus.SUCCEEDED):
                    await session.commit()
                else:
                    log.warning("job %s was taken over by another worker; rolled back", job.id)
                return
            except RetryLater as retry:
                outcome = _Outcome(False, retry.reason or None, retry.delay, counted=False)
            except Fail as fail:
                outcome = _Outcome(True, fail.reason)
            except Exception as exc:
                log.warning("job %s (%s) attempt %d failed", job.id, job.kind, job.attempts,
                            exc_info=True)  # fmt: skip
                delay = registration.retry.delay(job.attempts)
                failed = job.attempts >= job.max_attempts
                outcome = _Outcome(failed, _describe(exc), timedelta(0) if failed else delay)
        finally:
            # Always, even when cancelled: ends the transaction (rolling back what was not
            # committed) and gives SQLite's writer turn back.
            await job_session.close()
        await self._record(job, outcome)

    async def _record(self, job: ClaimedJob, outcome: _Outcome) -> None:
        async with self.database.write_session() as session:
            if outcome.failed:
                kept = await queue.finish(
                    session, job.id, self.id, status=JobStatus.FAILED, error=outcome.error
                )
            else:
                kept = await queue.reschedule(
                    session,
                    job.id,
                    self.id,
                    run_at=self.clock.now() + outcome.retry_in,
                    error=outcome.error,
                    count_attempt=outcome.counted,
                )
            await session.commit()
        if not kept:
            log.warning("job %s was taken over by another worker", job.id)


@dataclass(frozen=True, slots=True)
class _Outcome:
    """How a run that did not succeed ends: failed for good, or back to todo."""

    failed: bool
    error: str | None
    retry_in: timedelta = timedelta(0)
    #: False for ``RetryLater``: the run does not use up one of ``max_attempts``.
    counted: bool = True
