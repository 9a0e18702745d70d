"""A UDP socket that speaks raw SIP, for tests against a real edge on loopback."""

from __future__ import annotations

import asyncio
import itertools
from collections.abc import Callable

from opentrunk.sip import Request, Response, parse_message

Address = tuple[str, int]
_count = itertools.count()


class SipSocket(asyncio.DatagramProtocol):
    def __init__(self) -> None:
        self.messages: asyncio.Queue[tuple[Request | Response, Address]] = asyncio.Queue()
        self.transport: asyncio.DatagramTransport | None = None

    @classmethod
    async def open(cls) -> SipSocket:
        loop = asyncio.get_running_loop()
        _, protocol = await loop.create_datagram_endpoint(cls, local_addr=("127.0.0.1", 0))
        return protocol

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        self.transport = transport  # type: ignore[assignment]

    def datagram_received(self, data: bytes, addr: Address) -> None:
        if data.strip(b"\r\n"):
            self.messages.put_nowait((parse_message(data), addr[:2]))

    @property
    def port(self) -> int:
        assert self.transport is not None
        return int(self.transport.get_extra_info("sockname")[1])

    def send(self, data: bytes, addr: Address) -> None:
        assert self.transport is not None
        self.transport.sendto(data, addr)

    async def expect(
        self, match: Callable[[Request | Response], bool], within: float
    ) -> Request | Response | None:
        """The next message that ``match`` accepts, or None after ``within`` seconds."""
        try:
            async with asyncio.timeout(within):
                while True:
                    message, _ = await self.messages.get()
                    if match(message):
                        return message
        except TimeoutError:
            return None

    def close(self) -> None:
        if self.transport is not None:
            self.transport.close()


def invite(uri: str, *, port: int, from_uri: str, call_id: str | None = None) -> tuple[str, bytes]:
    """A minimal INVITE from ``127.0.0.1:port``; returns its Call-ID and bytes."""
    n = next(_count)
    call_id = call_id or f"probe-{n}@127.0.0.1"
    raw = (
        f"INVITE {uri} SIP/2.0\r\n"
        f"Via: SIP/2.0/UDP 127.0.0.1:{port};rport;branch=z9hG4bKprobe{n}x{port}\r\n"
        "Max-Forwards: 70\r\n"
        f"From: <{from_uri}>;tag=probe{n}\r\n"
        f"To: <{uri}>\r\n"
        f"Call-ID: {call_id}\r\n"
        "CSeq: 1 INVITE\r\n"
        f"Contact: <sip:probe@127.0.0.1:{port}>\r\n"
        "Content-Length: 0\r\n\r\n"
    ).encode()
    return call_id, raw


def options(port: int, edge_port: int) -> bytes:
    n = next(_count)
    return (
        f"OPTIONS sip:127.0.0.1:{edge_port} SIP/2.0\r\n"
        f"Via: SIP/2.0/UDP 127.0.0.1:{port};rport;branch=z9hG4bKopt{n}x{port}\r\n"
        "Max-Forwards: 70\r\n"
        f"From: <sip:probe@127.0.0.1>;tag=o{n}\r\n"
        f"To: <sip:127.0.0.1:{edge_port}>\r\n"
        f"Call-ID: options-{n}@127.0.0.1\r\n"
        "CSeq: 1 OPTIONS\r\n"
        "Content-Length: 0\r\n\r\n"
    ).encode()
