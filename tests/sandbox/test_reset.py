"""Reset empties everything but projects, access keys and secrets, and the clock."""

from __future__ import annotations

from datetime import timedelta

import httpx
from sqlalchemy import func, select

from opentrunk.api.state import AppState
from opentrunk.clock import ManualClock
from opentrunk.store.models import CallbackConfiguration, Job, Trunk, WebhookEvent
from opentrunk.webhooks import emit
from opentrunk.worker import enqueue
from tests.api.factories import make_trunk
from tests.conftest import PROJECT_ID


async def _count(state: AppState, model: type[object]) -> int:
    async with state.database.read_session() as session:
        return int(await session.scalar(select(func.count()).select_from(model)) or 0)


async def test_reset_keeps_projects_keys_and_secrets_only(
    admin: httpx.AsyncClient, api: httpx.AsyncClient, state: AppState, clock: ManualClock
) -> None:
    await make_trunk(api)
    async with state.database.write_session() as session:
        await emit(session, project_id=PROJECT_ID, url="http://127.0.0.1:9/cb", body=b"{}",
                   event_id="evt-reset", now=state.clock.now())  # fmt: skip
        await enqueue(session, "some.timer", {}, run_at=state.clock.now() + timedelta(days=1))
        await session.commit()
    await admin.post("/sandbox/clock:advance", json={"duration": "PT2H"})
    changes = []
    async with state.changes.subscribe() as feed:
        response = await admin.post("/sandbox:reset")
        while not feed.empty():
            changes.append(feed.get_nowait())
    assert response.status_code == 200, response.text
    assert response.json()["offsetSeconds"] == 0
    assert state.clock.now() == clock.now()
    assert changes == [PROJECT_ID]  # the SIP edge rebuilds the emptied project

    for model in (Trunk, WebhookEvent, Job):
        assert await _count(state, model) == 0, model
    assert await _count(state, CallbackConfiguration) == 1
    trunks = await api.get("/trunks")  # the project and its key still work
    assert trunks.status_code == 200
    assert trunks.json()["trunks"] == []
