"""The seam between a SIP element (the edge proxy, the PSTN simulator) and the asyncio
shell that runs it (``opentrunk.sip.transport``).

An element is sans-I/O like the rest of ``opentrunk.sip``: the shell hands it parsed
messages with the flow they came on and the current time, and calls ``tick`` when
``next_deadline`` has passed; the element answers through the ``send`` callback it
was given. It never touches a socket or reads a clock, so tests drive it with a list
as the sender and floats as time.

A ``Flow`` names where a message came from or goes to: transport, address, port. For
UDP it is the peer's socket address; for TCP it also picks the connection (one per
peer address, opened on demand when none is up).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import NamedTuple, Protocol

from ._message import Request, Response
from ._transaction import Transaction

__all__ = ["Flow", "Sender", "SipElement"]


class Flow(NamedTuple):
    """``("UDP", "192.0.2.1", 5060)``. Transport is upper-case ``UDP`` or ``TCP``."""

    transport: str
    host: str
    port: int

    @property
    def reliable(self) -> bool:
        return self.transport != "UDP"

    def __str__(self) -> str:
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"{self.transport.lower()}:{host}:{self.port}"

    @classmethod
    def parse(cls, text: str) -> Flow:
        """The inverse of ``str``: ``"udp:127.0.0.1:5060"``."""
        transport, _, rest = text.partition(":")
        host, _, port = rest.rpartition(":")
        return cls(transport.upper(), host.strip("[]"), int(port))


#: ``send(data, flow, transaction)``: put ``data`` on ``flow``. ``transaction`` (or
#: None for a stateless send) is handed back in ``SipElement.transport_error`` if the
#: data cannot be delivered (a TCP connection that cannot be opened).
Sender = Callable[[bytes, Flow, "Transaction[Flow] | None"], None]


class SipElement(Protocol):
    """What the shell drives."""

    def receive(self, message: Request | Response, flow: Flow, now: float) -> None:
        """A parsed message arrived on ``flow``."""
        ...

    def tick(self, now: float) -> None:
        """Fire whatever is due at ``now``."""
        ...

    def next_deadline(self) -> float | None:
        """When ``tick`` must next be called; None when nothing is scheduled."""
        ...

    def transport_error(self, transaction: Transaction[Flow], now: float) -> None:
        """A message of ``transaction`` could not be delivered."""
        ...
