"""Callbacks delivered to a real receiver on loopback: signatures, retries with the same
eventId and body, the delivery log, resend, faults, and the outbox's transaction."""

from __future__ import annotations

import json
import socket
from datetime import timedelta

import pytest
from sqlalchemy import select

from opentrunk.clock import ManualClock
from opentrunk.config import Settings
from opentrunk.errors import AlreadyExists, InvalidArgument
from opentrunk.store.db import Database
from opentrunk.store.models import Job, WebhookEvent
from opentrunk.webhooks import emit, resend, standard_webhooks_secret, update
from opentrunk.webhooks.faults import FaultMode, add_fault
from opentrunk.worker import Worker
from tests.conftest import PROJECT_ID
from tests.webhooks.conftest import SECRET, attempts_of, event_row, job_statuses, send
from tests.webhooks.receiver import receiving

BODY = (
    b'{"resourceType":"IMPORTED_NUMBER","eventType":"LINK_TO_10DLC_CAMPAIGN",'
    b'"eventId":"01hzzexampleeventid0000000","timestamp":"2024-05-01T12:00:00.123456Z",'
    b'"projectId":"11111111-2222-3333-4444-555555555555","resourceId":"+12025550134",'
    b'"status":"FAILED","failureCode":"CAMPAIGN_NOT_AVAILABLE"}'
)
EVENT = "01hzzexampleeventid0000000"


class TestDelivery:
    async def test_a_callback_arrives_signed_both_ways(
        self, database: Database, worker: Worker, clock: ManualClock
    ) -> None:
        async with receiving() as receiver:
            await send(database, clock, receiver.url, EVENT, BODY)
            assert await worker.run_until_idle() == 1
        (got,) = receiver.received
        assert got.body == BODY
        assert got.headers["content-type"] == "application/json"
        assert got.headers["x-sinch-signature"] == "34da6cf0b166c2b82ee0f39aaea8fc4544ec17bd"
        assert got.event_id == EVENT
        assert got.signed_by(SECRET)
        assert standard_webhooks_secret(SECRET).startswith("whsec_")
        event = await event_row(database, EVENT)
        assert (event.status, event.attempts, event.next_attempt_time) == ("delivered", 1, None)
        (logged,) = await attempts_of(database, EVENT)
        assert (logged.attempt, logged.succeeded, logged.status_code) == (1, True, 200)
        assert logged.response_excerpt == "ok"
        assert json.loads(logged.request_headers or "{}")["webhook-id"] == EVENT
        assert await job_statuses(database) == ["succeeded"]

    async def test_a_receiver_failing_twice_gets_three_attempts_of_the_same_event(
        self, database: Database, worker: Worker, clock: ManualClock
    ) -> None:
        async with receiving(500, 503) as receiver:
            await send(database, clock, receiver.url, EVENT, BODY)
            assert await worker.run_until_idle() == 1
            event = await event_row(database, EVENT)
            assert (event.status, event.next_attempt_time) == (
                "pending", clock.now() + timedelta(seconds=5)
            )  # fmt: skip
            clock.advance(timedelta(seconds=4))
            assert await worker.run_until_idle() == 0  # not before the backoff
            clock.advance(timedelta(seconds=1))
            assert await worker.run_until_idle() == 1
            clock.advance(timedelta(seconds=20))  # the second retry waits 4 times longer
            assert await worker.run_until_idle() == 1
        assert [r.event_id for r in receiver.received] == [EVENT] * 3
        assert {r.body for r in receiver.received} == {BODY}
        assert all(r.signed_by(SECRET) for r in receiver.received)
        log = await attempts_of(database, EVENT)
        assert [(d.attempt, d.status_code, d.succeeded) for d in log] == [
            (1, 500, False), (2, 503, False), (3, 200, True)
        ]  # fmt: skip
        assert log[0].response_excerpt == "receiver says no"
        assert (await event_row(database, EVENT)).status == "delivered"
        assert set(await job_statuses(database)) == {"succeeded"}

    async def test_after_the_last_attempt_the_event_fails_until_resent(
        self, database: Database, clock: ManualClock, settings: Settings, worker: Worker
    ) -> None:
        worker.settings = settings.model_copy(update={"webhook_max_attempts": 2})
        async with receiving(500, 500) as receiver:
            await send(database, clock, receiver.url, EVENT, BODY)
            await worker.run_until_idle()
            clock.advance(timedelta(seconds=5))
            await worker.run_until_idle()
            clock.advance(timedelta(days=1))
            assert await worker.run_until_idle() == 0
            assert (await event_row(database, EVENT)).status == "failed"

            async with database.write_session() as session:
                await resend(session, EVENT, now=clock.now())
                await session.commit()
            assert await worker.run_until_idle() == 1
        assert [d.status_code for d in await attempts_of(database, EVENT)] == [500, 500, 200]
        assert [r.body for r in receiver.received] == [BODY] * 3
        event = await event_row(database, EVENT)
        assert (event.status, event.attempts) == ("delivered", 3)

    async def test_resend_brings_a_waiting_retry_forward_instead_of_adding_one(
        self, database: Database, worker: Worker, clock: ManualClock
    ) -> None:
        async with receiving(500) as receiver:
            await send(database, clock, receiver.url, EVENT, BODY)
            await worker.run_until_idle()  # failed; the retry waits 5 s
            async with database.write_session() as session:
                await resend(session, EVENT, now=clock.now())
                await resend(session, EVENT, now=clock.now())
                await session.commit()
            assert await worker.run_until_idle() == 1
            clock.advance(timedelta(hours=3))
            assert await worker.run_until_idle() == 0
        assert len(receiver.received) == 2
        assert (await event_row(database, EVENT)).status == "delivered"

    async def test_a_redirect_or_a_closed_port_is_a_failed_attempt(
        self, database: Database, worker: Worker, clock: ManualClock
    ) -> None:
        async with receiving(302) as receiver:
            await send(database, clock, receiver.url, "e-redirect", BODY)
            await worker.run_until_idle()
        with socket.socket() as closed:  # a port nobody listens on
            closed.bind(("127.0.0.1", 0))
            nobody = f"http://127.0.0.1:{closed.getsockname()[1]}/callbacks"
        await send(database, clock, nobody, "e-closed", BODY)
        await worker.run_until_idle()
        (redirected,) = await attempts_of(database, "e-redirect")
        (refused,) = await attempts_of(database, "e-closed")
        assert (redirected.status_code, redirected.succeeded) == (302, False)
        assert (refused.status_code, refused.succeeded) == (None, False)
        assert refused.error is not None
        assert "ConnectError" in refused.error

    async def test_a_slow_receiver_times_out(
        self, database: Database, worker: Worker, clock: ManualClock, settings: Settings
    ) -> None:
        worker.settings = settings.model_copy(update={"webhook_timeout_seconds": 0.2})
        async with receiving(delay=2) as receiver:
            await send(database, clock, receiver.url, EVENT, BODY)
            await worker.run_until_idle()
        (attempt,) = await attempts_of(database, EVENT)
        assert attempt.error == "timed out after 0.2 s"
        assert (await event_row(database, EVENT)).status == "pending"

    async def test_an_empty_secret_sends_unsigned_callbacks(
        self, database: Database, worker: Worker, clock: ManualClock
    ) -> None:
        async with database.write_session() as session:
            await update(session, PROJECT_ID, hmac_secret="", now=clock.now())
            await session.commit()
        async with receiving() as receiver:
            await send(database, clock, receiver.url, EVENT, BODY)
            await worker.run_until_idle()
        (got,) = receiver.received
        assert "x-sinch-signature" not in got.headers
        assert "webhook-signature" not in got.headers
        assert got.headers["webhook-id"] == EVENT


