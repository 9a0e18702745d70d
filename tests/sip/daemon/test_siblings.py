"""Several edge processes on one port (``OPENTRUNK_SIP_PROCESSES``), what they share.

The daemons here run in the test's own process, as edge processes 1 and 2 of three
(the first would start the others itself; ``tests/interop/test_sipp.py`` runs the
real thing, SIPp against ``opentrunk serve`` with two processes). Each is reached at
its own port, so the test decides which process sees which message, where the
kernel would decide by a hash of the sender's address.
"""

from __future__ import annotations

import asyncio
import os
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from opentrunk.api.state import AppState
from opentrunk.config import Settings
from opentrunk.sip import Request, Response, make_response
from opentrunk.sip.daemon import SipDaemon
from opentrunk.sip.daemon.siblings import Siblings, child_environment
from opentrunk.sip.edge.forwarding import BranchMaker
from opentrunk.sip.edge.registrar import Binding
from opentrunk.sip.element import Flow
from tests.api.factories import make_acl, make_credential_list, make_trunk
from tests.conftest import PROJECT_ID
from tests.sip.daemon.udp import SipSocket, invite

Pair = tuple[SipDaemon, SipDaemon]
DID = "+15557659001"


@pytest.fixture
async def gateway() -> AsyncIterator[SipSocket]:
    sock = await SipSocket.open()
    yield sock
    sock.close()


@pytest.fixture
async def pair(
    settings: Settings, state: AppState, gateway: SipSocket, tmp_path: Path
) -> AsyncIterator[Pair]:
    """Edge processes 1 and 2 on one shared port, the PSTN gateway a test socket."""
    (tmp_path / "siblings").mkdir()
    base = settings.model_copy(
        update={
            "sip_port": 0,
            "sip_processes": 3,
            "sip_siblings_dir": str(tmp_path / "siblings"),
            "pstn_gateway": f"127.0.0.1:{gateway.port}",
            "sip_drain_seconds": 0.2,
        }
    )
    first = SipDaemon(base.model_copy(update={"sip_process_index": 1}), database=state.database)
    await first.start()
    shared_port = first.address[1]
    second = SipDaemon(
        base.model_copy(update={"sip_process_index": 2, "sip_port": shared_port}),
        database=state.database,
    )
    await second.start()
    try:
        yield first, second
    finally:
        await second.stop()
        await first.stop()


async def _outbound_trunk(api: httpx.AsyncClient, *daemons: SipDaemon) -> dict[str, Any]:
    """A trunk whose calls from loopback go out, once every one of ``daemons`` has it
    with its ACL (each API change is a reload)."""
    trunk = await make_trunk(api, "shared")
    acl = await make_acl(api, ("127.0.0.1", 32), name="loopback")
    response = await api.post(
        f"/trunks/{trunk['id']}/accessControlLists", json={"accessControlListIds": [acl["id"]]}
    )
    assert response.status_code == 200, response.text
    for daemon in daemons:
        for _ in range(100):
            assert daemon.edge is not None
            route = daemon.edge.routes.by_id.get(trunk["id"])
            if route is not None and route.acl:
                break
            await asyncio.sleep(0.05)
        else:
            raise AssertionError("the edge never loaded the trunk")
    return trunk


def _own(daemon: SipDaemon) -> tuple[str, int]:
    assert daemon.host.own_address is not None
    return ("127.0.0.1", daemon.host.own_address[1])


async def test_both_processes_bind_the_one_port_and_each_its_own(pair: Pair) -> None:
    first, second = pair
    assert first.edge is not None
    assert first.address == second.address
    assert _own(first)[1] != _own(second)[1]
    assert first.address[1] not in (_own(first)[1], _own(second)[1])
    assert first.edge.config.port == _own(first)[1]  # in its Via and Record-Route
    assert first.edge.config.server_uri.port == first.address[1]


