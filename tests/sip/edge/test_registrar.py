"""REGISTER: digest against the trunk's credential lists, bindings with expiry, and
inbound calls to the registered contact."""

from __future__ import annotations

import itertools

from opentrunk.sip import DigestChallenge, DigestCredentials, Response, compute_ha1
from opentrunk.sip.edge import Binding
from opentrunk.sip.edge.forwarding import BranchMaker
from opentrunk.sip.element import Flow

from .net import CARRIER, DOMAIN, EDGE, REALM, Network, registered, static, table, trunk
from .test_policy import PASSWORD, creds
from .test_proxy import DID, carrier_invite

PHONE = Flow("UDP", "192.0.2.50", 5062)
_branches = itertools.count()


def register(
    *,
    user: str = "pbx01",
    contact: str | None = f"<sip:pbx01@{PHONE.host}:{PHONE.port}>",
    expires: int | None = None,
    authorization: str | None = None,
    cseq: int = 1,
    sent_by: str = f"{PHONE.host}:{PHONE.port}",
) -> bytes:
    headers = [
        f"REGISTER sip:{DOMAIN} SIP/2.0",
        f"Via: SIP/2.0/UDP {sent_by};rport;branch=z9hG4bKreg{next(_branches)}",
        "Max-Forwards: 70",
        f"From: <sip:{user}@{DOMAIN}>;tag=reg",
        f"To: <sip:{user}@{DOMAIN}>",
        "Call-ID: reg-1@phone",
        f"CSeq: {cseq} REGISTER",
    ]
    if contact is not None:
        headers.append(f"Contact: {contact}")
    if expires is not None:
        headers.append(f"Expires: {expires}")
    if authorization is not None:
        headers.append(f"Authorization: {authorization}")
    return ("\r\n".join(headers) + "\r\nContent-Length: 0\r\n\r\n").encode()


def registered_net(**kwargs) -> Network:  # type: ignore[no-untyped-def]
    endpoints = kwargs.pop("endpoints", (registered("R1", 1, "pbx01"),))
    routes = table(trunk(acl=(), credentials=creds(), endpoints=endpoints), numbers={DID: "T1"})
    net = Network(routes, **kwargs)
    net.bindings: list[tuple[Binding, bool]] = []  # type: ignore[misc]
    net.edge.registrar.on_change = lambda b, removed: net.bindings.append((b, removed))  # type: ignore[attr-defined]
    return net


def authenticate(
    net: Network,
    *,
    password: str = PASSWORD,
    user: str = "pbx01",
    uri: str = f"sip:{DOMAIN}",
    **kwargs,
) -> Response:  # type: ignore[no-untyped-def]
    """REGISTER, take the 401's challenge, REGISTER again with credentials."""
    net.send(PHONE, register(user=user, **kwargs))
    challenge_response = net.peer(PHONE).last()
    assert isinstance(challenge_response, Response)
    assert challenge_response.status == 401
    challenge = DigestChallenge.parse(challenge_response.headers.get("WWW-Authenticate") or "")
    credentials = DigestCredentials.build(
        challenge,
        username=user,
        ha1=compute_ha1(user, REALM, password),
        method="REGISTER",
        uri=uri,
        cnonce="c0ffee",
    )
    net.send(PHONE, register(user=user, authorization=str(credentials), cseq=2, **kwargs))
    answer = net.peer(PHONE).last()
    assert isinstance(answer, Response)
    return answer


