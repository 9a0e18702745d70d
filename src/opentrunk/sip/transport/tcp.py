"""TCP: stream handlers with a ``StreamFramer`` each, idle timeouts, and connections
opened on demand.

Connections are kept by the peer's address, whichever side opened them, so a response
or an in-dialog request to a peer that connected to us goes back on its connection
(§18.2.2). Sending to a peer with no connection opens one; until it is up the data
waits, and if it cannot be opened every transaction whose data waited gets a transport
error (§17.1.4). A connection idle for ``idle_timeout`` is closed; so is one whose
framing breaks (after a 400/513 if one can be answered) or whose peer stops reading
(more than ``max_write_buffer`` unsent).
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Callable, Coroutine
from typing import Any

from opentrunk.sip import (
    RemoteProtocolError,
    Request,
    Response,
    StreamEvent,
    StreamFramer,
    Transaction,
    error_response,
    new_tag,
)
from opentrunk.sip.element import Flow

__all__ = ["TcpTransport"]

Address = tuple[str, int]
OnMessage = Callable[[Request | Response, Flow], None]
OnError = Callable[[Transaction[Flow]], None]


class _Connection:
    __slots__ = ("flow", "framer", "reader", "writer")

    def __init__(self, flow: Flow, reader: asyncio.StreamReader, writer: asyncio.StreamWriter):
        self.flow = flow
        self.reader = reader
        self.writer = writer
        self.framer = StreamFramer()


class TcpTransport:
    def __init__(
        self,
        on_message: OnMessage,
        on_error: OnError,
        *,
        idle_timeout: float = 600.0,
        connect_timeout: float = 5.0,
        max_connections: int = 4096,
        max_write_buffer: int = 1 << 20,
    ) -> None:
        self.on_message = on_message
        self.on_error = on_error
        self.idle_timeout = idle_timeout
        self.connect_timeout = connect_timeout
        self.max_connections = max_connections
        self.max_write_buffer = max_write_buffer
        self.framing_errors = 0
        self._servers: list[asyncio.Server] = []
        self._connections: dict[Address, _Connection] = {}
        self._pending: dict[Address, list[tuple[bytes, Transaction[Flow] | None]]] = {}
        self._tasks: set[asyncio.Task[Any]] = set()

    async def listen(self, host: str, port: int, *, reuse_port: bool = False) -> Address:
        """Accept connections on ``host:port`` (again for another address: every
        listener's connections share the one table). ``reuse_port``: other processes
        may listen on the same port (``SO_REUSEPORT``); the kernel spreads the
        connections among them."""
        server = await asyncio.start_server(
            self._accepted, host, port, reuse_port=reuse_port or None
        )
        self._servers.append(server)
        sockname = server.sockets[0].getsockname()
        return str(sockname[0]), int(sockname[1])

    @property
    def connections(self) -> int:
        return len(self._connections)

    # --- sending ----------------------------------------------------------------------

    def send(self, data: bytes, flow: Flow, transaction: Transaction[Flow] | None) -> None:
        key = (flow.host, flow.port)
        connection = self._connections.get(key)
        if connection is not None and not connection.writer.is_closing():
            connection.writer.write(data)
            transport = connection.writer.transport
            if transport.get_write_buffer_size() > self.max_write_buffer:
                transport.abort()  # the peer stopped reading
            return
        waiting = self._pending.get(key)
        if waiting is not None:
            waiting.append((data, transaction))
            return
        self._pending[key] = [(data, transaction)]
        self._spawn(self._connect(flow))

    async def _connect(self, flow: Flow) -> None:
        key = (flow.host, flow.port)
        try:
            async with asyncio.timeout(self.connect_timeout):
                reader, writer = await asyncio.open_connection(flow.host, flow.port)
        except (OSError, TimeoutError):
            for _, transaction in self._pending.pop(key, []):
                if transaction is not None:
                    self.on_error(transaction)
            return
        connection = _Connection(flow, reader, writer)
        self._connections[key] = connection
        for data, _ in self._pending.pop(key, []):
            writer.write(data)
        await self._serve(connection)

    # --- receiving --------------------------------------------------------------------

    async def _accepted(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        peer = writer.get_extra_info("peername")
        if len(self._connections) >= self.max_connections or peer is None:
            writer.close()
            return
        flow = Flow("TCP", str(peer[0]), int(peer[1]))
        connection = _Connection(flow, reader, writer)
        self._connections[(flow.host, flow.port)] = connection
        task = asyncio.current_task()
        if task is not None:
            self._tasks.add(task)
            task.add_done_callback(self._tasks.discard)
        await self._serve(connection)

    async def _serve(self, connection: _Connection) -> None:
        framer, writer = connection.framer, connection.writer
        try:
            while True:
                try:
                    async with asyncio.timeout(self.idle_timeout):
                        data = await connection.reader.read(65536)
                except TimeoutError:
                    return
                if not data:
                    return
                framer.receive_data(data)
                while True:
                    try:
                        event = framer.next_event()
                    except RemoteProtocolError as exc:
                        self.framing_errors += 1
                        answer = error_response(exc, to_tag=new_tag())
                        if answer is not None:
                            writer.write(answer.to_bytes())
                        if framer.broken:
                            return
                        continue  # one bad message; the stream goes on
                    if event is StreamEvent.NEED_DATA:
                        break
                    if event is StreamEvent.PING:
                        writer.write(b"\r\n")
                        continue
                    self.on_message(event, connection.flow)
        except (ConnectionError, OSError):
            return
        finally:
            key = (connection.flow.host, connection.flow.port)
            if self._connections.get(key) is connection:
                del self._connections[key]
            writer.close()

    def _spawn(self, coroutine: Coroutine[object, object, None]) -> None:
        task = asyncio.ensure_future(coroutine)
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def close(self) -> None:
        for server in self._servers:
            server.close()
        for connection in list(self._connections.values()):
            connection.writer.close()
        for task in list(self._tasks):
            task.cancel()
        for task in list(self._tasks):
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await task
        for server in self._servers:
            await server.wait_closed()