async def test_a_call_goes_out_with_the_own_port_in_via_and_record_route(
    api: httpx.AsyncClient, pair: Pair, gateway: SipSocket
) -> None:
    first, second = pair
    trunk = await _outbound_trunk(api, first, second)
    caller = await SipSocket.open()
    try:
        domain = trunk["domain"]
        _, raw = invite(f"sip:+14155550100@{domain}", port=caller.port, from_uri=f"sip:a@{domain}")
        caller.send(raw, first.address)  # the shared port: the kernel picks one of the two
        forwarded = await gateway.expect(lambda m: isinstance(m, Request), within=2)
        assert isinstance(forwarded, Request)
        ports = {_own(first)[1], _own(second)[1]}
        assert forwarded.top_via.port in ports
        (record_route,) = forwarded.record_routes
        assert record_route.sip_uri is not None
        assert record_route.sip_uri.port in ports
        trying = await caller.expect(lambda m: isinstance(m, Response), within=2)
        assert isinstance(trying, Response)
        assert trying.status == 100
    finally:
        caller.close()


async def test_calls_per_second_is_counted_across_processes(
    api: httpx.AsyncClient, pair: Pair, gateway: SipSocket
) -> None:
    """The trunk admits one call per second (the default): the first, through process
    1, is forwarded; the next, a moment later through process 2, is declined (603)."""
    first, second = pair
    trunk = await _outbound_trunk(api, first, second)
    assert trunk["callsPerSecond"] == 1
    caller = await SipSocket.open()
    try:
        domain = trunk["domain"]
        _, raw = invite(f"sip:+14155550100@{domain}", port=caller.port, from_uri=f"sip:a@{domain}")
        caller.send(raw, _own(first))
        assert await gateway.expect(lambda m: isinstance(m, Request), within=2) is not None
        assert second.siblings is not None
        for _ in range(100):  # until process 2 hears of the admission
            if second.siblings.received:
                break
            await asyncio.sleep(0.01)
        _, raw = invite(f"sip:+14155550101@{domain}", port=caller.port, from_uri=f"sip:a@{domain}")
        caller.send(raw, _own(second))
        final = await caller.expect(lambda m: isinstance(m, Response) and m.status >= 200, 2)
        assert isinstance(final, Response)
        assert final.status == 603
    finally:
        caller.close()


async def test_a_binding_made_in_one_process_is_mirrored_in_the_other(pair: Pair) -> None:
    first, second = pair
    assert second.edge is not None
    registrar = second.edge.registrar
    loop = asyncio.get_running_loop()
    binding = Binding(
        endpoint_id="E1", trunk_id="T1", project_id="P1", contact="sip:pbx@127.0.0.1:5999",
        flow=Flow("UDP", "127.0.0.1", 5999), source=Flow("UDP", "127.0.0.1", 5999),
        expires_at=loop.time() + 600, user_agent="test",
    )  # fmt: skip
    first._binding_changed(binding, False)  # what its registrar reports on a REGISTER
    for _ in range(100):
        if registrar.bindings("E1", loop.time()):
            break
        await asyncio.sleep(0.01)
    assert registrar.bindings("E1", loop.time()) == [binding]
    first._binding_changed(binding, True)
    for _ in range(100):
        if not registrar.bindings("E1", loop.time()):
            break
        await asyncio.sleep(0.01)
    assert registrar.bindings("E1", loop.time()) == []


async def test_siblings_skip_a_process_that_is_not_listening(tmp_path: Path) -> None:
    heard: list[tuple[str, int]] = []
    one = Siblings(tmp_path, 0, 3, on_rate=lambda t, r: heard.append((t, r)), on_binding=print)
    two = Siblings(tmp_path, 1, 3, on_rate=lambda t, r: heard.append((t, r)), on_binding=print)
    one.start()
    two.start()
    try:
        one.admitted("T1", 5)  # process 2 never started
        for _ in range(100):
            if heard:
                break
            await asyncio.sleep(0.01)
        assert heard == [("T1", 5)]
        assert one.undeliverable == 1
    finally:
        one.close()
        two.close()
    assert not (tmp_path / "0.sock").exists()


