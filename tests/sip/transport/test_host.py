"""The asyncio shell on real loopback sockets: UDP and TCP into an element, answers to
what cannot be parsed, keep-alives, connections opened on demand, transport errors,
and the element's one timer."""

from __future__ import annotations

import asyncio
import socket
from collections.abc import AsyncIterator
from dataclasses import dataclass, field

import pytest

from opentrunk.sip import Request, Response, Transaction, make_response, parse_message
from opentrunk.sip.element import Flow
from opentrunk.sip.transport import ElementHost

OPTIONS = (
    b"OPTIONS sip:127.0.0.1 SIP/2.0\r\n"
    b"Via: SIP/2.0/UDP 127.0.0.1:9;branch=z9hG4bKtest1\r\n"
    b"Max-Forwards: 70\r\n"
    b"From: <sip:test@127.0.0.1>;tag=a\r\n"
    b"To: <sip:127.0.0.1>\r\n"
    b"Call-ID: host-1@test\r\n"
    b"CSeq: 1 OPTIONS\r\n"
    b"Content-Length: 0\r\n\r\n"
)


@dataclass
class Echo:
    """An element that answers every request 200 where it came from, and records."""

    host: ElementHost | None = None
    received: list[tuple[Request | Response, Flow]] = field(default_factory=list)
    errors: list[Transaction[Flow]] = field(default_factory=list)
    ticks: list[float] = field(default_factory=list)
    deadline: float | None = None
    changed: asyncio.Event = field(default_factory=asyncio.Event)

    def receive(self, message: Request | Response, flow: Flow, now: float) -> None:
        self.received.append((message, flow))
        if isinstance(message, Request) and self.host is not None:
            self.host.send(make_response(message, 200).to_bytes(), flow, None)

    def tick(self, now: float) -> None:
        self.ticks.append(now)
        self.deadline = None
        self.changed.set()

    def next_deadline(self) -> float | None:
        return self.deadline

    def transport_error(self, transaction: Transaction[Flow], now: float) -> None:
        self.errors.append(transaction)
        self.changed.set()


@pytest.fixture
async def echo() -> AsyncIterator[tuple[Echo, ElementHost]]:
    element = Echo()
    host = ElementHost(element)
    element.host = host
    await host.start("127.0.0.1", 0)
    try:
        yield element, host
    finally:
        await host.close()


class _Client(asyncio.DatagramProtocol):
    def __init__(self) -> None:
        self.inbox: asyncio.Queue[bytes] = asyncio.Queue()

    def datagram_received(self, data: bytes, addr: tuple[str, int]) -> None:
        self.inbox.put_nowait(data)


async def _udp_client() -> tuple[asyncio.DatagramTransport, _Client]:
    loop = asyncio.get_running_loop()
    transport, client = await loop.create_datagram_endpoint(_Client, local_addr=("127.0.0.1", 0))
    return transport, client  # type: ignore[return-value]


class TestUdp:
    async def test_a_request_reaches_the_element_and_is_answered(self, echo) -> None:  # type: ignore[no-untyped-def]
        element, host = echo
        transport, client = await _udp_client()
        try:
            transport.sendto(OPTIONS, host.address)
            async with asyncio.timeout(5):
                answer = parse_message(await client.inbox.get())
            assert isinstance(answer, Response)
            assert answer.status == 200
            ((_, flow),) = element.received
            assert flow == Flow("UDP", "127.0.0.1", transport.get_extra_info("sockname")[1])
        finally:
            transport.close()

    async def test_an_unparsable_request_is_answered_400_and_keepalives_ignored(self, echo) -> None:  # type: ignore[no-untyped-def]
        element, host = echo
        transport, client = await _udp_client()
        try:
            transport.sendto(b"\r\n\r\n", host.address)
            transport.sendto(
                OPTIONS.replace(b"CSeq: 1 OPTIONS", b"CSeq: one OPTIONS"), host.address
            )
            async with asyncio.timeout(5):
                answer = await client.inbox.get()
            assert answer.startswith(b"SIP/2.0 400 Bad Request\r\n")
            assert b"CSeq: one OPTIONS" in answer  # copied as received: the sender matches it
            assert element.received == []
            assert host.stats.parse_errors == 1
        finally:
            transport.close()


