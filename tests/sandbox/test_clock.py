"""The sandbox clock through the API: read it, advance it (seconds or ISO 8601), every
node agrees, the worker runs the timers that became due, and bad input is a 400."""

from __future__ import annotations

import asyncio
from datetime import timedelta

import httpx
import pytest
from fastapi import FastAPI
from pydantic import SecretStr

from opentrunk.api import create_app
from opentrunk.api.state import AppState
from opentrunk.clock import ManualClock
from opentrunk.config import Settings
from opentrunk.kit.durations import parse_duration
from opentrunk.kit.timefmt import parse_rfc3339
from opentrunk.worker import enqueue
from tests.api.factories import error_of, reason_of
from tests.sandbox.conftest import ADMIN_TOKEN


class TestReadAndAdvance:
    async def test_advance_by_seconds_or_a_duration(
        self, admin: httpx.AsyncClient, clock: ManualClock, state: AppState
    ) -> None:
        start = clock.now()
        response = await admin.get("/sandbox/clock")
        assert response.status_code == 200
        assert response.json() == {"now": start.strftime("%Y-%m-%dT%H:%M:%S.%fZ"),
                                   "offsetSeconds": 0.0}  # fmt: skip

        moved = await admin.post("/sandbox/clock:advance", json={"seconds": 90})
        assert moved.status_code == 200, moved.text
        assert parse_rfc3339(moved.json()["now"]) == start + timedelta(seconds=90)
        moved = await admin.post("/sandbox/clock:advance", json={"duration": "P1DT2H"})
        assert moved.json()["offsetSeconds"] == 90 + 26 * 3600
        assert state.clock.now() == start + timedelta(days=1, hours=2, seconds=90)

    async def test_every_node_on_the_database_sees_the_same_time(
        self, admin: httpx.AsyncClient, settings: Settings, clock: ManualClock
    ) -> None:
        await admin.post("/sandbox/clock:advance", json={"duration": "PT5H"})
        other_node = create_app(settings, clock=clock)
        async with other_node.router.lifespan_context(other_node):
            other: AppState = other_node.state.opentrunk
            assert other.clock.now() == clock.now() + timedelta(hours=5)

    async def test_advancing_wakes_the_worker_for_timers_now_due(
        self, admin: httpx.AsyncClient, state: AppState
    ) -> None:
        ran = asyncio.Event()

        @state.worker.registry.register("test.timer")
        async def timer(ctx: object, payload: dict[str, object]) -> None:
            ran.set()

        async with state.database.write_session() as session:
            await enqueue(session, "test.timer", {}, run_at=state.clock.now() + timedelta(days=3))
            await session.commit()
        # The worker polls once an hour here: only the advance can explain a prompt run.
        state.worker.poll_interval = timedelta(hours=1)
        running = asyncio.create_task(state.worker.run())
        try:
            await asyncio.sleep(0)
            assert not ran.is_set()
            await admin.post("/sandbox/clock:advance", json={"duration": "P3D"})
            await asyncio.wait_for(ran.wait(), 10)
        finally:
            await state.worker.stop()
            await running


class TestRefusals:
    @pytest.mark.parametrize(
        "body",
        [
            {},
            {"seconds": 1, "duration": "PT1S"},
            {"seconds": -1},
            {"seconds": "60"},
            {"seconds": 10**12},
            {"duration": "P1M"},
            {"duration": "PT"},
            {"duration": "soon"},
            {"duration": "P99999999D"},
        ],
    )
    async def test_bad_advances_are_400s(
        self, admin: httpx.AsyncClient, body: dict[str, object]
    ) -> None:
        response = await admin.post("/sandbox/clock:advance", json=body)
        assert response.status_code == 400, response.text
        error_of(response)

    async def test_without_the_admin_token_it_is_401(self, app: FastAPI) -> None:
        async with httpx.AsyncClient(
            transport=httpx.ASGITransport(app=app), base_url="http://opentrunk.test"
        ) as anonymous:
            missing = await anonymous.get("/sandbox/clock")
            wrong = await anonymous.get("/sandbox/clock", headers={"Authorization": "Bearer x"})
        for response in (missing, wrong):
            assert response.status_code == 401
            assert error_of(response)["status"] == "UNAUTHENTICATED"
            assert response.headers["www-authenticate"].startswith("Bearer")

    async def test_with_the_sandbox_off_the_controls_are_not_there(
        self, settings: Settings, clock: ManualClock
    ) -> None:
        off = create_app(settings.model_copy(update={"sandbox": False}), clock=clock)
        async with (
            off.router.lifespan_context(off),
            httpx.AsyncClient(
                transport=httpx.ASGITransport(app=off),
                base_url="http://opentrunk.test",
                headers={"Authorization": f"Bearer {ADMIN_TOKEN}"},
            ) as admin,
        ):
            response = await admin.post("/sandbox/clock:advance", json={"seconds": 1})
        assert response.status_code == 404
        assert reason_of(response) == "SANDBOX_DISABLED"


class TestDurations:
    @pytest.mark.parametrize(
        ("text", "expected"),
        [
            ("PT30S", timedelta(seconds=30)),
            ("PT0.5S", timedelta(milliseconds=500)),
            ("pt1h30m", timedelta(hours=1, minutes=30)),
            ("P2W", timedelta(weeks=2)),
            ("P1DT12H", timedelta(days=1, hours=12)),
        ],
    )
    def test_fixed_length_durations(self, text: str, expected: timedelta) -> None:
        assert parse_duration(text) == expected

    @pytest.mark.parametrize("text", ["P", "PT", "P1Y", "P1M", "1H", "PT1H2", ""])
    def test_others_are_refused(self, text: str) -> None:
        with pytest.raises(ValueError, match="ISO 8601"):
            parse_duration(text)


def test_the_admin_token_settings_field_is_secret() -> None:
    assert "sandbox-admin" not in repr(Settings(admin_token=SecretStr(ADMIN_TOKEN)))
