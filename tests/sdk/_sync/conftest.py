"""Fixtures for the synchronous SDK tests: ``Client`` objects talking to the real app in
process (the app runs on an event loop in a thread, see ``tests/sdk/threaded_asgi.py``),
and a way to put call records in its store."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from datetime import timedelta
from typing import Any

import httpx
import pytest

from opentrunk.api import create_app
from opentrunk.api.state import AppState
from opentrunk.clock import ManualClock
from opentrunk.config import Settings
from opentrunk.sdk import Client
from opentrunk.store.models import CallRecord
from opentrunk.trunking.calls import call_record_service
from tests.sdk.conftest import client_options
from tests.sdk.threaded_asgi import ThreadedASGITransport


@pytest.fixture
def sent() -> list[httpx.Request]:
    """Every request the clients of ``make_client`` sent, in order."""
    return []


@pytest.fixture
def app_transport(settings: Settings, clock: ManualClock) -> ThreadedASGITransport:
    return ThreadedASGITransport(create_app(settings, clock=clock))


@pytest.fixture
def http(app_transport: ThreadedASGITransport, sent: list[httpx.Request]) -> Iterator[httpx.Client]:
    """An httpx client to the app; it starts and stops the app (its transport's lifespan)."""
    with httpx.Client(transport=app_transport, event_hooks={"request": [sent.append]}) as client:
        yield client


@pytest.fixture
def make_client(http: httpx.Client, clock: ManualClock) -> Iterator[Callable[..., Client]]:
    made: list[Client] = []

    def make(**options: Any) -> Client:
        made.append(Client(**{**client_options(clock, http), **options}))
        return made[-1]

    yield make
    for sdk in made:
        sdk.close()


@pytest.fixture
def client(make_client: Callable[..., Client]) -> Client:
    return make_client()


@pytest.fixture
def insert_calls(
    app_transport: ThreadedASGITransport, http: httpx.Client
) -> Callable[[Iterable[CallRecord]], None]:
    """Store call records as the SIP edge does."""
    state: AppState = app_transport.app.state.opentrunk

    async def insert(records: list[CallRecord]) -> None:
        async with state.database.write_session() as session:
            await call_record_service.insert(session, records)
            await session.commit()

    return lambda records: app_transport.run(insert(list(records)))


@pytest.fixture
def run(
    app_transport: ThreadedASGITransport, http: httpx.Client, clock: ManualClock
) -> Callable[[float], None]:
    """Advance the clock by ``seconds`` and run every job then due (the app's worker
    does not run on its own in tests): given to the SDK as its ``sleep``, waiting on a
    hosting order takes no real time."""
    state: AppState = app_transport.app.state.opentrunk

    def advance(seconds: float = 0) -> None:
        clock.advance(timedelta(seconds=seconds))
        app_transport.run(state.runtime.worker.run_until_idle(max_rounds=1000))

    return advance
