"""The outbox survives a crash: a real ``opentrunk serve`` is SIGKILLed while it
delivers callbacks to a loopback receiver, restarted, and every callback arrives
(each eventId at least once, always with its own body and valid signatures) with no
job left doing or failed. On SQLite and PostgreSQL."""

from __future__ import annotations

import asyncio
import json
import os
import signal
import socket
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx
from sqlalchemy import Select, func, select

from opentrunk.store.db import Database
from opentrunk.store.models import CallbackConfiguration, Job, WebhookDelivery, WebhookEvent
from opentrunk.webhooks import emit
from tests.conftest import KEY_ID, KEY_SECRET, PROJECT_ID
from tests.webhooks.receiver import Receiver

OPENTRUNK = str(Path(sys.executable).with_name("opentrunk"))
CALLBACKS = 200


def _free_port() -> int:
    """A port free for TCP and UDP alike (the SIP edge takes both)."""
    while True:
        with socket.socket() as tcp, socket.socket(type=socket.SOCK_DGRAM) as udp:
            tcp.bind(("127.0.0.1", 0))
            port = int(tcp.getsockname()[1])
            try:
                udp.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port


def _start(database_url: str, data_dir: Path, port: int, sip: int) -> subprocess.Popen[bytes]:
    environment = {
        k: v for k, v in os.environ.items() if not k.startswith(("OPENTRUNK_", "SINCH_"))
    }
    environment.update(
        OPENTRUNK_DATABASE_URL=database_url,
        OPENTRUNK_DATA_DIR=str(data_dir),
        OPENTRUNK_HTTP_PORT=str(port),
        OPENTRUNK_SIP_PORT=str(sip),
        # A dead worker's jobs are taken over after 3 s rather than a minute; callbacks
        # queued by this test (another process) are noticed within 0.2 s.
        OPENTRUNK_WORKER_LEASE_SECONDS="3",
        OPENTRUNK_WORKER_POLL_SECONDS="0.2",
        SINCH_PROJECT_ID=PROJECT_ID,
        SINCH_KEY_ID=KEY_ID,
        SINCH_KEY_SECRET=KEY_SECRET,
    )
    log = (data_dir / f"server-{time.monotonic_ns()}.log").open("wb")
    return subprocess.Popen([OPENTRUNK, "serve"], env=environment, stdout=log, stderr=log)


def _wait_ready(port: int, process: subprocess.Popen[bytes], timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        assert process.poll() is None, "the server exited during start-up"
        try:
            if httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=0.5).status_code == 200:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.05)  # a real process starting: there is no clock to advance
    raise AssertionError("server not ready")


def _body(n: int) -> bytes:
    return json.dumps({"eventId": f"crash-{n:04d}", "n": n}, separators=(",", ":")).encode()


async def _emit_all(database_url: str, url: str) -> None:
    database = Database(database_url)
    try:
        async with database.write_session() as session:
            for n in range(CALLBACKS):
                await emit(session, project_id=PROJECT_ID, url=url, body=_body(n),
                           event_id=f"crash-{n:04d}", now=datetime.now(UTC))  # fmt: skip
            await session.commit()
    finally:
        await database.dispose()


async def _query(database_url: str, statement: Select[Any]) -> list[tuple[Any, ...]]:
    database = Database(database_url)
    try:
        async with database.read_session() as session:
            return [tuple(row) for row in (await session.execute(statement)).all()]
    finally:
        await database.dispose()


def _rows(database_url: str, statement: Select[Any]) -> list[tuple[Any, ...]]:
    return asyncio.run(_query(database_url, statement))


def _wait_for(condition: Callable[[], bool], timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.05)  # waiting on a real subprocess and real sockets
    raise AssertionError(f"timed out waiting for {what}")


def test_a_killed_server_delivers_every_callback_after_restart(
    database_url: str, tmp_path: Path
) -> None:
    port, sip = _free_port(), _free_port()
    receiver = Receiver(delay=0.02)  # slow enough that deliveries are in flight at the kill
    with receiver.in_thread():
        server = _start(database_url, tmp_path, port, sip)
        try:
            _wait_ready(port, server)
            asyncio.run(_emit_all(database_url, receiver.url))
            _wait_for(lambda: len(receiver.snapshot()) >= CALLBACKS // 4, 60, "deliveries")
            server.send_signal(signal.SIGKILL)
            server.wait(10)
        finally:
            if server.poll() is None:
                server.kill()
        received_before = len(receiver.snapshot())
        in_flight = _rows(database_url, select(Job.id).where(Job.status == "doing"))
        pending = _rows(
            database_url, select(WebhookEvent.id).where(WebhookEvent.status == "pending")
        )
        assert in_flight, "the kill should catch deliveries in flight"
        assert pending, "the kill should come before the last delivery"

        server = _start(database_url, tmp_path, port, sip)
        try:
            _wait_ready(port, server)

            def all_delivered() -> bool:
                return _rows(
                    database_url,
                    select(func.count()).where(WebhookEvent.status != "delivered"),
                ) == [(0,)]

            _wait_for(all_delivered, 120, "every callback to be delivered")
            server.send_signal(signal.SIGTERM)
            assert server.wait(30) == 0
        finally:
            if server.poll() is None:
                server.kill()
    received = receiver.snapshot()

    expected = {f"crash-{n:04d}": _body(n) for n in range(CALLBACKS)}
    assert {r.event_id for r in received} == set(expected)
    assert all(r.body == expected[r.event_id] for r in received)
    ((secret,),) = _rows(
        database_url,
        select(CallbackConfiguration.hmac_secret).where(
            CallbackConfiguration.project_id == PROJECT_ID
        ),
    )
    assert isinstance(secret, str)
    assert all(r.signed_by(secret) for r in received)
    assert _rows(database_url, select(Job.status).distinct()) == [("succeeded",)]
    statuses = _rows(database_url, select(WebhookEvent.status, func.count()).group_by(
        WebhookEvent.status))  # fmt: skip
    assert statuses == [("delivered", CALLBACKS)]
    delivered_attempts = _rows(
        database_url, select(func.count()).where(WebhookDelivery.succeeded.is_(True))
    )
    repeats = Counter(r.event_id for r in received)
    print(
        f"\n{CALLBACKS} callbacks; {received_before} received before the kill, "
        f"{len(in_flight)} jobs in flight at the kill; {len(received)} requests in all, "
        f"{sum(c - 1 for c in repeats.values())} repeats (lost commits), "
        f"{delivered_attempts[0][0]} successful attempts logged"
    )