def test_the_other_processes_get_every_setting_and_their_index(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Settings given on the command line reach them too, through the environment."""
    settings = Settings(data_dir=tmp_path / "data", sip_processes=2, http_port=9999)
    env = child_environment(settings, 1, OPENTRUNK_SIP_PORT="5070")
    for name in list(os.environ):
        monkeypatch.delenv(name)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    seen = Settings()
    assert (seen.role, seen.sip_process_index, seen.sip_processes) == ("sip", 1, 2)
    assert (seen.sip_port, seen.http_port) == (5070, 9999)
    assert seen.data_dir == (tmp_path / "data").resolve()


async def test_the_first_process_starts_the_others_and_says_when_one_ends(
    settings: Settings, state: AppState, gateway: SipSocket, caplog: pytest.LogCaptureFixture
) -> None:
    daemon = SipDaemon(
        settings.model_copy(
            update={
                "sip_port": 0,
                "sip_processes": 2,
                "pstn_gateway": f"127.0.0.1:{gateway.port}",
                "sip_drain_seconds": 0.2,
            }
        ),
        database=state.database,
    )
    await daemon.start()  # returns once the other process is ready
    try:
        (child,) = daemon.children
        assert child.poll() is None
        assert daemon.siblings is not None
        directory = daemon.siblings.directory
        assert sorted(p.name for p in directory.iterdir()) == ["0.sock", "1.sock"]
        child.kill()
        for _ in range(50):  # the first process looks every second
            if "exited" in caplog.text:
                break
            await asyncio.sleep(0.1)
        assert f"SIP edge process {child.pid} exited" in caplog.text
    finally:
        await daemon.stop()
    assert daemon.children == []
    assert not directory.exists()  # a directory of its own, gone with it


async def test_a_registered_contact_is_called_from_the_shared_port_and_its_answer_relayed(
    api: httpx.AsyncClient, pair: Pair, gateway: SipSocket
) -> None:
    """Process 2 places an inbound call to a contact that registered through process 1.
    The INVITE leaves from the shared port (a NAT in front of the contact lets nothing
    else in); the contact answers to that port, and the kernel gives the 200 to process
    1 (done here by hand): process 1 passes it to process 2, whose call it is, and the
    carrier gets its 200."""
    first, second = pair
    assert first.edge is not None
    assert second.edge is not None
    trunk = await make_trunk(api, "registered")
    await make_credential_list(api, "pbx01")
    response = await api.post(
        f"/trunks/{trunk['id']}/endpoints",
        json={"name": "PBX", "isRegistered": True, "credentialUsername": "pbx01", "priority": 1},
    )
    assert response.status_code == 201, response.text
    endpoint = response.json()
    response = await api.post(f"/trunks/{trunk['id']}/phoneNumbers", json={"phoneNumber": DID})
    assert response.status_code == 201, response.text
    for daemon in pair:
        for _ in range(100):
            assert daemon.edge is not None
            route = daemon.edge.routes.by_number.get(DID)
            if route is not None and route.endpoints:
                break
            await asyncio.sleep(0.05)
    phone = await SipSocket.open()
    try:
        loop = asyncio.get_running_loop()
        contact = Flow("UDP", "127.0.0.1", phone.port)
        binding = Binding(
            endpoint["id"], trunk["id"], PROJECT_ID, f"sip:pbx01@127.0.0.1:{phone.port}",
            contact, contact, loop.time() + 600, "PBX",
        )  # fmt: skip
        first.edge.registrar.restore([binding])  # the REGISTER reached process 1
        first._binding_changed(binding, False)
        for _ in range(100):
            if second.edge.registrar.has_flow(contact):
                break
            await asyncio.sleep(0.01)

        _, raw = invite(f"sip:{DID}@127.0.0.1", port=gateway.port, from_uri="sip:+14155550100@pstn")
        gateway.send(raw, _own(second))
        offered, source = await _next(phone, Request)
        assert isinstance(offered, Request)
        assert offered.method == "INVITE"
        assert source == first.address  # the shared port, not process 2's own
        assert BranchMaker.process_of(offered.top_via.branch) == 2

        answer = make_response(offered, 200, to_tag="phone")
        first.host._datagram(answer.to_bytes(), ("127.0.0.1", phone.port))  # the kernel's pick
        final = await gateway.expect(lambda m: isinstance(m, Response) and m.status == 200, 2)
        assert final is not None  # only process 2 holds the call that could answer
    finally:
        phone.close()


async def _next(sock: SipSocket, kind: type) -> tuple[Request | Response, tuple[str, int]]:
    async with asyncio.timeout(2):
        while True:
            message, source = await sock.messages.get()
            if isinstance(message, kind):
                return message, source
