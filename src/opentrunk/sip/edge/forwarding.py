"""What a proxy does to a request it forwards and to a response it relays (RFC 3261
§16.6, §16.7, RFC 3581), on the hot path.

``forward_request`` builds the forwarded copy in one pass over the header list: our
Via on top, Max-Forwards decremented, our own Route entries removed, a Record-Route
added, credentials meant for us dropped. Chaining ``push_via``/``with_headers`` would
rebuild the header index once per change; here it is built once.

Branches (§16.6 step 8): ``z9hG4bK`` + 8 hex digits of a hash of what identifies the
request as received (Request-URI, From tag, Call-ID, CSeq number) + a per-process
unique suffix. When a request comes back carrying one of our Vias whose hash equals
the request's own, it went round in a circle: a loop (482). A spiral, where the
Request-URI changed on the way, hashes differently and is let through (Max-Forwards
still bounds it).
"""

from __future__ import annotations

import functools
import ipaddress
import itertools
import secrets
import zlib
from collections.abc import Callable

from opentrunk.sip import Headers, Request, SipUri, Uri, Via
from opentrunk.sip.element import Flow

__all__ = [
    "BranchMaker",
    "Resolver",
    "flow_for_uri",
    "forward_request",
    "is_loop",
    "literal_address",
    "loop_hash",
    "reply_flow",
]

#: host name -> IP address (or None when unknown); never blocks
Resolver = Callable[[str], str | None]

_DROPPED = frozenset({"Proxy-Authorization", "Content-Length"})


def loop_hash(request: Request) -> str:
    uri = request.uri
    target = f"{uri.user}@{uri.host}:{uri.port}" if isinstance(uri, SipUri) else str(uri)
    key = f"{target}|{request.from_tag}|{request.call_id}|{request.cseq.number}"
    return f"{zlib.crc32(key.encode('utf-8', 'surrogateescape')):08x}"


def is_loop(request: Request, host: str, port: int) -> bool:
    """§16.3 step 4: one of the request's Vias is ours (``host:port``), with the hash of
    this very request: it came back unchanged."""
    marker = f" {host}:{port};"
    if not any(marker in value for value in request.headers.get_all("Via")):
        return False
    loop = loop_hash(request)
    return any(
        via.host == host and via.port == port and BranchMaker.loop_of(via.branch) == loop
        for via in request.vias
    )


class BranchMaker:
    """Fresh branches that carry a loop hash, and with several edge processes the
    index of the process that made them (``z9hG4bK<loop>.p<index>.<seed><count>``): a
    response that reaches another process is passed to the one whose transaction it
    is (``process_of``)."""

    __slots__ = ("_count", "_seed")

    def __init__(self, process: int | None = None) -> None:
        seed = secrets.token_hex(4)
        self._seed = seed if process is None else f"p{process:x}.{seed[:6]}"
        self._count = itertools.count(1)

    def __call__(self, loop: str) -> str:
        return f"z9hG4bK{loop}.{self._seed}{next(self._count):x}"

    @staticmethod
    def process_of(branch: str | None) -> int | None:
        """The edge process a branch of ours names, if it names one."""
        if branch is None or branch[15:17] != ".p":
            return None
        digits, dot, _ = branch[17:].partition(".")
        if not dot or not 0 < len(digits) <= 2:
            return None
        try:
            return int(digits, 16)
        except ValueError:
            return None

    @staticmethod
    def loop_of(branch: str | None) -> str | None:
        if branch is None or len(branch) < 16 or branch[15:16] != ".":
            return None
        return branch[7:15]


def forward_request(
    request: Request,
    *,
    via: str,
    uri: Uri | None = None,
    record_route: str | None = None,
    strip_routes: int = 0,
) -> Request:
    """The copy of ``request`` to send on. ``strip_routes``: how many Route entries at
    the top are ours (loose routing, §16.4)."""
    items: list[tuple[str, str]] = [("Via", via)]
    record_route_done = record_route is None
    max_forwards_seen = False
    for name, value in request.headers:
        if name == "Max-Forwards":
            max_forwards_seen = True
            value = str(int(value) - 1)
        elif name == "Route":
            if strip_routes:
                strip_routes -= 1
                continue
        elif name == "Record-Route":
            if not record_route_done:
                items.append(("Record-Route", record_route))  # type: ignore[arg-type]
                record_route_done = True
        elif name in _DROPPED:
            continue
        items.append((name, value))
    if not max_forwards_seen:
        items.append(("Max-Forwards", "69"))
    if not record_route_done:
        items.append(("Record-Route", record_route))  # type: ignore[arg-type]
    # The fields come from a parsed message (already split and normalised) plus our own
    # well-formed values, so the checking constructor would only repeat work.
    headers = Headers._trusted(tuple(items))
    return Request(request.method, request.uri if uri is None else uri, headers, request.body)


@functools.lru_cache(maxsize=4096)
def literal_address(host: str) -> str | None:
    """``host`` if it is an IP address literal, else None (the default resolver)."""
    try:
        return str(ipaddress.ip_address(host))
    except ValueError:
        return "127.0.0.1" if host == "localhost" else None


def flow_for_uri(uri: Uri, resolve: Resolver) -> Flow | None:
    """Where a request for ``uri`` goes (RFC 3263 without DNS SRV: the host, its port
    or 5060, the ``transport`` parameter or UDP)."""
    if not isinstance(uri, SipUri):
        return None
    address = resolve(uri.host)
    if address is None:
        return None
    transport = (uri.transport or "udp").upper()
    if transport not in ("UDP", "TCP"):
        return None
    return Flow(transport, address, uri.port or 5060)


def reply_flow(via: Via, source: Flow) -> Flow:
    """Where responses to a request go (§18.2.2, RFC 3581): back on the connection for
    TCP; for UDP to the source address, at the source port when the client asked for
    ``rport``, else at the port in its Via."""
    if source.transport != "UDP" or via.has_rport:
        return source
    port = via.port or 5060
    return source if port == source.port else Flow("UDP", source.host, port)
