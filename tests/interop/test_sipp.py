"""SIPp (Debian's ``sip-tester``) against a real ``opentrunk serve``: one scenario per row
of Sinch's SIP diagnostics table, failover, REGISTER then an inbound call, CANCEL,
and the call record each call leaves, read back through ``/calls``.

=====================================  ======================================  =========
scenario (``sipp/``)                   what it proves                          record
=====================================  ======================================  =========
``uac_auth.xml``                       407 challenge, digest, connected call   COMPLETED
``register.xml``                       401 challenge, REGISTER with digest     -
``uac_403.xml`` (trunk ACL elsewhere)  403: source address not in the ACL      -
``uac_403.xml`` (From example.com)     403: From domain is not the trunk's     FAILED
``uac_404.xml``                        404: unknown trunk domain               -
``uac_404.xml`` (carrier, no number)   404: number not assigned                -
``uac_503.xml`` (carrier)              503: no endpoint reachable              FAILED
``uac_call.xml`` + ``uac_603.xml``     603: calls per second exceeded          FAILED
``uac_call.xml`` (carrier) to          failover from priority 1 (503) to       COMPLETED
``uas_503.xml`` / ``uas_answer``       priority 100, which answers
``register.xml`` then ``uac_call``     the call reaches the registered         COMPLETED
                                       contact (``uas_answer.xml``)
``uac_call.xml`` over TCP (``-t t1``)  a call on TCP, the gateway on UDP        COMPLETED
``uac_cancel.xml``                     CANCEL before answer: 200, then 487     CANCEL
=====================================  ======================================  =========

Refusals before a caller is authenticated (ACL, unknown domain or number) leave no
record: a stranger's traffic does not go into a customer's call history.

Everything runs on loopback. The server runs once for the module (SQLite) and once
more with two edge processes on its SIP port (``OPENTRUNK_SIP_PROCESSES=2``): every
scenario then runs with each SIPp on a port of its own, so the kernel gives its calls
to one process or the other, and the REGISTER and the call to the registered contact
may meet in different ones. Every scenario uses trunks of its own, since each trunk
admits one call per second.
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.conftest import KEY_ID, KEY_SECRET, PROJECT_ID
from tests.interop.conftest import start_server

pytestmark = pytest.mark.interop

SCENARIOS = Path(__file__).parent / "sipp"
PASSWORD = "SecurePassword1234"
FROM = "+15550001111"


def _free_port() -> int:
    """A port free for UDP and TCP both."""
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


@dataclass
class Edge:
    api: httpx.Client
    sip_port: int
    carrier_port: int
    workdir: Path
    process: subprocess.Popen[str]
    names: dict[str, int] = field(default_factory=dict)

    @property
    def address(self) -> str:
        return f"127.0.0.1:{self.sip_port}"

    def unique(self, name: str) -> str:
        """A host name no other test of this module uses."""
        self.names[name] = self.names.get(name, 0) + 1
        return f"{name}{self.names[name]}"

    def post(self, path: str, body: dict[str, Any], expect: int = 200) -> dict[str, Any]:
        response = self.api.post(path, json=body)
        assert response.status_code == expect, response.text
        result: dict[str, Any] = response.json()
        return result

    def trunk(
        self,
        name: str,
        *,
        acl: str | None = "127.0.0.1",
        credentials: str | None = None,
    ) -> dict[str, Any]:
        trunk = self.post("/trunks", {"name": name, "hostName": self.unique(name)}, 201)
        if acl is not None:
            made = self.post(
                "/accessControlLists", {"name": name, "ipRanges": [{"ipAddress": acl}]}
            )
            self.post(
                f"/trunks/{trunk['id']}/accessControlLists", {"accessControlListIds": [made["id"]]}
            )
        if credentials is not None:
            made = self.post(
                "/credentialLists",
                {"name": name, "credentials": [{"username": credentials, "password": PASSWORD}]},
            )
            response = self.api.put(
                f"/trunks/{trunk['id']}/credentialLists", json={"credentialListIds": [made["id"]]}
            )
            assert response.status_code == 200, response.text
        time.sleep(0.3)  # the edge reloads in well under that (see tests/sip/daemon)
        return trunk

    def records(self, trunk: dict[str, Any], count: int = 1) -> list[dict[str, Any]]:
        """The trunk's call records, once ``count`` are written (the edge batches them)."""
        deadline = time.monotonic() + 10
        while True:
            response = self.api.get("/calls", params={"trunkId": trunk["id"]})
            assert response.status_code == 200, response.text
            calls: list[dict[str, Any]] = response.json()["calls"]
            if len(calls) >= count or time.monotonic() > deadline:
                return calls
            time.sleep(0.1)  # waiting for a real process's background writer

    def sipp(
        self,
        scenario: str,
        *,
        keys: dict[str, str] | None = None,
        port: int | None = None,
        remote: bool = True,
        auth: tuple[str, str] | None = None,
        background: bool = False,
        tcp: bool = False,
    ) -> subprocess.Popen[str]:
        """Run a SIPp scenario for one call (to the edge, unless ``remote`` is off: a
        UAS waiting for its call)."""
        command = [
            "sipp", "-sf", str(SCENARIOS / scenario), "-i", "127.0.0.1",
            "-p", str(port or _free_port()), "-m", "1", "-nostdin", "-timeout", "20",
            "-timeout_error", "-trace_err", "-error_file", str(self.workdir / f"{scenario}.err"),
        ]  # fmt: skip
        if remote:
            command.insert(3, self.address)
        for key, value in (keys or {}).items():
            command += ["-key", key, value]
        if auth is not None:
            command += ["-au", auth[0], "-ap", auth[1]]
        if tcp:
            command += ["-t", "t1"]
        process = subprocess.Popen(
            command,
            cwd=self.workdir,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        if not background:
            finished(process)
        return process


def finished(process: subprocess.Popen[str]) -> None:
    output, _ = process.communicate(timeout=40)
    assert process.returncode == 0, f"SIPp failed ({process.returncode}):\n{output[-3000:]}"


def outbound_keys(trunk: dict[str, Any], to: str = "+15551234567", **extra: str) -> dict[str, str]:
    domain = trunk["domain"]
    return {"to": to, "domain": domain, "from": FROM, "from_domain": domain, **extra}


@pytest.fixture(scope="module", params=[1, 2], ids=["one-process", "two-processes"])
def edge(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Edge]:
    if shutil.which("sipp") is None:
        if os.environ.get("CI"):
            pytest.fail("CI must run the SIPp interop tests: sipp (sip-tester) is not installed")
        pytest.skip("sipp (Debian package sip-tester) is not installed")
    workdir = tmp_path_factory.mktemp("sipp")
    sip_port, carrier_port = _free_port(), _free_port()
    server = start_server(
        workdir / "data",
        f"sqlite+aiosqlite:///{workdir / 'data' / 'opentrunk.db'}",
        {
            "OPENTRUNK_SIP_PORT": str(sip_port),
            "OPENTRUNK_CARRIER_ADDRESSES": f"127.0.0.1:{carrier_port}",
            "OPENTRUNK_SIP_FAILOVER_TIMEOUT_SECONDS": "1",
            "OPENTRUNK_SIP_DRAIN_SECONDS": "0.5",
            "OPENTRUNK_LOG_LEVEL": "warning",
            "OPENTRUNK_SIP_PROCESSES": str(request.param),
        },
    )
    base, process = server.base_url, server.process
    api = httpx.Client(
        base_url=f"{base}/v1/projects/{PROJECT_ID}", auth=(KEY_ID, KEY_SECRET), timeout=10
    )
    try:
        yield Edge(api, sip_port, carrier_port, workdir, process)
    finally:
        api.close()
        process.send_signal(signal.SIGTERM)
        output, _ = process.communicate(timeout=30)
        assert process.returncode == 0, output


class TestDiagnostics:
    """Sinch's table: 401/407, 403 (ACL, From domain), 404, 503, 603."""

    def test_407_challenge_then_an_authenticated_call(self, edge: Edge) -> None:
        trunk = edge.trunk("auth", acl=None, credentials="pbx01")
        edge.sipp("uac_auth.xml", keys=outbound_keys(trunk), auth=("pbx01", PASSWORD))
        (record,) = edge.records(trunk)
        assert (record["callResult"], record["direction"]) == ("COMPLETED", "outbound")
        assert (record["from"], record["to"]) == (FROM, "+15551234567")
        assert record["answerTime"] is not None

    def test_401_challenge_then_register(self, edge: Edge) -> None:
        trunk = edge.trunk("reg", acl=None, credentials="phone01")
        endpoint = edge.post(
            f"/trunks/{trunk['id']}/endpoints",
            {"name": "phone", "isRegistered": True, "credentialUsername": "phone01", "priority": 1},
            201,
        )
        time.sleep(0.3)
        keys = {"user": "phone01", "domain": trunk["domain"], "contact_port": "5999"}
        edge.sipp("register.xml", keys=keys, auth=("phone01", PASSWORD))
        path = f"/trunks/{trunk['id']}/endpoints/{endpoint['id']}/registrations"
        deadline = time.monotonic() + 5
        while not (registrations := edge.api.get(path).json()["registrations"]):
            assert time.monotonic() < deadline, "the binding was not stored"
            time.sleep(0.1)
        assert registrations[0]["contact"] == "sip:phone01@127.0.0.1:5999"

    def test_403_source_address_not_in_the_acl(self, edge: Edge) -> None:
        trunk = edge.trunk("far", acl="203.0.113.0")
        edge.sipp("uac_403.xml", keys=outbound_keys(trunk))
        assert edge.records(trunk, count=0) == []

    def test_403_from_domain_not_the_trunk_domain(self, edge: Edge) -> None:
        trunk = edge.trunk("from")
        edge.sipp("uac_403.xml", keys=outbound_keys(trunk, from_domain="example.com"))
        (record,) = edge.records(trunk)
        assert record["callResult"] == "FAILED"

    def test_404_unknown_trunk_domain(self, edge: Edge) -> None:
        keys = {"to": "+15551234567", "domain": "nowhere.pstn.sinch.com", "from": FROM}
        edge.sipp("uac_404.xml", keys={**keys, "from_domain": "nowhere.pstn.sinch.com"})

    def test_404_unassigned_number(self, edge: Edge) -> None:
        keys = {"to": "+15550009999", "domain": edge.address, "from": "+14155550100"}
        edge.sipp(
            "uac_404.xml", keys={**keys, "from_domain": "carrier.example"}, port=edge.carrier_port
        )

    def test_503_no_endpoint_reachable(self, edge: Edge) -> None:
        trunk = edge.trunk("noep", acl=None)
        edge.post(f"/trunks/{trunk['id']}/phoneNumbers", {"phoneNumber": "+15557650503"}, 201)
        time.sleep(0.3)
        keys = {"to": "+15557650503", "domain": edge.address, "from": "+14155550100"}
        edge.sipp(
            "uac_503.xml", keys={**keys, "from_domain": "carrier.example"}, port=edge.carrier_port
        )
        (record,) = edge.records(trunk)
        assert (record["callResult"], record["direction"]) == ("FAILED", "inbound")

    def test_603_calls_per_second_exceeded(self, edge: Edge) -> None:
        trunk = edge.trunk("cps")  # callsPerSecond: 1
        assert trunk["callsPerSecond"] == 1
        edge.sipp("uac_call.xml", keys=outbound_keys(trunk))
        edge.sipp("uac_603.xml", keys=outbound_keys(trunk))  # within the same second
        results = sorted(r["callResult"] for r in edge.records(trunk, count=2))
        assert results == ["COMPLETED", "FAILED"]


class TestInbound:
    def _did(self, edge: Edge, trunk: dict[str, Any], number: str) -> None:
        edge.post(f"/trunks/{trunk['id']}/phoneNumbers", {"phoneNumber": number}, 201)

    def _endpoint(self, edge: Edge, trunk: dict[str, Any], port: int, priority: int) -> None:
        edge.post(
            f"/trunks/{trunk['id']}/endpoints",
            {"name": f"pbx-{priority}", "address": "127.0.0.1", "port": port, "priority": priority},
            201,
        )

    def _carrier_call(self, edge: Edge, number: str) -> None:
        keys = {"to": number, "domain": edge.address, "from": "+14155550100"}
        edge.sipp(
            "uac_call.xml", keys={**keys, "from_domain": "carrier.example"}, port=edge.carrier_port
        )

    def test_failover_from_priority_1_to_priority_100(self, edge: Edge) -> None:
        trunk = edge.trunk("failover", acl=None)
        primary, backup = _free_port(), _free_port()
        self._endpoint(edge, trunk, primary, 1)
        self._endpoint(edge, trunk, backup, 100)
        self._did(edge, trunk, "+15557651001")
        time.sleep(0.3)
        refusing = edge.sipp("uas_503.xml", port=primary, remote=False, background=True)
        answering = edge.sipp("uas_answer.xml", port=backup, remote=False, background=True)
        time.sleep(0.3)  # both UAS listening
        self._carrier_call(edge, "+15557651001")
        finished(refusing)  # got the INVITE first, refused it, got its ACK
        finished(answering)  # then got it and answered
        (record,) = edge.records(trunk)
        assert (record["callResult"], record["direction"]) == ("COMPLETED", "inbound")
        assert record["to"] == "+15557651001"

    def test_register_then_an_inbound_call_to_the_registered_contact(self, edge: Edge) -> None:
        trunk = edge.trunk("pbx", acl=None, credentials="pbx02")
        edge.post(
            f"/trunks/{trunk['id']}/endpoints",
            {"name": "pbx", "isRegistered": True, "credentialUsername": "pbx02", "priority": 1},
            201,
        )
        self._did(edge, trunk, "+15557651002")
        time.sleep(0.3)
        phone = _free_port()
        answering = edge.sipp("uas_answer.xml", port=phone, remote=False, background=True)
        keys = {"user": "pbx02", "domain": trunk["domain"], "contact_port": str(phone)}
        edge.sipp("register.xml", keys=keys, auth=("pbx02", PASSWORD))
        self._carrier_call(edge, "+15557651002")
        finished(answering)
        (record,) = edge.records(trunk)
        assert (record["callResult"], record["direction"]) == ("COMPLETED", "inbound")


class TestTcp:
    def test_an_outbound_call_over_tcp(self, edge: Edge) -> None:
        """The caller on TCP (Record-Route says so), the PSTN gateway on UDP."""
        trunk = edge.trunk("tcp")
        edge.sipp("uac_call.xml", keys=outbound_keys(trunk), tcp=True)
        (record,) = edge.records(trunk)
        assert record["callResult"] == "COMPLETED"


class TestCancel:
    def test_cancel_before_answer(self, edge: Edge) -> None:
        trunk = edge.trunk("cancel")
        # The PSTN simulator lets numbers ending in 0408 ring without answering.
        edge.sipp("uac_cancel.xml", keys=outbound_keys(trunk, to="+15551230408"))
        (record,) = edge.records(trunk)
        assert (record["callResult"], record["answerTime"]) == ("CANCEL", None)
