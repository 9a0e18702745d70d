"""Every statement on the ``jobs`` table (procrastinate's "manager").

Times: ``run_at`` is domain time, from the injectable clock (so the sandbox and tests
advance it); ``lease_until``, ``create_time`` and ``update_time`` are real (wall) time,
because a lease measures whether a worker process is alive, which a sandbox jump of a
day must not decide.

Claiming is ``UPDATE jobs ... WHERE id = (SELECT ... LIMIT 1) RETURNING`` on both
backends: first for a *doing* job whose lease expired (its worker died), then for the
most overdue *todo* job whose ``lock`` no *doing* job holds. On PostgreSQL the inner
select is ``FOR UPDATE SKIP LOCKED``, so concurrent workers pass over each other's
candidates; on SQLite the caller holds the single writer (``BEGIN IMMEDIATE``), so
nothing runs between the select and the update. The partial unique index
``uq_jobs_lock_doing`` turns the one remaining race (two PostgreSQL workers claiming
two jobs of one lock at the same instant) into an error for one of them, which
``claim`` reports as "nothing claimed".
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from enum import StrEnum
from typing import Any, cast

from sqlalchemy import (
    ColumnElement,
    CursorResult,
    Select,
    Table,
    and_,
    delete,
    exists,
    or_,
    select,
    text,
    update,
)
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from opentrunk.kit.ids import new_ulid
from opentrunk.store.models import Job

__all__ = [
    "ENQUEUED_FLAG",
    "FINISHED",
    "ClaimedJob",
    "JobStatus",
    "claim",
    "delete_finished",
    "enqueue",
    "extend_leases",
    "finish",
    "reschedule",
]

#: Set on a connection's ``info`` when a job was inserted through it, so the worker in
#: this process can wake up as soon as that connection is returned after the commit.
ENQUEUED_FLAG = "opentrunk.jobs_enqueued"


class JobStatus(StrEnum):
    TODO = "todo"
    DOING = "doing"
    SUCCEEDED = "succeeded"
    FAILED = "failed"


#: The statuses a job never leaves: only these are ever deleted (``delete_finished``).
FINISHED = (JobStatus.SUCCEEDED, JobStatus.FAILED)


@dataclass(frozen=True, slots=True)
class ClaimedJob:
    id: str
    kind: str
    payload: str
    attempts: int
    max_attempts: int


#: Core, not ORM, statements on the hot path: the ORM's bulk-update bookkeeping
#: (session synchronisation) buys nothing here and doubles the cost of a claim.
_jobs = cast(Table, Job.__table__)


def _wall() -> datetime:
    return datetime.now(UTC)


async def enqueue(
    session: AsyncSession,
    kind: str,
    payload: Mapping[str, object],
    *,
    run_at: datetime,
    lock: str | None = None,
    queueing_lock: str | None = None,
    max_attempts: int = 10,
    replace: bool = False,
) -> str:
    """Add a job in the caller's transaction (never commits) and return its id.

    With a ``queueing_lock`` that a *todo* job already holds, nothing is added and the
    id of that job is returned: the queued job will do the work; with ``replace``, that
    job takes this ``payload`` and ``run_at`` instead. ``payload`` must be
    JSON-serialisable; the handler receives it back as a ``dict``.
    """
    if max_attempts < 1:
        raise ValueError("max_attempts must be at least 1")
    if run_at.tzinfo is None:
        raise ValueError("run_at must be timezone-aware")
    body = json.dumps(dict(payload), separators=(",", ":"), sort_keys=True)
    now = _wall()
    values = {
        "id": new_ulid(),
        "kind": kind,
        "payload": body,
        "run_at": run_at,
        "status": JobStatus.TODO,
        "attempts": 0,
        "max_attempts": max_attempts,
        "lock": lock,
        "queueing_lock": queueing_lock,
        "create_time": now,
        "update_time": now,
    }
    connection = await session.connection()
    connection.info[ENQUEUED_FLAG] = True
    insert = postgresql.insert if connection.dialect.name == "postgresql" else sqlite.insert
    statement = insert(Job).values(values)
    columns, todo = [Job.queueing_lock], text("status = 'todo'")
    if replace:
        upsert = statement.on_conflict_do_update(
            index_elements=columns,
            index_where=todo,
            set_={"payload": body, "run_at": run_at, "update_time": now},
        )
    else:
        upsert = statement.on_conflict_do_nothing(index_elements=columns, index_where=todo)
    job_id = (await session.execute(upsert.returning(Job.id))).scalar_one_or_none()
    if job_id is not None:
        return job_id
    existing = await session.scalar(
        select(Job.id).where(Job.queueing_lock == queueing_lock, Job.status == JobStatus.TODO)
    )
    assert existing is not None, "ON CONFLICT skipped the insert, so a todo job holds the lock"
    return existing


async def claim(
    session: AsyncSession, *, worker_id: str, now: datetime, lease_until: datetime, wall: datetime
) -> ClaimedJob | None:
    """Take the next job for ``worker_id`` (an abandoned one first, then the most overdue
    todo job); the caller commits. ``None`` when there is none, or when a concurrent
    claim won the race for its lock (the session is then rolled back; try again)."""
    c = _jobs.alias("candidate")
    abandoned = (
        select(c.c.id)
        .where(c.c.status == JobStatus.DOING, c.c.lease_until < wall)
        .order_by(c.c.lease_until)
    )
    taken = await _take(session, abandoned, worker_id, lease_until, wall)
    if taken is not None:
        return taken
    holder = _jobs.alias("holder")
    lock_held = exists().where(
        holder.c.lock == c.c.lock, holder.c.status == JobStatus.DOING, holder.c.id != c.c.id
    )
    due = select(c.c.id).where(
        c.c.status == JobStatus.TODO, c.c.run_at <= now, or_(c.c.lock.is_(None), ~lock_held)
    )
    # Ties on run_at go first-queued first. SQLite walks the (status, run_at) index in
    # rowid order, which is insertion order, so adding ``id`` there would only force a
    # sort of every due job; PostgreSQL has no such order and sorts the tie group.
    if session.bind is not None and session.bind.dialect.name == "postgresql":
        due = due.order_by(c.c.run_at, c.c.id)
    else:
        due = due.order_by(c.c.run_at)
    return await _take(session, due, worker_id, lease_until, wall)


async def _take(
    session: AsyncSession,
    candidate: Select[tuple[str]],
    worker_id: str,
    lease_until: datetime,
    wall: datetime,
) -> ClaimedJob | None:
    next_id = candidate.limit(1).with_for_update(skip_locked=True).scalar_subquery()
    statement = (
        update(_jobs)
        .where(_jobs.c.id == next_id)
        .values(
            status=JobStatus.DOING,
            attempts=_jobs.c.attempts + 1,
            worker_id=worker_id,
            lease_until=lease_until,
            update_time=wall,
        )
        .returning(
            _jobs.c.id, _jobs.c.kind, _jobs.c.payload, _jobs.c.attempts, _jobs.c.max_attempts
        )
    )
    try:
        row = (await session.execute(statement)).one_or_none()
    except IntegrityError:
        await session.rollback()
        return None
    if row is None:
        return None
    return ClaimedJob(row.id, row.kind, row.payload, row.attempts, row.max_attempts)


def _owned(job_id: str, worker_id: str) -> ColumnElement[bool]:
    c = _jobs.c
    return and_(c.id == job_id, c.worker_id == worker_id, c.status == JobStatus.DOING)


async def finish(
    session: AsyncSession, job_id: str, worker_id: str, *, status: str, error: str | None = None
) -> bool:
    """Mark a job this worker holds ``succeeded`` or ``failed``. False when the worker
    no longer holds it (its lease expired and another worker took the job over): the
    caller must then roll back whatever the job did."""
    statement = (
        update(_jobs)
        .where(_owned(job_id, worker_id))
        .values(status=status, lease_until=None, last_error=error, update_time=_wall())
        .returning(_jobs.c.id)
    )
    return (await session.execute(statement)).scalar_one_or_none() is not None


async def reschedule(
    session: AsyncSession,
    job_id: str,
    worker_id: str,
    *,
    run_at: datetime,
    error: str | None,
    count_attempt: bool,
) -> bool:
    """Put a job this worker holds back to *todo* at ``run_at``.

    If a *todo* job with the same ``queueing_lock`` was queued meanwhile, that job will
    do the work: this one is closed as failed, saying so, rather than breaking the
    dedupe rule."""
    values: dict[str, object] = {
        "status": JobStatus.TODO,
        "run_at": run_at,
        "lease_until": None,
        "last_error": error,
        "update_time": _wall(),
    }
    if not count_attempt:
        values["attempts"] = _jobs.c.attempts - 1
    statement = update(_jobs).where(_owned(job_id, worker_id)).values(values).returning(_jobs.c.id)
    try:
        async with session.begin_nested():
            return (await session.execute(statement)).scalar_one_or_none() is not None
    except IntegrityError:
        note = f"superseded by a queued job with the same queueing_lock; last error: {error}"
        return await finish(session, job_id, worker_id, status=JobStatus.FAILED, error=note)


async def extend_leases(
    session: AsyncSession, job_ids: Sequence[str], worker_id: str, *, lease_until: datetime
) -> None:
    if not job_ids:
        return
    await session.execute(
        update(Job)
        .where(Job.id.in_(job_ids), Job.worker_id == worker_id, Job.status == JobStatus.DOING)
        .values(lease_until=lease_until)
    )


async def delete_finished(session: AsyncSession, *, before: datetime, limit: int) -> int:
    """Delete up to ``limit`` jobs that finished (succeeded or failed) before ``before``
    (domain time); the caller commits. Returns how many were deleted.

    *todo* and *doing* jobs are never touched, and the queue's rules hold only among
    those (the partial unique indexes), so a queueing lock or lock a deleted job had is
    free already. A job finished at ``update_time`` (real time), after it was due at
    ``run_at`` (domain time): the job is old when both are before ``before``. On a real
    clock ``run_at <= update_time``, so the first condition only lets the
    ``(status, run_at)`` index find the rows; in the sandbox, whose clock runs ahead,
    it also keeps a job due recently in sandbox time.
    """
    if limit < 1:
        raise ValueError("limit must be at least 1")
    old = (
        select(_jobs.c.id)
        .where(
            _jobs.c.status.in_(FINISHED),
            _jobs.c.run_at < before,
            _jobs.c.update_time < before,
        )
        .limit(limit)
        .with_for_update(skip_locked=True)
    )
    result = await session.execute(delete(_jobs).where(_jobs.c.id.in_(old)))
    return int(cast(CursorResult[Any], result).rowcount)
