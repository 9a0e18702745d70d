"""Memory the SIP edge holds per registration and per transaction in flight.

Drives the pure edge (``opentrunk.sip.edge.Edge``) in process, the way the daemon does
but without sockets, and measures what Python allocates with ``tracemalloc``:

* **per registration**: N endpoints each REGISTER (challenged, then with digest) and
  stay bound; measured once the REGISTER transactions themselves have ended, so only
  the bindings remain;
* **per call being set up**: N INVITEs admitted and forwarded to a gateway that does not
  answer yet: each holds a server and a client transaction, the call and its branch;
* **per call just completed**: N calls through INVITE/200/ACK/BYE/200, measured right
  after the BYE: what a stateful proxy keeps while the finished transactions absorb
  retransmissions (Timers L, M, J: ``EdgeConfig.transaction_wait``, 5 s as Kamailio's
  wait timer, where RFC 3261 says 32 s; Timer K: T4, 5 s). At a steady R calls/s this is
  held for about R x 5 calls.

Usage: ``.venv/bin/python bench/sip/memory.py [N]`` (default 5000).
"""

from __future__ import annotations

import gc
import ipaddress
import sys
import tracemalloc
from collections.abc import Callable

from opentrunk.sip import (
    DigestAuthenticator,
    DigestChallenge,
    DigestCredentials,
    Request,
    Response,
    compute_ha1,
    make_response,
    parse_message,
)
from opentrunk.sip.edge import Edge, EdgeConfig
from opentrunk.sip.element import Flow
from opentrunk.trunking.routing import (
    CredentialHash,
    EndpointRoute,
    Ipv4RangeSet,
    ProjectRoutes,
    RouteTable,
    TrunkRoute,
)

REALM = "pstn.sinch.com"
DOMAIN = f"acme.{REALM}"
EDGE = Flow("UDP", "127.0.0.1", 5060)
GATEWAY = Flow("UDP", "127.0.0.1", 5070)
PASSWORD = "SecurePassword1234"


def _table(users: int) -> RouteTable:
    credentials = {
        f"u{n}": CredentialHash(f"u{n}", REALM, compute_ha1(f"u{n}", REALM, PASSWORD), "")
        for n in range(users)
    }
    endpoints = tuple(
        EndpointRoute(f"E{n}", f"e{n}", 1, True, None, 5060, "UDP", f"u{n}") for n in range(users)
    )
    trunk = TrunkRoute(
        id="T1", project_id="P1", name="acme", domain=DOMAIN, calls_per_second=10**9,
        acl=Ipv4RangeSet([ipaddress.IPv4Network("127.0.0.0/8")]), credentials=credentials,
        endpoints=endpoints,
    )  # fmt: skip
    return RouteTable.of([ProjectRoutes("P1", (trunk,), {}, frozenset({"US"}), ())])


def _edge(users: int, sent: list[tuple[bytes, Flow]]) -> Edge:
    config = EdgeConfig(EDGE.host, EDGE.port, GATEWAY, realm=REALM, failover_timeout=3600)
    return Edge(
        config,
        _table(users),
        authenticator=DigestAuthenticator(b"bench", max_tracked_nonces=10**6),
        send=lambda data, flow, _tx: sent.append((data, flow)),
        on_record=lambda _record: None,
    )


def _measure(step: Callable[[], None]) -> int:
    gc.collect()
    before = tracemalloc.take_snapshot()
    step()
    gc.collect()
    after = tracemalloc.take_snapshot()
    return sum(stat.size_diff for stat in after.compare_to(before, "filename"))


def _tracked(step: Callable[[], None]) -> int:
    """Container objects the garbage collector tracks after ``step``, as the server keeps
    them: young collections only (they stop tracking tuples of strings), no full one
    (which would also stop tracking dicts of strings)."""
    gc.collect()
    before = len(gc.get_objects())
    step()
    gc.collect(1)
    return len(gc.get_objects()) - before


def _register(n: int, authorization: str | None) -> bytes:
    host = f"10.1.{n // 250}.{n % 250}"
    head = [
        f"REGISTER sip:{DOMAIN} SIP/2.0",
        f"Via: SIP/2.0/UDP {host}:5060;branch=z9hG4bKr{n}x{2 if authorization else 1}",
        "Max-Forwards: 70",
        f"From: <sip:u{n}@{DOMAIN}>;tag=r{n}",
        f"To: <sip:u{n}@{DOMAIN}>",
        f"Call-ID: reg{n}@bench",
        f"CSeq: {2 if authorization else 1} REGISTER",
        f"Contact: <sip:u{n}@{host}:5060>",
        "Expires: 3600",
    ]
    if authorization:
        head.append(f"Authorization: {authorization}")
    return ("\r\n".join(head) + "\r\nContent-Length: 0\r\n\r\n").encode()


def per_registration(count: int) -> float:
    sent: list[tuple[bytes, Flow]] = []
    edge = _edge(count, sent)
    now = 0.0

    def register_all() -> None:
        nonlocal now
        for n in range(count):
            source = Flow("UDP", f"10.1.{n // 250}.{n % 250}", 5060)
            edge.receive(parse_message(_register(n, None)), source, now)
            challenge = parse_message(sent.pop()[0])
            assert isinstance(challenge, Response)
            assert challenge.status == 401
            header = challenge.headers.get("WWW-Authenticate") or ""
            credentials = DigestCredentials.build(
                DigestChallenge.parse(header), username=f"u{n}",
                ha1=compute_ha1(f"u{n}", REALM, PASSWORD), method="REGISTER",
                uri=f"sip:{DOMAIN}", cnonce="c",
            )  # fmt: skip
            edge.receive(parse_message(_register(n, str(credentials))), source, now)
            ok = parse_message(sent.pop()[0])
            assert isinstance(ok, Response)
            assert ok.status == 200, ok
        now = 100.0  # past Timer J: the REGISTER transactions are gone
        edge.tick(now)
        assert len(edge.layer) == 0
        assert len(edge.registrar) == count

    # The table (credentials, endpoints) is built before measuring: only bindings count.
    return _measure(register_all) / count


