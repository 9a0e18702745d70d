"""An API change is live at the SIP edge in under one second (Sinch documents up to
60 s): an ACL linked to a trunk lets its calls through, an endpoint's new priority
decides where the next inbound call goes, an operator's raised ``callsPerSecond`` lets
a burst through that the old limit declined.

Two ways the edge hears of it, each on SQLite and PostgreSQL:

* ``in_process``: the edge runs next to the API (``opentrunk serve``, role ``all``) and
  hears through the in-process feed;
* ``separate_process``: the edge runs alone (``opentrunk serve --role sip``) and hears
  through the database: the ``config_versions`` row the API's transaction bumped
  (polled on SQLite) or the NOTIFY it sent (PostgreSQL).

Time here is real: what is measured is how long a real change takes to reach a real
socket. The probes are INVITEs sent every few tens of milliseconds.
"""

from __future__ import annotations

import asyncio
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from opentrunk.config import Settings
from opentrunk.sip import Request, Response
from opentrunk.sip.daemon import SipDaemon
from tests.api.factories import make_acl, make_trunk
from tests.conftest import KEY_ID, KEY_SECRET, PROJECT_ID
from tests.sip.daemon.udp import SipSocket, invite, options

OPENTRUNK = str(Path(sys.executable).with_name("opentrunk"))
DID = "+15557654321"
LIMIT = 1.0


@dataclass
class EdgeUnderTest:
    address: tuple[str, int]
    carrier: SipSocket
    where: str


def _free_port() -> int:
    """A port free for both UDP and TCP (the edge binds both)."""
    while True:
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as udp:
            udp.bind(("127.0.0.1", 0))
            port = int(udp.getsockname()[1])
            with socket.socket() as tcp:
                try:
                    tcp.bind(("127.0.0.1", port))
                except OSError:
                    continue
                return port


async def _answers_options(address: tuple[str, int]) -> bool:
    probe = await SipSocket.open()
    try:
        probe.send(options(probe.port, address[1]), address)
        reply = await probe.expect(lambda m: isinstance(m, Response), within=0.5)
        return reply is not None
    finally:
        probe.close()


@pytest.fixture(params=["in_process", "separate_process"])
async def edge(
    request: pytest.FixtureRequest, settings: Settings, state, tmp_path: Path
) -> AsyncIterator[EdgeUnderTest]:
    carrier = await SipSocket.open()
    where: str = request.param
    if where == "in_process":
        sip_settings = settings.model_copy(
            update={
                "sip_port": 0,
                "carrier_addresses": f"127.0.0.1:{carrier.port}",
                "sip_drain_seconds": 0.2,  # unanswered probes need not finish
            }
        )
        daemon = SipDaemon(
            sip_settings, database=state.database, clock=state.clock, changes=state.changes
        )
        await daemon.start()
        try:
            yield EdgeUnderTest(("127.0.0.1", daemon.address[1]), carrier, where)
        finally:
            await daemon.stop()
            carrier.close()
        return
    environment = {
        k: v for k, v in os.environ.items() if not k.startswith(("OPENTRUNK_", "SINCH_"))
    }
    environment.update(
        OPENTRUNK_DATA_DIR=str(settings.data_dir),
        OPENTRUNK_DATABASE_URL=settings.database_url,
        OPENTRUNK_CARRIER_ADDRESSES=f"127.0.0.1:{carrier.port}",
        OPENTRUNK_LOG_LEVEL="warning",
        OPENTRUNK_SIP_DRAIN_SECONDS="0.2",
        SINCH_PROJECT_ID=PROJECT_ID,
        SINCH_KEY_ID=KEY_ID,
        SINCH_KEY_SECRET=KEY_SECRET,
    )
    log = tmp_path / "sip.log"
    # A port found free may be taken before the edge binds it (tests run in parallel).
    for _ in range(3):
        port = _free_port()
        with log.open("wb") as output:
            process = subprocess.Popen(  # noqa: ASYNC220 - a server for the whole test
                [OPENTRUNK, "serve", "--role", "sip"],
                env={**environment, "OPENTRUNK_SIP_PORT": str(port)},
                stdin=subprocess.DEVNULL,
                stdout=output,
                stderr=subprocess.STDOUT,
            )
        address = ("127.0.0.1", port)
        deadline = time.monotonic() + 60
        while process.poll() is None and not await _answers_options(address):
            assert time.monotonic() < deadline, "the SIP edge did not start"
        if process.poll() is None:
            break
        assert "address already in use" in log.read_text(), log.read_text()
    else:
        pytest.fail("no free port for the SIP edge after 3 tries")
    try:
        yield EdgeUnderTest(address, carrier, where)
    finally:
        process.send_signal(signal.SIGTERM)
        try:
            assert process.wait(timeout=30) == 0, log.read_text()
        finally:
            if process.poll() is None:
                process.kill()
            carrier.close()


