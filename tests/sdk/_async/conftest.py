"""Fixtures for the asynchronous SDK tests: ``AsyncClient`` objects talking to the real
app in process (ASGI transport), and a way to put call records in its store."""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable, Iterable
from datetime import timedelta
from typing import Any

import httpx
import pytest
from fastapi import FastAPI

from opentrunk.api.state import AppState
from opentrunk.clock import ManualClock
from opentrunk.sdk import AsyncClient
from opentrunk.store.models import CallRecord
from opentrunk.trunking.calls import call_record_service
from tests.sdk.conftest import client_options


@pytest.fixture
def sent() -> list[httpx.Request]:
    """Every request the clients of ``make_client`` sent, in order."""
    return []


@pytest.fixture
async def make_client(
    app: FastAPI, clock: ManualClock, sent: list[httpx.Request]
) -> AsyncIterator[Callable[..., AsyncClient]]:
    async def record(request: httpx.Request) -> None:
        sent.append(request)

    http = httpx.AsyncClient(
        transport=httpx.ASGITransport(app=app), event_hooks={"request": [record]}
    )
    made: list[AsyncClient] = []

    def make(**options: Any) -> AsyncClient:
        made.append(AsyncClient(**{**client_options(clock, http), **options}))
        return made[-1]

    async with http:
        yield make
        for sdk in made:
            await sdk.close()


@pytest.fixture
def client(make_client: Callable[..., AsyncClient]) -> AsyncClient:
    return make_client()


@pytest.fixture
def insert_calls(state: AppState) -> Callable[[Iterable[CallRecord]], Awaitable[None]]:
    """Store call records as the SIP edge does."""

    async def insert(records: Iterable[CallRecord]) -> None:
        async with state.database.write_session() as session:
            await call_record_service.insert(session, list(records))
            await session.commit()

    return insert


@pytest.fixture
def run(state: AppState, clock: ManualClock) -> Callable[[float], Awaitable[None]]:
    """Advance the clock by ``seconds`` and run every job then due (the app's worker
    does not run on its own in tests): given to the SDK as its ``sleep``, waiting on a
    hosting order takes no real time."""

    async def advance(seconds: float = 0) -> None:
        clock.advance(timedelta(seconds=seconds))
        await state.runtime.worker.run_until_idle(max_rounds=1000)

    return advance
