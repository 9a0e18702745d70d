"""A real HTTP callback receiver on loopback that checks every signature it gets."""

from __future__ import annotations

import asyncio
import base64
import hashlib
import hmac
import json
import time
from dataclasses import dataclass, field
from typing import Any


@dataclass
class Callback:
    headers: dict[str, str]
    body: bytes
    #: ``time.perf_counter()`` at arrival.
    at: float = 0.0

    @property
    def payload(self) -> dict[str, Any]:
        data: dict[str, Any] = json.loads(self.body)
        return data


@dataclass
class Receiver:
    secret: str
    received: list[Callback] = field(default_factory=list)
    #: Status codes to answer with, in order (200 once they run out).
    answers: list[int] = field(default_factory=list)
    server: asyncio.Server | None = None

    @property
    def url(self) -> str:
        assert self.server is not None
        host, port = self.server.sockets[0].getsockname()[:2]
        return f"http://{host}:{port}/callbacks"

    async def _handle(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            while True:
                head = await reader.readuntil(b"\r\n\r\n")
                lines = head.decode("latin-1").split("\r\n")
                headers = {}
                for line in lines[1:]:
                    if ":" in line:
                        name, _, value = line.partition(":")
                        headers[name.strip().lower()] = value.strip()
                body = await reader.readexactly(int(headers.get("content-length", "0")))
                self.received.append(Callback(headers, body, time.perf_counter()))
                status = self.answers.pop(0) if self.answers else 200
                writer.write(f"HTTP/1.1 {status} X\r\ncontent-length: 0\r\n\r\n".encode())
                await writer.drain()
        except (asyncio.IncompleteReadError, ConnectionError, asyncio.CancelledError):
            pass  # the client went away, or the receiver is stopping
        finally:
            writer.close()

    async def start(self) -> None:
        self.server = await asyncio.start_server(self._handle, "127.0.0.1", 0)

    async def stop(self) -> None:
        if self.server is not None:
            self.server.close()
            await self.server.wait_closed()

    def verified(self) -> list[dict[str, Any]]:
        """Every payload received, after checking both signatures of each delivery."""
        payloads = []
        for callback in self.received:
            expected = hmac.new(self.secret.encode(), callback.body, hashlib.sha1).hexdigest()
            assert callback.headers["x-sinch-signature"] == expected
            event_id = callback.headers["webhook-id"]
            timestamp = callback.headers["webhook-timestamp"]
            signed = f"{event_id}.{timestamp}.".encode() + callback.body
            standard = base64.b64encode(
                hmac.new(self.secret.encode(), signed, hashlib.sha256).digest()
            ).decode()
            assert f"v1,{standard}" in callback.headers["webhook-signature"].split()
            payload = callback.payload
            assert payload["eventId"] == event_id
            payloads.append(payload)
        return payloads

    def events(self) -> list[tuple[str, str, str, str | None]]:
        """``(resourceId, eventType, status, failureCode)`` of each distinct event, in the
        order the events were made (eventIds are ULIDs; delivery order is not
        guaranteed, as Sinch documents)."""
        seen: dict[str, tuple[str, str, str, str | None]] = {}
        for p in self.verified():
            seen[p["eventId"]] = (
                p["resourceId"],
                p["eventType"],
                p["status"],
                p.get("failureCode"),
            )
        return [seen[event_id] for event_id in sorted(seen)]