class TestRegister:
    def test_challenge_then_binding(self) -> None:
        net = registered_net()
        ok = authenticate(net, expires=600)
        assert ok.status == 200
        assert ok.headers.get_all("Contact") == (
            f"<sip:pbx01@{PHONE.host}:{PHONE.port}>;expires=600",
        )
        (binding,) = net.edge.registrar.bindings("R1", net.now)
        assert (binding.flow, binding.trunk_id) == (PHONE, "T1")
        assert net.bindings[-1][1] is False  # type: ignore[attr-defined]

    def test_a_wrong_password_is_refused(self) -> None:
        net = registered_net()
        assert authenticate(net, password="WrongPassword99").status == 403
        assert net.edge.registrar.bindings("R1", net.now) == []

    def test_credentials_for_another_request_uri_are_refused(self) -> None:
        net = registered_net()
        assert authenticate(net, uri="sip:other.pstn.sinch.com").status == 403
        assert net.edge.registrar.bindings("R1", net.now) == []

    def test_credentials_naming_the_edge_itself_are_accepted(self) -> None:
        # SIPp's [authentication]: sip:<remote_ip>:<remote_port>, not the Request-URI.
        net = registered_net()
        assert authenticate(net, uri=f"sip:{EDGE.host}:{EDGE.port}").status == 200

    def test_no_registered_endpoint_for_the_user_is_401(self) -> None:
        net = registered_net(endpoints=(registered("R1", 1, "someone-else"),))
        answer = authenticate(net)
        assert answer.status == 401

    def test_bindings_expire(self) -> None:
        net = registered_net()
        authenticate(net, expires=60)
        net.advance(59)
        assert net.edge.registrar.bindings("R1", net.now)
        net.advance(2)
        assert net.edge.registrar.bindings("R1", net.now) == []
        assert net.bindings[-1][1] is True  # type: ignore[attr-defined]

    def test_expires_zero_unregisters(self) -> None:
        net = registered_net()
        authenticate(net)
        assert len(net.edge.registrar) == 1
        net.peer(PHONE).inbox.clear()
        assert authenticate(net, expires=0).status == 200
        assert len(net.edge.registrar) == 0

    def test_too_brief_is_423(self) -> None:
        net = registered_net()
        answer = authenticate(net, expires=10)
        assert answer.status == 423
        assert answer.headers.get("Min-Expires") == "60"

    def test_register_to_an_unknown_domain_is_404(self) -> None:
        net = registered_net()
        net.send(PHONE, register().replace(DOMAIN.encode(), b"nope.pstn.sinch.com", 1))
        assert net.peer(PHONE).statuses() == [404]

    def test_a_contact_behind_nat_is_reached_where_the_register_came_from(self) -> None:
        net = registered_net()
        nat = Flow("UDP", "203.0.113.9", 61000)
        net.send(nat, register(contact="<sip:pbx01@10.0.0.7:5060>", sent_by="10.0.0.7:5060"))
        challenge = net.peer(nat).last()
        assert isinstance(challenge, Response)
        header = challenge.headers.get("WWW-Authenticate") or ""
        credentials = DigestCredentials.build(
            DigestChallenge.parse(header), username="pbx01",
            ha1=compute_ha1("pbx01", REALM, PASSWORD), method="REGISTER",
            uri=f"sip:{DOMAIN}", cnonce="x",
        )  # fmt: skip
        net.send(
            nat,
            register(
                contact="<sip:pbx01@10.0.0.7:5060>", sent_by="10.0.0.7:5060",
                authorization=str(credentials), cseq=2,
            ),
        )  # fmt: skip
        (binding,) = net.edge.registrar.bindings("R1", net.now)
        assert binding.flow == nat


