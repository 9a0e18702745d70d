"""Durable jobs in the database, on SQLite and PostgreSQL (procrastinate's model).

    await enqueue(session, "kind", {"order": id}, run_at=now, lock=f"order:{id}")

    jobs = HandlerRegistry()

    @jobs.register("kind")
    async def handle(ctx: JobContext, payload: dict[str, object]) -> None: ...

A job is added in the caller's transaction, so it exists exactly when the state change
that asked for it does. ``Worker`` claims due jobs (``run_at <= clock.now()``), runs
them with leases so a crashed worker's jobs are taken over, retries failures with
exponential backoff, serialises jobs that share a ``lock`` and dedupes *todo* jobs that
share a ``queueing_lock``. Periodic tasks (``@jobs.every(interval, name=...)``) run
beside the jobs in every worker: housekeeping such as ``retention``'s deletion of old
finished jobs.
"""

from opentrunk.worker.errors import Fail, JobControl, RetryLater
from opentrunk.worker.queue import JobStatus, enqueue
from opentrunk.worker.registry import (
    Handler,
    HandlerRegistry,
    JobContext,
    Periodic,
    PeriodicContext,
    Registration,
    RetryPolicy,
)
from opentrunk.worker.runner import Worker

__all__ = [
    "Fail",
    "Handler",
    "HandlerRegistry",
    "JobContext",
    "JobControl",
    "JobStatus",
    "Periodic",
    "PeriodicContext",
    "Registration",
    "RetryLater",
    "RetryPolicy",
    "Worker",
    "enqueue",
]
