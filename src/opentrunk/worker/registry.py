"""Which coroutine runs a job of each kind, what it is given, and how it is retried; and
which housekeeping tasks the worker runs every so often (``every``)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta

import httpx
from sqlalchemy.ext.asyncio import AsyncSession

from opentrunk.clock import Clock
from opentrunk.config import Settings
from opentrunk.store.db import Database

__all__ = [
    "Handler",
    "HandlerRegistry",
    "JobContext",
    "Periodic",
    "PeriodicContext",
    "PeriodicTask",
    "Registration",
    "RetryPolicy",
]


@dataclass(frozen=True, slots=True)
class JobContext:
    """What a handler runs with.

    ``session`` is the job's one transaction: the runner commits it, together with the
    job's completion, after the handler returns, and rolls it back if the handler
    raises. On SQLite the session takes the process's single-writer turn at its first
    statement, not before, so a handler that does slow I/O (HTTP, SMTP) *before*
    touching ``session`` does not hold up other writers; reads it needs before that
    I/O go through ``database.read_session()``.
    """

    session: AsyncSession
    clock: Clock
    settings: Settings
    http: httpx.AsyncClient
    job_id: str
    #: 1 on the first run; counts failed attempts and runs lost with a crashed worker.
    attempt: int
    #: ``clock.now()`` when the job started (sandbox time where the sandbox is on).
    now: datetime
    database: Database
    kind: str = ""


Handler = Callable[[JobContext, dict[str, object]], Awaitable[None]]


@dataclass(frozen=True, slots=True)
class RetryPolicy:
    """Exponential backoff after a failed attempt: ``first``, then times ``factor`` each
    time, never more than ``cap``. Deterministic (no jitter), so tests and the sandbox
    can advance the clock by exactly the delay."""

    first: timedelta = timedelta(seconds=5)
    factor: float = 2.0
    cap: timedelta = timedelta(hours=1)

    def delay(self, failed_attempts: int) -> timedelta:
        seconds = self.first.total_seconds()
        cap = self.cap.total_seconds()
        for _ in range(max(0, failed_attempts - 1)):
            seconds *= self.factor
            if seconds >= cap:
                return self.cap
        return timedelta(seconds=min(seconds, cap))


@dataclass(frozen=True, slots=True)
class Registration:
    kind: str
    handler: Handler
    retry: RetryPolicy = field(default_factory=RetryPolicy)


@dataclass(frozen=True, slots=True)
class PeriodicContext:
    """What a periodic task runs with. It has no transaction of its own: it opens
    ``database.write_session()``\\ s as it needs them, short ones, since on SQLite each
    holds the process's single writer turn."""

    database: Database
    clock: Clock
    settings: Settings
    #: ``clock.now()`` when the run started (sandbox time where the sandbox is on).
    now: datetime
    #: True once the worker is stopping: a long task checks it between transactions
    #: and returns early (what is left waits for the next run).
    stopping: Callable[[], bool] = field(default=lambda: False)


PeriodicTask = Callable[[PeriodicContext], Awaitable[None]]


@dataclass(frozen=True, slots=True)
class Periodic:
    """A housekeeping task every worker runs when it starts and then every ``interval``
    of its clock, beside its jobs. Not a job: nothing is queued, so it needs no row to
    survive a reset or a crash, and several workers may run it at once (it must be
    harmless to repeat)."""

    name: str
    interval: timedelta
    task: PeriodicTask


class HandlerRegistry:
    """Handlers by job kind, and periodic tasks by name. Domain packages keep a registry
    of their own at module level (it holds only functions) and the runtime
    ``include``\\ s them into the worker's."""

    def __init__(self) -> None:
        self._handlers: dict[str, Registration] = {}
        self._periodic: dict[str, Periodic] = {}

    def register(
        self, kind: str, *, retry: RetryPolicy | None = None
    ) -> Callable[[Handler], Handler]:
        if not kind or len(kind) > 64:
            raise ValueError("a job kind is 1 to 64 characters")

        def decorator(handler: Handler) -> Handler:
            if kind in self._handlers:
                raise ValueError(f"a handler for job kind {kind!r} is already registered")
            self._handlers[kind] = Registration(kind, handler, retry or RetryPolicy())
            return handler

        return decorator

    def every(self, interval: timedelta, *, name: str) -> Callable[[PeriodicTask], PeriodicTask]:
        """Run the decorated task when a worker starts and then every ``interval``."""
        if interval <= timedelta(0):
            raise ValueError("a periodic task's interval must be positive")
        if not name:
            raise ValueError("a periodic task needs a name")

        def decorator(task: PeriodicTask) -> PeriodicTask:
            if name in self._periodic:
                raise ValueError(f"a periodic task named {name!r} is already registered")
            self._periodic[name] = Periodic(name, interval, task)
            return task

        return decorator

    def include(self, other: HandlerRegistry) -> None:
        for kind, registration in other._handlers.items():
            if kind in self._handlers and self._handlers[kind] != registration:
                raise ValueError(f"a handler for job kind {kind!r} is already registered")
            self._handlers[kind] = registration
        for name, periodic in other._periodic.items():
            if name in self._periodic and self._periodic[name] != periodic:
                raise ValueError(f"a periodic task named {name!r} is already registered")
            self._periodic[name] = periodic

    def get(self, kind: str) -> Registration | None:
        return self._handlers.get(kind)

    @property
    def kinds(self) -> frozenset[str]:
        return frozenset(self._handlers)

    @property
    def periodic(self) -> tuple[Periodic, ...]:
        return tuple(self._periodic.values())