def _invite(n: int) -> bytes:
    sdp = (
        "v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\n"
        "m=audio 6000 RTP/AVP 0\r\n"
    )
    return (
        f"INVITE sip:+15551234567@{DOMAIN} SIP/2.0\r\n"
        f"Via: SIP/2.0/UDP 127.0.0.1:5061;branch=z9hG4bK-{n}-1-0\r\n"
        f"From: <sip:+15550001111@{DOMAIN}>;tag={n}SIPpTag001\r\n"
        f"To: <sip:+15551234567@{DOMAIN}>\r\n"
        f"Call-ID: {n}-4242@127.0.0.1\r\nCSeq: 1 INVITE\r\n"
        "Contact: <sip:+15550001111@127.0.0.1:5061>\r\nMax-Forwards: 70\r\n"
        f"Content-Type: application/sdp\r\nContent-Length: {len(sdp)}\r\n\r\n{sdp}"
    ).encode()


UAC = Flow("UDP", "127.0.0.1", 5061)


def per_call_in_flight(count: int) -> tuple[float, int]:
    sent: list[tuple[bytes, Flow]] = []
    edge = _edge(0, sent)
    messages = [parse_message(_invite(n)) for n in range(count)]

    def invite_all() -> None:
        for message in messages:
            edge.receive(message, UAC, 0.0)
        sent.clear()

    size = _measure(invite_all)
    assert len(edge.calls) == count
    return size / count, len(edge.layer)


def per_completed_call(
    count: int, measure: Callable[[Callable[[], None]], int] = _measure
) -> tuple[float, int]:
    sent: list[tuple[bytes, Flow]] = []
    edge = _edge(0, sent)

    def complete_all() -> None:
        for n in range(count):
            edge.receive(parse_message(_invite(n)), UAC, 0.0)
            forwarded = parse_message(next(d for d, f in sent if f == GATEWAY))
            assert isinstance(forwarded, Request)
            sent.clear()
            routes = [("Record-Route", v) for v in forwarded.headers.get_all("Record-Route")]
            contact = [("Contact", "<sip:+15551234567@127.0.0.1:5070>")]
            ok = make_response(forwarded, 200, to_tag=f"uas{n}", headers=routes + contact)
            edge.receive(parse_message(ok.to_bytes()), GATEWAY, 0.0)
            sent.clear()
            for method, cseq in (("ACK", 1), ("BYE", 2)):
                raw = (
                    f"{method} sip:+15551234567@127.0.0.1:5070 SIP/2.0\r\n"
                    f"Via: SIP/2.0/UDP 127.0.0.1:5061;branch=z9hG4bK-{n}-{cseq}-{method}\r\n"
                    "Route: <sip:127.0.0.1:5060;lr>\r\n"
                    f"From: <sip:+15550001111@{DOMAIN}>;tag={n}SIPpTag001\r\n"
                    f"To: <sip:+15551234567@{DOMAIN}>;tag=uas{n}\r\n"
                    f"Call-ID: {n}-4242@127.0.0.1\r\nCSeq: {cseq} {method}\r\n"
                    "Max-Forwards: 70\r\nContent-Length: 0\r\n\r\n"
                ).encode()
                edge.receive(parse_message(raw), UAC, 0.0)
            bye = parse_message(next(d for d, f in sent if f == GATEWAY and d.startswith(b"BYE")))
            assert isinstance(bye, Request)
            sent.clear()
            edge.receive(parse_message(make_response(bye, 200).to_bytes()), GATEWAY, 0.0)
            sent.clear()

    size = measure(complete_all)
    return size / count, len(edge.layer)


def main() -> None:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 5000
    tracemalloc.start()
    registration = per_registration(count)
    in_flight, transactions = per_call_in_flight(count)
    completed, lingering = per_completed_call(count)
    tracemalloc.stop()
    tracked, _ = per_completed_call(count, _tracked)
    print(f"N = {count}, Python allocations measured with tracemalloc")
    print(
        f"  per registration (binding, its expiry timer)           {registration / 1024:6.1f} KiB"
    )
    print(
        f"  per call being set up ({transactions // count} transactions, call, branch)"
        f"       {in_flight / 1024:6.1f} KiB"
    )
    print(
        f"  per call just completed ({lingering // count} transactions lingering)"
        f"          {completed / 1024:6.1f} KiB"
    )
    print(
        f"  objects the garbage collector tracks per call just completed"
        f"  {tracked:6.1f} (what a full collection walks)"
    )
    wait = EdgeConfig("h", 1, GATEWAY).transaction_wait
    print(
        f"  so at 1,000 calls/s, about {completed * 1000 * wait / 2**20:,.0f} MiB for the"
        f" {wait:g} s finished transactions linger (RFC 3261's 32 s:"
        f" {completed * 1000 * 32 / 2**20:,.0f} MiB)"
    )


if __name__ == "__main__":
    main()