class TestInboundToRegistered:
    def test_an_inbound_call_reaches_the_registered_contact(self) -> None:
        net = registered_net()
        authenticate(net)
        net.send(CARRIER, carrier_invite())
        (offered,) = net.peer(PHONE).requests("INVITE")
        assert str(offered.uri) == f"sip:pbx01@{PHONE.host}:{PHONE.port}"
        net.answer(
            net.peer(PHONE),
            offered,
            200,
            to_tag="phone",
            headers=[("Contact", f"<sip:pbx01@{PHONE.host}:{PHONE.port}>")],
        )
        assert net.peer(CARRIER).statuses() == [100, 200]

    def test_an_unregistered_endpoint_is_skipped(self) -> None:
        fallback = Flow("UDP", "192.0.2.60", 5060)
        net = registered_net(endpoints=(registered("R1", 1, "pbx01"), static("S2", 2, fallback)))
        net.send(CARRIER, carrier_invite())
        assert not net.peer(PHONE).requests("INVITE")
        assert net.peer(fallback).requests("INVITE")

    def test_options_to_the_edge(self) -> None:
        net = registered_net()
        net.send(
            PHONE,
            register()
            .replace(b"REGISTER sip:", b"OPTIONS sip:")
            .replace(b"1 REGISTER", b"1 OPTIONS"),
        )
        assert net.peer(PHONE).statuses() == [200]
        assert EDGE.port == 5060


class TestMirrored:
    """Bindings another edge process took the REGISTER of (``Registrar.mirror``)."""

    def _copy(self, net: Network, *, after: float = 0.0) -> Binding:
        """What the process that took the REGISTER reports, ``after`` seconds later."""
        source = registered_net()
        source.now = net.now + after
        authenticate(source, expires=60)
        binding, removed = source.bindings[-1]  # type: ignore[attr-defined]
        assert removed is False
        return binding  # type: ignore[no-any-return]

    def test_a_mirrored_binding_routes_an_inbound_call(self) -> None:
        net = registered_net()
        net.edge.registrar.mirror(self._copy(net), False)
        net.send(CARRIER, carrier_invite())
        (offered,) = net.peer(PHONE).requests("INVITE")
        assert str(offered.uri) == f"sip:pbx01@{PHONE.host}:{PHONE.port}"

    def test_a_mirrored_binding_expires_without_being_reported(self) -> None:
        net = registered_net()
        net.edge.registrar.mirror(self._copy(net), False)
        net.advance(61)
        assert net.edge.registrar.bindings("R1", net.now) == []
        assert net.bindings == []  # type: ignore[attr-defined]  # the owner reports it

    def test_a_removal_does_not_undo_a_later_refresh(self) -> None:
        net = registered_net()
        old, refreshed = self._copy(net), self._copy(net, after=30)
        net.edge.registrar.mirror(refreshed, False)
        net.edge.registrar.mirror(old, True)  # the older copy's removal, arriving late
        assert net.edge.registrar.bindings("R1", net.now) == [refreshed]
        net.edge.registrar.mirror(refreshed, True)
        assert net.edge.registrar.bindings("R1", net.now) == []

    def test_a_register_here_takes_a_mirrored_binding_over(self) -> None:
        net = registered_net()
        net.edge.registrar.mirror(self._copy(net), False)
        authenticate(net, expires=60)
        net.advance(61)
        assert net.bindings[-1][1] is True  # type: ignore[attr-defined]  # now reported here


class TestBranchesAndContacts:
    """What several edge processes need to tell apart: whose branch, whose contact."""

    def test_a_branch_names_the_process_that_made_it(self) -> None:
        third, plain = BranchMaker(3), BranchMaker()
        branch = third("0badcafe")
        assert BranchMaker.process_of(branch) == 3
        assert BranchMaker.loop_of(branch) == "0badcafe"  # loop detection unchanged
        assert BranchMaker.process_of(plain("0badcafe")) is None
        for foreign in (None, "z9hG4bK776asdhds", "z9hG4bK0badcafe.pzz.x1", "z9hG4bK0badcafe.p1"):
            assert BranchMaker.process_of(foreign) is None

    def test_registered_contacts_are_known_while_a_binding_lives(self) -> None:
        net = registered_net()
        assert not net.edge.registrar.has_flow(PHONE)
        authenticate(net, expires=60)
        authenticate(net, expires=60)  # refreshed: one binding still
        assert net.edge.registrar.has_flow(PHONE)
        net.advance(61)
        assert not net.edge.registrar.has_flow(PHONE)
