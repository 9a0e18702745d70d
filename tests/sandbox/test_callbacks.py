"""The callback inbox, resend and faults through the sandbox and operator API, with the
runtime's own worker delivering to a real receiver on loopback."""

from __future__ import annotations

import asyncio
from datetime import timedelta

import httpx

from opentrunk.api.state import AppState
from opentrunk.clock import ManualClock
from opentrunk.webhooks import emit
from tests.api.factories import error_of
from tests.conftest import PROJECT_ID
from tests.webhooks.receiver import receiving
from tests.worker.conftest import logged

BODY = b'{"eventType":"HOSTING_PROCESS","status":"SUCCEEDED"}'


async def _emit(state: AppState, url: str, event_id: str, project_id: str = PROJECT_ID) -> None:
    async with state.database.write_session() as session:
        await emit(session, project_id=project_id, url=url, body=BODY, event_id=event_id,
                   now=state.clock.now())  # fmt: skip
        await session.commit()


class TestInbox:
    async def test_the_inbox_shows_every_callback_with_every_attempt(
        self, admin: httpx.AsyncClient, state: AppState, clock: ManualClock
    ) -> None:
        async with receiving(503) as receiver:
            await _emit(state, receiver.url, "evt-1")
            await _emit(state, receiver.url, "evt-2")
            await state.worker.run_until_idle()
            clock.advance(timedelta(seconds=5))
            await state.worker.run_until_idle()

        response = await admin.get("/sandbox/callbacks", params={"projectId": PROJECT_ID})
        assert response.status_code == 200, response.text
        page = response.json()
        assert (page["totalSize"], page["nextPageToken"]) == (2, "")
        first = next(c for c in page["callbacks"] if c["eventId"] == "evt-1")
        assert first["body"] == BODY.decode()
        assert first["status"] == "delivered"
        assert first["url"] == receiver.url
        attempts = [(d["attempt"], d["statusCode"], d["succeeded"]) for d in first["deliveries"]]
        assert attempts in ([(1, 503, False), (2, 200, True)], [(1, 200, True)])
        assert first["deliveries"][0]["requestHeaders"]["webhook-id"] == "evt-1"

        failing = await admin.get("/sandbox/callbacks", params={"status": "delivered",
                                                                "pageSize": 1})  # fmt: skip
        assert len(failing.json()["callbacks"]) == 1
        assert failing.json()["nextPageToken"] == "1"
        nobody = await admin.get("/sandbox/callbacks", params={"projectId": "other"})
        assert nobody.json()["callbacks"] == []

    async def test_resend_delivers_the_same_event_again(
        self, admin: httpx.AsyncClient, state: AppState
    ) -> None:
        async with receiving() as receiver:
            await _emit(state, receiver.url, "evt-again")
            await state.worker.run_until_idle()
            response = await admin.post("/admin/webhooks/evt-again:resend")
            assert response.status_code == 200, response.text
            assert response.json()["status"] == "pending"
            await state.worker.run_until_idle()
        assert [r.event_id for r in receiver.received] == ["evt-again", "evt-again"]
        assert receiver.received[0].body == receiver.received[1].body == BODY
        logged = (await admin.get("/admin/webhooks/evt-again")).json()
        assert [d["attempt"] for d in logged["deliveries"]] == [1, 2]

    async def test_unknown_events_and_bad_queries_are_clean_errors(
        self, admin: httpx.AsyncClient
    ) -> None:
        missing = await admin.post("/admin/webhooks/nope:resend")
        assert missing.status_code == 404
        assert "nope" in error_of(missing)["message"]
        assert (await admin.get("/admin/webhooks/nope")).status_code == 404
        for params in ({"pageSize": "0"}, {"pageToken": "x"}, {"status": "lost"}):
            response = await admin.get("/sandbox/callbacks", params=params)
            assert response.status_code == 400, response.text
            error_of(response)


class TestRetention:
    async def test_a_callback_past_its_retention_leaves_the_inbox_and_cannot_be_resent(
        self, admin: httpx.AsyncClient, state: AppState
    ) -> None:
        async with receiving() as receiver:
            await _emit(state, receiver.url, "evt-old")
            await state.worker.run_until_idle()
        inbox = (await admin.get("/sandbox/callbacks")).json()
        assert [(c["eventId"], c["status"]) for c in inbox["callbacks"]] == [
            ("evt-old", "delivered")
        ]
        # The runtime's own worker, polling once an hour: the advance wakes it, and its
        # hourly housekeeping finds the callback 31 days old.
        state.worker.poll_interval = timedelta(hours=1)
        with logged("opentrunk.webhooks", "deleted 1 callbacks") as pruned:
            running = asyncio.create_task(state.worker.run())
            try:
                advanced = await admin.post("/sandbox/clock:advance", json={"duration": "P31D"})
                assert advanced.status_code == 200, advanced.text
                await asyncio.wait_for(pruned.wait(), 10)
            finally:
                await state.worker.stop()
                await running
        assert (await admin.get("/sandbox/callbacks")).json()["totalSize"] == 0
        missing = await admin.post("/admin/webhooks/evt-old:resend")
        assert missing.status_code == 404, missing.text
        assert error_of(missing)["status"] == "NOT_FOUND"
        assert "evt-old" in error_of(missing)["message"]
        assert (await admin.get("/admin/webhooks/evt-old")).status_code == 404


class TestFaults:
    async def test_faults_fail_the_next_deliveries_then_run_out(
        self, admin: httpx.AsyncClient, state: AppState, clock: ManualClock
    ) -> None:
        async with receiving() as receiver:
            armed = await admin.post("/sandbox/faults", json={"url": receiver.url, "count": 2})
            assert armed.status_code == 200, armed.text
            assert (armed.json()["mode"], armed.json()["statusCode"]) == ("status", 503)
            down = await admin.post("/sandbox/faults", json={"url": receiver.url, "mode": "down"})
            assert down.status_code == 200, down.text
            listed = (await admin.get("/sandbox/faults")).json()["faults"]
            assert [f["remaining"] for f in listed] == [2, 1]

            await _emit(state, receiver.url, "evt-faulty")
            for wait in (0, 5, 20, 80):
                clock.advance(timedelta(seconds=wait))
                await state.worker.run_until_idle()
            assert (await admin.get("/sandbox/faults")).json()["faults"] == []
        log = (await admin.get("/admin/webhooks/evt-faulty")).json()["deliveries"]
        assert [(d["statusCode"], d["error"]) for d in log] == [
            (503, None),
            (503, None),
            (None, "connection refused (injected fault)"),
            (200, None),
        ]
        assert len(receiver.received) == 1

    async def test_faults_can_be_cleared_and_are_validated(self, admin: httpx.AsyncClient) -> None:
        await admin.post("/sandbox/faults", json={"url": "http://127.0.0.1:9/x", "count": 5})
        cleared = await admin.delete("/sandbox/faults")
        assert cleared.json() == {"deleted": 1}
        for body in (
            {"url": "http://x/", "count": 0},
            {"url": "http://x/", "statusCode": 200},
            {"url": "http://x/", "mode": "down", "statusCode": 500},
            {"url": "http://x/", "mode": "explode"},
            {"count": 1},
        ):
            response = await admin.post("/sandbox/faults", json=body)
            assert response.status_code == 400, (body, response.text)
            error_of(response)