class TestFaults:
    async def test_injected_failures_never_reach_the_receiver(
        self, database: Database, worker: Worker, clock: ManualClock
    ) -> None:
        async with receiving() as receiver:
            async with database.write_session() as session:
                await add_fault(session, url=receiver.url, count=1, mode=FaultMode.STATUS,
                                status_code=503, now=clock.now())  # fmt: skip
                await add_fault(session, url=receiver.url, count=1, mode=FaultMode.DOWN,
                                status_code=None, now=clock.now())  # fmt: skip
                await session.commit()
            await send(database, clock, receiver.url, EVENT, BODY)
            await worker.run_until_idle()
            clock.advance(timedelta(seconds=5))
            await worker.run_until_idle()
            clock.advance(timedelta(seconds=20))
            await worker.run_until_idle()
        log = await attempts_of(database, EVENT)
        assert [(d.status_code, d.error) for d in log] == [
            (503, None),
            (None, "connection refused (injected fault)"),
            (200, None),
        ]
        assert len(receiver.received) == 1

    async def test_a_fault_is_validated(self, database: Database, clock: ManualClock) -> None:
        async with database.write_session() as session:
            with pytest.raises(InvalidArgument):
                await add_fault(session, url="http://x/", count=0, mode=FaultMode.STATUS,
                                status_code=200, now=clock.now())  # fmt: skip


class TestOutbox:
    async def test_a_rolled_back_transaction_leaves_no_callback(
        self, database: Database, worker: Worker, clock: ManualClock
    ) -> None:
        async with database.write_session() as session:
            await emit(session, project_id=PROJECT_ID, url="http://127.0.0.1:9/x", body=BODY,
                       event_id=EVENT, now=clock.now())  # fmt: skip
            await session.rollback()
        async with database.read_session() as session:
            assert await session.scalar(select(WebhookEvent.id)) is None
            assert await session.scalar(select(Job.id)) is None

    async def test_the_same_event_twice_is_one_callback_and_a_clash_is_refused(
        self, database: Database, clock: ManualClock
    ) -> None:
        url = "http://127.0.0.1:9/x"
        await send(database, clock, url, EVENT, BODY)
        await send(database, clock, url, EVENT, BODY)
        with pytest.raises(AlreadyExists):
            await send(database, clock, url, EVENT, BODY + b" ")
        assert await job_statuses(database) == ["todo"]

    @pytest.mark.parametrize("url", ["ftp://example.com/x", "/relative", "http://", "not a url"])
    async def test_a_callback_url_must_be_absolute_http(
        self, database: Database, clock: ManualClock, url: str
    ) -> None:
        with pytest.raises(InvalidArgument):
            await send(database, clock, url, EVENT, BODY)