class TestTcp:
    async def test_requests_pings_and_answers_on_the_connection(self, echo) -> None:  # type: ignore[no-untyped-def]
        element, host = echo
        reader, writer = await asyncio.open_connection(*host.address)
        try:
            writer.write(b"\r\n\r\n" + OPTIONS.replace(b"SIP/2.0/UDP", b"SIP/2.0/TCP"))
            async with asyncio.timeout(5):
                assert await reader.readexactly(2) == b"\r\n"  # the pong
                head = await reader.readuntil(b"\r\n\r\n")
            assert head.startswith(b"SIP/2.0 200 OK")
            ((_, flow),) = element.received
            assert flow.transport == "TCP"
        finally:
            writer.close()

    async def test_a_stream_without_content_length_is_answered_and_closed(self, echo) -> None:  # type: ignore[no-untyped-def]
        _, host = echo
        reader, writer = await asyncio.open_connection(*host.address)
        try:
            writer.write(OPTIONS.replace(b"Content-Length: 0\r\n", b""))
            async with asyncio.timeout(5):
                data = await reader.read()  # until the edge closes
            assert data.startswith(b"SIP/2.0 400")
        finally:
            writer.close()

    async def test_sending_opens_a_connection(self, echo) -> None:  # type: ignore[no-untyped-def]
        _, host = echo
        got: asyncio.Queue[bytes] = asyncio.Queue()

        async def peer(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
            got.put_nowait(await reader.readuntil(b"\r\n\r\n"))
            writer.close()

        server = await asyncio.start_server(peer, "127.0.0.1", 0)
        port = server.sockets[0].getsockname()[1]
        try:
            host.send(OPTIONS, Flow("TCP", "127.0.0.1", port), None)
            async with asyncio.timeout(5):
                assert (await got.get()).startswith(b"OPTIONS")
        finally:
            server.close()

    async def test_a_connection_that_cannot_be_opened_is_a_transport_error(self, echo) -> None:  # type: ignore[no-untyped-def]
        element, host = echo
        with socket.socket() as closed:
            closed.bind(("127.0.0.1", 0))
            port = closed.getsockname()[1]  # bound, not listening: refused
            transaction = object()
            host.send(OPTIONS, Flow("TCP", "127.0.0.1", port), transaction)  # type: ignore[arg-type]
            async with asyncio.timeout(5):
                await element.changed.wait()
        assert element.errors == [transaction]


async def test_the_element_timer_is_scheduled_from_its_deadline(echo) -> None:  # type: ignore[no-untyped-def]
    element, host = echo
    loop = asyncio.get_running_loop()
    element.deadline = loop.time() + 0.05
    transport, _ = await _udp_client()
    try:
        transport.sendto(OPTIONS, host.address)  # any message makes the shell look again
        async with asyncio.timeout(5):
            await element.changed.wait()
        assert element.ticks
    finally:
        transport.close()


class _Recorder(asyncio.DatagramProtocol):
    """A peer that notes where each datagram came from."""

    def __init__(self) -> None:
        self.inbox: asyncio.Queue[tuple[bytes, int]] = asyncio.Queue()

    def datagram_received(self, data: bytes, addr: tuple[str, int]) -> None:
        self.inbox.put_nowait((data, addr[1]))


@dataclass
class Forwarder:
    """Answers each request statelessly and sends it on to ``next_hop``, as a new
    request: the two kinds of datagram a shared host must send from different ports."""

    next_hop: Flow
    host: ElementHost | None = None

    def receive(self, message: Request | Response, flow: Flow, now: float) -> None:
        if isinstance(message, Request) and self.host is not None:
            self.host.send(make_response(message, 200).to_bytes(), flow, None)
            self.host.send(message.to_bytes(), self.next_hop, None)

    def tick(self, now: float) -> None:
        pass

    def next_deadline(self) -> float | None:
        return None

    def transport_error(self, transaction: Transaction[Flow], now: float) -> None:
        pass


class TestShared:
    """Several hosts on one port (as several edge processes are), each with its own."""

    async def test_two_hosts_share_a_port_and_each_has_its_own(self) -> None:
        first, second = ElementHost(None), ElementHost(None)
        await first.start("127.0.0.1", 0, shared=True)
        try:
            await second.start("127.0.0.1", first.address[1], shared=True)
            try:
                assert first.address == second.address
                assert first.own_address is not None
                assert second.own_address is not None
                ports = {first.address[1], first.own_address[1], second.own_address[1]}
                assert len(ports) == 3
            finally:
                await second.close()
        finally:
            await first.close()

    async def test_without_sharing_the_port_is_taken(self) -> None:
        first = ElementHost(None)
        await first.start("127.0.0.1", 0)
        try:
            with pytest.raises(OSError, match="in use"):
                await ElementHost(None).start("127.0.0.1", first.address[1], shared=True)
        finally:
            await first.close()

    @pytest.mark.parametrize("registered", [False, True], ids=["next-hop", "registered-contact"])
    async def test_answers_leave_from_the_shared_port_and_requests_from_the_own(
        self, registered: bool
    ) -> None:
        """...except a request to a registered contact: from the shared port, which its
        NAT lets in."""
        loop = asyncio.get_running_loop()
        caller_transport, caller = await loop.create_datagram_endpoint(
            _Recorder, local_addr=("127.0.0.1", 0)
        )
        hop_transport, hop = await loop.create_datagram_endpoint(
            _Recorder, local_addr=("127.0.0.1", 0)
        )
        target = Flow("UDP", "127.0.0.1", hop_transport.get_extra_info("sockname")[1])
        element = Forwarder(target)
        host = ElementHost(element)
        element.host = host
        if registered:
            host.shared_destination = lambda flow: flow == target
        await host.start("127.0.0.1", 0, shared=True)
        try:
            assert host.own_address is not None
            caller_transport.sendto(OPTIONS, host.address)
            async with asyncio.timeout(5):
                answer, answered_from = await caller.inbox.get()
                forwarded, forwarded_from = await hop.inbox.get()
            assert answer.startswith(b"SIP/2.0 200")
            assert answered_from == host.address[1]
            assert forwarded.startswith(b"OPTIONS ")
            assert forwarded_from == (host.address if registered else host.own_address)[1]
        finally:
            await host.close()
            caller_transport.close()
            hop_transport.close()

    async def test_a_response_for_another_process_is_passed_on_not_handled(self) -> None:
        element = Echo()
        host = ElementHost(element)
        relayed: list[tuple[int, bytes, tuple[str, int]]] = []
        host.foreign = lambda response: 7 if response.status == 200 else None
        host.relay = lambda index, data, source: relayed.append((index, data, source))
        await host.start("127.0.0.1", 0, shared=True)
        try:
            request = parse_message(OPTIONS)
            assert isinstance(request, Request)
            ok, busy = (make_response(request, s).to_bytes() for s in (200, 486))
            host._datagram(ok, ("127.0.0.1", 9))  # as the kernel gives it, on the shared port
            host._datagram(busy, ("127.0.0.1", 9))
            assert relayed == [(7, ok, ("127.0.0.1", 9))]
            assert [m.status for m, _ in element.received] == [486]  # type: ignore[union-attr]
            host.inject(ok, ("127.0.0.1", 9))  # what the other side does with it
            assert [m.status for m, _ in element.received] == [486, 200]  # type: ignore[union-attr]
        finally:
            await host.close()
