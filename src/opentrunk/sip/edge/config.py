"""What the edge is told at start: its own address, where the PSTN is, who the carriers
are, and its timers."""

from __future__ import annotations

import ipaddress
from collections.abc import Iterable
from dataclasses import dataclass, field

from opentrunk.sip import SipUri
from opentrunk.sip.element import Flow

__all__ = ["CarrierSet", "EdgeConfig", "parse_target"]


class CarrierSet:
    """Addresses inbound calls may come from: ``192.0.2.1``, ``192.0.2.0/24`` (any port)
    or ``192.0.2.1:5099`` (that port only, which is how a test on loopback tells the
    carrier from a customer on the same address)."""

    __slots__ = ("_any_port", "_networks", "_pairs")

    def __init__(self, entries: Iterable[str] = ()) -> None:
        self._pairs: set[tuple[str, int]] = set()
        self._any_port: set[str] = set()
        self._networks: list[ipaddress.IPv4Network | ipaddress.IPv6Network] = []
        for raw in entries:
            entry = raw.strip()
            if not entry:
                continue
            if "/" in entry:
                self._networks.append(ipaddress.ip_network(entry, strict=False))
                continue
            host, port = _split_host_port(entry)
            address = str(ipaddress.ip_address(host))
            if port is None:
                self._any_port.add(address)
            else:
                self._pairs.add((address, port))

    @classmethod
    def parse(cls, text: str) -> CarrierSet:
        """From ``OPENTRUNK_CARRIER_ADDRESSES``: comma- or space-separated entries."""
        return cls(text.replace(",", " ").split())

    def __contains__(self, flow: object) -> bool:
        if not isinstance(flow, Flow):
            return False
        host = flow.host
        if host in self._any_port or (host, flow.port) in self._pairs:
            return True
        if not self._networks:
            return False
        try:
            address = ipaddress.ip_address(host)
        except ValueError:
            return False
        return any(address in network for network in self._networks)

    def __bool__(self) -> bool:
        return bool(self._pairs or self._any_port or self._networks)

    def with_flow(self, flow: Flow) -> CarrierSet:
        """A copy that also admits exactly ``flow``'s address and port."""
        copy = CarrierSet()
        copy._pairs = {*self._pairs, (flow.host, flow.port)}
        copy._any_port = set(self._any_port)
        copy._networks = list(self._networks)
        return copy


def _split_host_port(text: str) -> tuple[str, int | None]:
    if text.startswith("["):
        host, _, rest = text[1:].partition("]")
        return host, int(rest[1:]) if rest.startswith(":") else None
    if text.count(":") == 1:
        host, _, port = text.partition(":")
        return host, int(port)
    return text, None


def parse_target(text: str, *, default_port: int = 5060) -> tuple[str, int, str]:
    """``host[:port][;transport=tcp]`` (or a ``sip:`` URI of that shape) →
    ``(host, port, transport)``."""
    value = text.strip().removeprefix("sip:")
    transport = "UDP"
    if ";" in value:
        value, _, params = value.partition(";")
        for param in params.split(";"):
            name, _, param_value = param.partition("=")
            if name.lower() == "transport":
                transport = param_value.upper()
    if transport not in ("UDP", "TCP"):
        raise ValueError(f"unsupported transport in {text!r}")
    host, port = _split_host_port(value)
    return host, default_port if port is None else port, transport


@dataclass(frozen=True, slots=True)
class EdgeConfig:
    """``host``/``port``: the address the edge puts in its Via and Record-Route (the
    one peers can reach). ``gateway``: where outbound calls go (the PSTN carrier, or
    the built-in simulator). ``carriers``: who may send inbound calls."""

    host: str
    port: int
    gateway: Flow
    #: with several edge processes, the port they share (``port`` is then this
    #: process's own, in its Via and Record-Route); peers send initial requests to it
    public_port: int | None = None
    #: with several edge processes, this one's index (written into its branches)
    process: int | None = None
    carriers: CarrierSet = field(default_factory=CarrierSet)
    #: digest realm of every trunk (HA1s are stored for it)
    realm: str = "pstn.sinch.com"
    #: a branch with no response at all after this long counts as a timeout (408)
    #: and the call fails over (Kamailio's ``fr_timer``)
    failover_timeout: float = 4.0
    #: a branch that rings this long without a final answer is cancelled (the
    #: proxy's Timer C, RFC 3261 §16.6 step 11; > 3 minutes there, shorter here
    #: because a trunk call that rings two minutes is unanswered)
    ring_timeout: float = 120.0
    #: an answered call with no BYE is closed (and its record written) after this
    max_call_seconds: float = 4 * 3600.0
    #: how long finished transactions absorb retransmissions (Timers J, L, M): 5 s, as
    #: Kamailio's tm, rather than RFC 3261's 32 s, which at hundreds of calls per second
    #: would keep six times as many transactions alive (``bench/sip/memory.py``)
    transaction_wait: float = 5.0
    min_expires: int = 60
    max_expires: int = 3600
    default_expires: int = 3600
    user_agent: str = "opentrunk"
    #: ``sip:host:port``: the edge itself, as SIPp names it in a digest ``uri`` (built
    #: once here, not on every INVITE)
    server_uri: SipUri = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        port = self.port if self.public_port is None else self.public_port
        object.__setattr__(self, "server_uri", SipUri("sip", None, self.host, port))
