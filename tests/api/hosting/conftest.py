"""Fixtures of the number-hosting API tests: an admin token, the autopilot's delays,
the job worker, and helpers that drive the clock and the jobs."""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable
from datetime import timedelta
from typing import Any

import httpx
import pytest
from fastapi import FastAPI
from pydantic import SecretStr

from opentrunk.api.state import AppState
from opentrunk.clock import ManualClock
from opentrunk.config import Settings
from opentrunk.hosting.handlers import registry as hosting_jobs
from opentrunk.webhooks import jobs as webhook_jobs
from opentrunk.worker import HandlerRegistry, Worker
from tests.api.hosting.receiver import Receiver
from tests.conftest import KEY_ID, KEY_SECRET, PROJECT_ID

ADMIN_TOKEN = "admin-token-for-tests"
DELAY = 3  # seconds, every autopilot action


@pytest.fixture
def settings(settings: Settings) -> Settings:
    return settings.model_copy(
        update={
            "admin_token": SecretStr(ADMIN_TOKEN),
            "sandbox": True,
            "hosting_autopilot_delay_seconds": float(DELAY),
            "public_url": "http://opentrunk.test",
        }
    )


@pytest.fixture
def registry() -> HandlerRegistry:
    jobs = HandlerRegistry()
    jobs.include(hosting_jobs)
    jobs.include(webhook_jobs)
    return jobs


@pytest.fixture
async def worker(
    state: AppState, clock: ManualClock, registry: HandlerRegistry, settings: Settings
) -> AsyncIterator[Worker]:
    runner = Worker(state.database, clock, registry, settings)
    yield runner
    await runner.aclose()


Run = Callable[..., Awaitable[int]]


@pytest.fixture
def run(worker: Worker, clock: ManualClock) -> Run:
    """Advance the clock by ``seconds`` (default 0) and run every job then due."""

    async def advance(seconds: float = 0) -> int:
        if seconds:
            clock.advance(timedelta(seconds=seconds))
        return await worker.run_until_idle(max_rounds=1000)

    return advance


@pytest.fixture
async def api(app: FastAPI) -> AsyncIterator[httpx.AsyncClient]:
    """The project's client with HTTP Basic key credentials: the tests move the clock by
    hours and days, past any access token's lifetime."""
    async with httpx.AsyncClient(
        transport=httpx.ASGITransport(app=app),
        base_url=f"http://opentrunk.test/v1/projects/{PROJECT_ID}",
        auth=(KEY_ID, KEY_SECRET),
    ) as client:
        yield client


@pytest.fixture
async def receiver(api: httpx.AsyncClient) -> AsyncIterator[Receiver]:
    """A callback receiver on loopback, and the project's hmacSecret set to its secret."""
    secret = "my-hmac-secret"
    response = await api.patch("/callbackConfiguration", json={"hmacSecret": secret})
    assert response.status_code == 200, response.text
    endpoint = Receiver(secret)
    await endpoint.start()
    yield endpoint
    await endpoint.stop()


@pytest.fixture
async def admin(app: FastAPI) -> AsyncIterator[httpx.AsyncClient]:
    async with httpx.AsyncClient(
        transport=httpx.ASGITransport(app=app),
        base_url="http://opentrunk.test",
        headers={"Authorization": f"Bearer {ADMIN_TOKEN}"},
    ) as client:
        yield client


def error_of(response: httpx.Response) -> dict[str, Any]:
    """The flat ErrorResponse of this API: ``code`` is a string."""
    body: dict[str, Any] = response.json()
    assert body["code"] == str(response.status_code), body
    assert isinstance(body["message"], str)
    assert body["message"]
    assert isinstance(body["status"], str)
    return body


def violated(response: httpx.Response) -> set[str]:
    fields: set[str] = set()
    for detail in error_of(response).get("details", []):
        if detail["type"] == "BadRequest":
            fields |= {v["field"] for v in detail["fieldViolations"]}
    return fields
