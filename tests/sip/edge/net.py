"""An in-memory network for the edge's unit tests: the edge, a PSTN simulator and
scripted user agents exchange real bytes (each message is serialised and parsed again),
and time is a number the test moves."""

from __future__ import annotations

import ipaddress
from collections.abc import Iterable
from dataclasses import dataclass, field

from opentrunk.sip import (
    DigestAuthenticator,
    Request,
    Response,
    Transaction,
    make_response,
    parse_message,
)
from opentrunk.sip.edge import CallRecordData, CarrierSet, Edge, EdgeConfig
from opentrunk.sip.element import Flow, SipElement
from opentrunk.sip.pstn import PstnSimulator
from opentrunk.trunking.routing import (
    CredentialHash,
    EndpointRoute,
    Ipv4RangeSet,
    ProjectRoutes,
    RouteTable,
    TrunkRoute,
)

EDGE = Flow("UDP", "198.51.100.1", 5060)
PSTN = Flow("UDP", "198.51.100.2", 5070)
CARRIER = Flow("UDP", "198.51.100.3", 5060)
PBX = Flow("UDP", "192.0.2.10", 5060)
DOMAIN = "acme.pstn.sinch.com"
REALM = "pstn.sinch.com"

SDP = (
    b"v=0\r\no=- 1 1 IN IP4 192.0.2.10\r\ns=-\r\nc=IN IP4 192.0.2.10\r\nt=0 0\r\n"
    b"m=audio 4000 RTP/AVP 0\r\n"
)


def trunk(
    *,
    acl: Iterable[str] = ("192.0.2.0/24",),
    credentials: dict[str, CredentialHash] | None = None,
    endpoints: Iterable[EndpointRoute] = (),
    cps: int = 100,
    trunk_id: str = "T1",
    domain: str = DOMAIN,
) -> TrunkRoute:
    return TrunkRoute(
        id=trunk_id,
        project_id="P1",
        name="Acme",
        domain=domain,
        calls_per_second=cps,
        acl=Ipv4RangeSet(ipaddress.IPv4Network(a) for a in acl),
        credentials=credentials or {},
        endpoints=tuple(endpoints),
    )


def static(endpoint_id: str, priority: int, flow: Flow, *, transport: str = "UDP") -> EndpointRoute:
    return EndpointRoute(
        id=endpoint_id, name=endpoint_id, priority=priority, is_registered=False,
        address=flow.host, port=flow.port, transport=transport, credential_username=None,
    )  # fmt: skip


def registered(endpoint_id: str, priority: int, username: str) -> EndpointRoute:
    return EndpointRoute(
        id=endpoint_id, name=endpoint_id, priority=priority, is_registered=True,
        address=None, port=5060, transport="UDP", credential_username=username,
    )  # fmt: skip


def table(
    *trunks: TrunkRoute,
    numbers: dict[str, str] | None = None,
    countries: Iterable[str] = ("US", "CA"),
    rules: tuple[object, ...] = (),
) -> RouteTable:
    project = ProjectRoutes(
        "P1",
        tuple(trunks),
        numbers or {},
        frozenset(countries),
        rules,  # type: ignore[arg-type]
    )
    return RouteTable.of([project])


@dataclass
class Peer:
    """A scripted user agent: what it received, in order."""

    flow: Flow
    inbox: list[Request | Response] = field(default_factory=list)

    def last(self, kind: type[Request] | type[Response] = Response) -> Request | Response:
        return [m for m in self.inbox if isinstance(m, kind)][-1]

    def statuses(self) -> list[int]:
        return [m.status for m in self.inbox if isinstance(m, Response)]

    def requests(self, method: str | None = None) -> list[Request]:
        return [m for m in self.inbox if isinstance(m, Request) and method in (None, m.method)]


