"""What one server process shares between its parts: the database, the clock (the
sandbox clock where the sandbox is on), the HTTP client for outgoing calls, the job
worker with every package's handlers, and the start-up secrets.

``opentrunk serve`` opens one runtime and runs its parts on it (the HTTP API, the
worker); ``create_app`` opens its own when given none, which is what the tests do:
there the worker does not run on its own, tests drive it with ``run_until_idle``.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import timedelta

import httpx

from opentrunk.auth.service import AccessKeyService
from opentrunk.bootstrap import prepare
from opentrunk.clock import Clock, SystemClock
from opentrunk.config import Settings
from opentrunk.hosting.handlers import registry as hosting_jobs
from opentrunk.sandbox import SandboxClock, load_offset
from opentrunk.store.db import Database
from opentrunk.webhooks import jobs as webhook_jobs
from opentrunk.worker import HandlerRegistry, Worker
from opentrunk.worker.retention import housekeeping as worker_housekeeping

__all__ = ["Runtime", "job_registry", "open_runtime"]


def job_registry() -> HandlerRegistry:
    """Every package's job handlers and periodic tasks."""
    registry = HandlerRegistry()
    for package_jobs in (worker_housekeeping, webhook_jobs, hosting_jobs):
        registry.include(package_jobs)
    return registry


@dataclass(frozen=True, slots=True)
class Runtime:
    settings: Settings
    database: Database
    #: The sandbox clock when the sandbox is on, else the clock given (real time).
    clock: Clock
    sandbox_clock: SandboxClock | None
    keys: AccessKeyService
    signing_key: str
    admin_token_sha256: str
    http: httpx.AsyncClient
    worker: Worker

    async def follow_sandbox_clock(self) -> None:
        """Pick up clock advances made on other nodes (until cancelled)."""
        if self.sandbox_clock is not None:
            interval = timedelta(seconds=self.settings.worker_poll_seconds)
            await self.sandbox_clock.follow(self.database, interval)


@asynccontextmanager
async def open_runtime(settings: Settings, *, clock: Clock | None = None) -> AsyncIterator[Runtime]:
    base = clock or SystemClock()
    keys = AccessKeyService()
    prepared = await prepare(settings, base, keys)
    database = prepared.database
    sandbox_clock: SandboxClock | None = None
    http: httpx.AsyncClient | None = None
    worker: Worker | None = None
    try:
        if settings.sandbox_enabled:
            sandbox_clock = SandboxClock(base)
            async with database.read_session() as session:
                sandbox_clock.set_offset(await load_offset(session))
        the_clock: Clock = sandbox_clock or base
        # Callbacks go straight to the receiver: never through a proxy from the
        # environment (a loopback receiver would become unreachable).
        http = httpx.AsyncClient(trust_env=False, follow_redirects=False)
        worker = Worker(
            database,
            the_clock,
            job_registry(),
            settings,
            concurrency=settings.worker_concurrency,
            poll_interval=timedelta(seconds=settings.worker_poll_seconds),
            lease=timedelta(seconds=settings.worker_lease_seconds),
            http=http,
        )
        if sandbox_clock is not None:
            sandbox_clock.subscribe(worker.wake)
        yield Runtime(
            settings=settings,
            database=database,
            clock=the_clock,
            sandbox_clock=sandbox_clock,
            keys=keys,
            signing_key=prepared.signing_key,
            admin_token_sha256=prepared.admin_token_sha256,
            http=http,
            worker=worker,
        )
    finally:
        if worker is not None:
            await worker.aclose()
        if http is not None:
            await http.aclose()
        await database.dispose()
