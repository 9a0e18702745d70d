"""UDP: a ``DatagramProtocol`` with a bounded queue.

Datagrams are queued as they arrive and handed on in batches from a callback the loop
runs soon after (one ``call_soon`` per burst, not per datagram). When the queue is
full the datagram is dropped and counted: over UDP the sender retransmits, and a
proxy that falls behind must shed load rather than grow without bound ("just throw
the data away, it is UDP", as hypercorn's UDP server puts it).
"""

from __future__ import annotations

import asyncio
import contextlib
import socket
from collections import deque
from collections.abc import Callable
from typing import cast

__all__ = ["UdpTransport"]

Address = tuple[str, int]


class UdpTransport(asyncio.DatagramProtocol):
    def __init__(
        self,
        on_datagram: Callable[[bytes, Address], None],
        *,
        max_queue: int = 8192,
        batch: int = 256,
    ) -> None:
        self.on_datagram = on_datagram
        self.max_queue = max_queue
        self.batch = batch
        self.received = 0
        self.dropped = 0
        self.send_errors = 0
        self._queue: deque[tuple[bytes, Address]] = deque()
        self._draining = False
        self._transport: asyncio.DatagramTransport | None = None
        self._loop: asyncio.AbstractEventLoop | None = None

    @classmethod
    async def bind(
        cls,
        host: str,
        port: int,
        on_datagram: Callable[[bytes, Address], None],
        *,
        receive_buffer: int = 4 << 20,
        reuse_port: bool = False,
        **options: int,
    ) -> UdpTransport:
        """Bind ``host:port``. The socket's receive buffer is raised (as far as the
        kernel allows, ``net.core.rmem_max``) so that a burst, or a pause of the loop,
        is absorbed by the kernel rather than dropped. ``reuse_port``: other processes
        may bind the same port (``SO_REUSEPORT``); the kernel then hands each datagram
        to one of them by a hash of its source and destination addresses, so what one
        peer sends from one port always reaches the same process."""
        family = socket.AF_INET6 if ":" in host else socket.AF_INET
        sock = socket.socket(family, socket.SOCK_DGRAM)
        try:
            with contextlib.suppress(OSError):
                sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, receive_buffer)
            if reuse_port:
                sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT, 1)
            sock.bind((host, port))
        except BaseException:
            sock.close()
            raise
        loop = asyncio.get_running_loop()
        _, protocol = await loop.create_datagram_endpoint(
            lambda: cls(on_datagram, **options), sock=sock
        )
        return protocol

    @property
    def local_address(self) -> Address:
        assert self._transport is not None
        sockname = self._transport.get_extra_info("sockname")
        return str(sockname[0]), int(sockname[1])

    @property
    def queued(self) -> int:
        return len(self._queue)

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        # uvloop's UDP transport is not a subclass of asyncio's, but has its methods.
        self._transport = cast(asyncio.DatagramTransport, transport)
        self._loop = asyncio.get_running_loop()

    def datagram_received(self, data: bytes, addr: Address) -> None:
        self.received += 1
        queue = self._queue
        if len(queue) >= self.max_queue:
            self.dropped += 1
            return
        queue.append((data, addr))
        if not self._draining and self._loop is not None:
            self._draining = True
            self._loop.call_soon(self._drain)

    def _drain(self) -> None:
        queue = self._queue
        handle = self.on_datagram
        for _ in range(min(self.batch, len(queue))):
            data, addr = queue.popleft()
            handle(data, addr[:2])
        if queue and self._loop is not None:
            self._loop.call_soon(self._drain)  # let the loop read and write in between
        else:
            self._draining = False

    def error_received(self, exc: Exception) -> None:
        # ICMP errors (port unreachable) surface here on Linux; UDP has no connection to
        # fail, and the transaction layer's timers deal with the silence.
        self.send_errors += 1

    def sendto(self, data: bytes, addr: Address) -> None:
        if self._transport is not None and not self._transport.is_closing():
            self._transport.sendto(data, addr)

    def close(self) -> None:
        if self._transport is not None:
            self._transport.close()