class Network:
    def __init__(
        self,
        routes: RouteTable,
        *,
        carriers: Iterable[str] = (f"{CARRIER.host}:{CARRIER.port}",),
        failover_timeout: float = 4.0,
        ring_timeout: float = 120.0,
        simulator: bool = True,
    ) -> None:
        self.now = 0.0
        self.queue: list[tuple[bytes, Flow, Flow]] = []
        self.records: list[CallRecordData] = []
        self.config = EdgeConfig(
            host=EDGE.host,
            port=EDGE.port,
            gateway=PSTN,
            carriers=CarrierSet(carriers),
            realm=REALM,
            failover_timeout=failover_timeout,
            ring_timeout=ring_timeout,
        )
        self.authenticator = DigestAuthenticator(b"test secret")
        self.edge = Edge(
            self.config,
            routes,
            authenticator=self.authenticator,
            send=self._sender(EDGE),
            on_record=self.records.append,
        )
        self.elements: dict[Flow, SipElement] = {EDGE: self.edge}
        if simulator:
            self.pstn = PstnSimulator(
                host=PSTN.host, port=PSTN.port, send=self._sender(PSTN), ring_seconds=2.0
            )
            self.elements[PSTN] = self.pstn
        self.peers: dict[Flow, Peer] = {}

    def _sender(self, source: Flow):  # type: ignore[no-untyped-def]
        def send(data: bytes, flow: Flow, _transaction: Transaction[Flow] | None) -> None:
            self.queue.append((data, source, flow))

        return send

    def peer(self, flow: Flow) -> Peer:
        return self.peers.setdefault(flow, Peer(flow))

    def send(self, source: Flow, message: Request | Response | bytes) -> None:
        """A peer sends a message to the edge."""
        data = message if isinstance(message, bytes) else message.to_bytes()
        self.queue.append((data, source, EDGE))
        self.run()

    def answer(self, peer: Peer, request: Request, status: int, **kwargs: object) -> Response:
        """``peer`` answers a request the edge sent it."""
        response = make_response(request, status, **kwargs)  # type: ignore[arg-type]
        self.send(peer.flow, response)
        return response

    def run(self) -> None:
        while self.queue:
            data, source, destination = self.queue.pop(0)
            message = parse_message(data)
            element = self.elements.get(destination)
            if element is not None:
                element.receive(message, source, self.now)
            else:
                self.peer(destination).inbox.append(message)

    def advance(self, seconds: float) -> None:
        """Move time, firing every timer on the way, in order."""
        end = self.now + seconds
        while True:
            due = [
                (deadline, element)
                for element in self.elements.values()
                if (deadline := element.next_deadline()) is not None and deadline <= end
            ]
            if not due:
                break
            deadline, element = min(due, key=lambda item: item[0])
            self.now = max(self.now, deadline)
            element.tick(self.now)
            self.run()
        self.now = end


def invite(
    *,
    to: str = "+15551234567",
    domain: str = DOMAIN,
    from_user: str = "+15550001111",
    from_domain: str = DOMAIN,
    call_id: str = "call-1@pbx",
    branch: str = "z9hG4bKpbx1",
    cseq: int = 1,
    sent_by: str = f"{PBX.host}:{PBX.port}",
    extra: str = "",
    uri_host: str | None = None,
) -> bytes:
    uri = f"sip:{to}@{uri_host or domain}"
    return (
        f"INVITE {uri} SIP/2.0\r\n"
        f"Via: SIP/2.0/UDP {sent_by};branch={branch}\r\n"
        "Max-Forwards: 70\r\n"
        f"From: <sip:{from_user}@{from_domain}>;tag=caller\r\n"
        f"To: <sip:{to}@{domain}>\r\n"
        f"Call-ID: {call_id}\r\n"
        f"CSeq: {cseq} INVITE\r\n"
        f"Contact: <sip:{from_user}@{sent_by}>\r\n"
        f"{extra}"
        "Content-Type: application/sdp\r\n"
        f"Content-Length: {len(SDP)}\r\n\r\n"
    ).encode() + SDP


def in_dialog(
    method: str,
    ok: Response,
    *,
    cseq: int,
    branch: str,
    sent_by: str = f"{PBX.host}:{PBX.port}",
    use_routes: bool = True,
) -> bytes:
    """An ACK or BYE from the caller, inside the dialog ``ok`` (the 2xx) set up: to
    its Contact, through the Record-Route set."""
    contact = ok.contacts[0].uri if ok.contacts else "sip:unknown@invalid"
    routes = "".join(f"Route: {rr}\r\n" for rr in ok.headers.get_all("Record-Route"))
    return (
        f"{method} {contact} SIP/2.0\r\n"
        f"Via: SIP/2.0/UDP {sent_by};branch={branch}\r\n"
        "Max-Forwards: 70\r\n"
        f"{routes if use_routes else ''}"
        f"From: {ok.headers.get('From')}\r\n"
        f"To: {ok.headers.get('To')}\r\n"
        f"Call-ID: {ok.call_id}\r\n"
        f"CSeq: {cseq} {method}\r\n"
        "Content-Length: 0\r\n\r\n"
    ).encode()


def cancel_of(raw_invite: bytes) -> bytes:
    message = parse_message(raw_invite)
    assert isinstance(message, Request)
    from opentrunk.sip import make_cancel

    return make_cancel(message).to_bytes()


def ack_for(raw_invite: bytes, response: Response) -> bytes:
    message = parse_message(raw_invite)
    assert isinstance(message, Request)
    from opentrunk.sip import make_ack

    return make_ack(message, response).to_bytes()