async def _outbound_status(edge: EdgeUnderTest, caller: SipSocket, domain: str) -> int | None:
    """Send an INVITE to the trunk; its first answer other than 100 Trying."""
    uri = f"sip:+15551234567@{domain}"
    call_id, raw = invite(uri, port=caller.port, from_uri=f"sip:+15550001111@{domain}")
    caller.send(raw, edge.address)
    reply = await caller.expect(
        lambda m: isinstance(m, Response) and m.call_id == call_id and m.status > 100,
        within=0.5,
    )
    return reply.status if isinstance(reply, Response) else None


async def _until(probe, accept, limit: float) -> float:  # type: ignore[no-untyped-def]
    """Probe until ``accept`` holds; how long it took (fails past ``limit`` seconds)."""
    started = time.monotonic()
    while True:
        result = await probe()
        elapsed = time.monotonic() - started
        if accept(result):
            return elapsed
        assert elapsed < limit, f"still {result!r} after {elapsed:.2f} s"
        await asyncio.sleep(0.02)


async def test_an_acl_added_lets_calls_through_within_a_second(api, edge) -> None:
    trunk = await make_trunk(api, "acme")
    domain = trunk["domain"]
    caller = await SipSocket.open()
    try:
        # The trunk appears at the edge (404 until then), refusing this caller.
        await _until(lambda: _outbound_status(edge, caller, domain), lambda s: s == 403, 10.0)
        acl = await make_acl(api, ("127.0.0.1", 32), name="loopback")
        response = await api.post(
            f"/trunks/{trunk['id']}/accessControlLists",
            json={"accessControlListIds": [acl["id"]]},
        )
        assert response.status_code == 200, response.text
        elapsed = await _until(
            lambda: _outbound_status(edge, caller, domain), lambda s: s in (180, 200), LIMIT
        )
        print(f"{edge.where}: ACL live after {elapsed * 1000:.0f} ms")
    finally:
        caller.close()


async def test_an_endpoint_priority_change_reroutes_within_a_second(api, edge) -> None:
    trunk = await make_trunk(api, "inbound")
    first, second = await SipSocket.open(), await SipSocket.open()
    try:
        ids = []
        for name, sock, priority in (("one", first, 1), ("two", second, 2)):
            response = await api.post(
                f"/trunks/{trunk['id']}/endpoints",
                json={
                    "name": name,
                    "address": "127.0.0.1",
                    "port": sock.port,
                    "priority": priority,
                },
            )
            assert response.status_code == 201, response.text
            ids.append(response.json()["id"])
        response = await api.post(f"/trunks/{trunk['id']}/phoneNumbers", json={"phoneNumber": DID})
        assert response.status_code in (200, 201), response.text

        async def offered_to() -> str | None:
            uri = f"sip:{DID}@{edge.address[0]}:{edge.address[1]}"
            call_id, raw = invite(
                uri, port=edge.carrier.port, from_uri="sip:+14155550100@carrier.example"
            )
            edge.carrier.send(raw, edge.address)
            waits = {
                asyncio.create_task(
                    sock.expect(lambda m: isinstance(m, Request) and m.call_id == call_id, 0.3)
                ): name
                for name, sock in (("one", first), ("two", second))
            }
            done, pending = await asyncio.wait(waits, return_when=asyncio.FIRST_COMPLETED)
            for task in pending:
                task.cancel()
            winner = next(iter(done))
            return waits[winner] if winner.result() is not None else None

        await _until(offered_to, lambda who: who == "one", 10.0)
        response = await api.put(
            f"/trunks/{trunk['id']}/endpoints/{ids[0]}",
            json={"name": "one", "address": "127.0.0.1", "port": first.port, "priority": 10},
        )
        assert response.status_code == 200, response.text
        elapsed = await _until(offered_to, lambda who: who == "two", LIMIT)
        print(f"{edge.where}: priority live after {elapsed * 1000:.0f} ms")
    finally:
        first.close()
        second.close()


async def test_a_raised_calls_per_second_admits_a_burst_within_a_second(
    api, http, settings: Settings, edge
) -> None:
    trunk = await make_trunk(api, "burst")
    acl = await make_acl(api, ("127.0.0.1", 32), name="loopback")
    response = await api.post(
        f"/trunks/{trunk['id']}/accessControlLists", json={"accessControlListIds": [acl["id"]]}
    )
    assert response.status_code == 200, response.text
    domain = trunk["domain"]
    caller = await SipSocket.open()

    async def burst() -> list[int | None]:
        return [await _outbound_status(edge, caller, domain) for _ in range(5)]

    try:
        await _until(
            lambda: _outbound_status(edge, caller, domain), lambda s: s in (180, 200), 10.0
        )
        # The default limit, 1 a second: the token is spent, the burst declined.
        assert 603 in await burst()
        token = (settings.data_dir / "admin-token").read_text().strip()  # generated at start
        response = await http.patch(
            f"/admin/projects/{PROJECT_ID}/trunks/{trunk['id']}",
            json={"callsPerSecond": 1000},
            headers={"Authorization": f"Bearer {token}"},
        )
        assert response.status_code == 200, response.text
        elapsed = await _until(burst, lambda s: all(x in (180, 200) for x in s), LIMIT)
        print(f"{edge.where}: callsPerSecond live after {elapsed * 1000:.0f} ms")
    finally:
        caller.close()
