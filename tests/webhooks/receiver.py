"""A callback receiver on a real loopback socket: a minimal HTTP/1.1 server (asyncio
streams, keep-alive) that records every request and answers from a script.

Use it in the test's own loop (``async with Receiver() as r``) or, when the test blocks
on a subprocess, on a thread of its own (``with Receiver().in_thread() as r``).
"""

from __future__ import annotations

import asyncio
import threading
from collections import deque
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager, contextmanager
from dataclasses import dataclass, field

from opentrunk.webhooks import verify_sinch_signature, verify_standard_signature


@dataclass(frozen=True)
class Received:
    path: str
    headers: dict[str, str]
    body: bytes

    @property
    def event_id(self) -> str:
        return self.headers["webhook-id"]

    def signed_by(self, secret: str) -> bool:
        """Both signatures verify, as a receiver would check them."""
        timestamp = int(self.headers["webhook-timestamp"])
        return verify_sinch_signature(
            secret, self.body, self.headers["x-sinch-signature"]
        ) and verify_standard_signature(
            secret, self.event_id, timestamp, self.body, self.headers["webhook-signature"]
        )


@dataclass
class Receiver:
    #: Status codes to answer, in order; 200 once they run out.
    script: deque[int] = field(default_factory=deque)
    #: Seconds to wait before answering each request (a slow receiver).
    delay: float = 0.0
    received: list[Received] = field(default_factory=list)
    port: int = 0
    _server: asyncio.Server | None = None
    _lock: threading.Lock = field(default_factory=threading.Lock)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/callbacks"

    def answer(self, *codes: int) -> None:
        self.script.extend(codes)

    def snapshot(self) -> list[Received]:
        with self._lock:
            return list(self.received)

    async def start(self) -> None:
        self._server = await asyncio.start_server(self._serve, "127.0.0.1", 0)
        self.port = self._server.sockets[0].getsockname()[1]

    async def stop(self) -> None:
        if self._server is not None:
            self._server.close()
            await self._server.wait_closed()

    async def __aenter__(self) -> Receiver:
        await self.start()
        return self

    async def __aexit__(self, *_: object) -> None:
        await self.stop()

    @contextmanager
    def in_thread(self) -> Iterator[Receiver]:
        loop = asyncio.new_event_loop()
        ready = threading.Event()

        def run() -> None:
            asyncio.set_event_loop(loop)
            loop.run_until_complete(self.start())
            ready.set()
            loop.run_forever()

        thread = threading.Thread(target=run, name="callback receiver", daemon=True)
        thread.start()
        ready.wait(10)
        try:
            yield self
        finally:
            asyncio.run_coroutine_threadsafe(self.stop(), loop).result(10)
            loop.call_soon_threadsafe(loop.stop)
            thread.join(10)
            loop.close()

    async def _serve(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            while True:
                head = await reader.readuntil(b"\r\n\r\n")
                lines = head.decode("latin-1").split("\r\n")
                path = lines[0].split(" ")[1]
                headers = {}
                for line in lines[1:]:
                    if line:
                        name, _, value = line.partition(":")
                        headers[name.strip().lower()] = value.strip()
                body = await reader.readexactly(int(headers.get("content-length", "0")))
                with self._lock:
                    self.received.append(Received(path, headers, body))
                    status = self.script.popleft() if self.script else 200
                if self.delay:
                    await asyncio.sleep(self.delay)  # the receiver is slow, by design
                text = b"ok" if status < 300 else b"receiver says no"
                writer.write(
                    f"HTTP/1.1 {status} X\r\nContent-Length: {len(text)}\r\n\r\n".encode() + text
                )
                await writer.drain()
        except (asyncio.IncompleteReadError, ConnectionError):
            pass
        finally:
            writer.close()


@asynccontextmanager
async def receiving(*codes: int, delay: float = 0.0) -> AsyncIterator[Receiver]:
    receiver = Receiver(deque(codes), delay)
    async with receiver:
        yield receiver
