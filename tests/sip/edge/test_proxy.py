"""The edge proxy end to end in memory: a PBX, the edge, the PSTN simulator, carriers
and endpoints exchange real bytes; time is moved by the test, never slept."""

from __future__ import annotations

from opentrunk.sip import Request, Response, parse_message
from opentrunk.sip.edge import CallResult
from opentrunk.sip.element import Flow

from .net import (
    CARRIER,
    DOMAIN,
    EDGE,
    PBX,
    PSTN,
    Network,
    ack_for,
    cancel_of,
    in_dialog,
    invite,
    static,
    table,
    trunk,
)
from .test_policy import authorization, creds

EP1 = Flow("UDP", "192.0.2.21", 5060)
EP2 = Flow("UDP", "192.0.2.22", 5060)
EP3 = Flow("UDP", "192.0.2.23", 5060)
DID = "+15557654321"


def inbound_net(*endpoints, **kwargs) -> Network:  # type: ignore[no-untyped-def]
    routes = table(trunk(endpoints=endpoints), numbers={DID: "T1"})
    return Network(routes, **kwargs)


def carrier_invite(call_id: str = "in-1@carrier", branch: str = "z9hG4bKcarrier1") -> bytes:
    return invite(
        to=DID,
        from_user="+14155550100",
        from_domain="carrier.example",
        uri_host=EDGE.host,
        call_id=call_id,
        branch=branch,
        sent_by=f"{CARRIER.host}:{CARRIER.port}",
    )


class TestOutboundCall:
    def test_a_call_completes_through_the_simulator(self) -> None:
        net = Network(table(trunk()))
        pbx = net.peer(PBX)
        net.send(PBX, invite())
        assert pbx.statuses() == [100, 180, 200]
        ok = pbx.last()
        assert isinstance(ok, Response)
        assert ok.headers.get_all("Record-Route") == ("<sip:198.51.100.1:5060;lr>",)
        net.now = 1.0
        net.send(PBX, in_dialog("ACK", ok, cseq=1, branch="z9hG4bKack1"))
        net.now = 31.0
        net.send(PBX, in_dialog("BYE", ok, cseq=2, branch="z9hG4bKbye1"))
        assert pbx.statuses()[-1] == 200
        (record,) = net.records
        assert record.result is CallResult.COMPLETED
        assert (record.direction, record.to, record.to_country) == (
            "OUTBOUND",
            "+15551234567",
            "US",
        )
        assert (record.created, record.answered, record.ended) == (0.0, 0.0, 31.0)
        assert record.duration_seconds == 31
        assert net.pstn.history[-1].ended

    def test_what_the_edge_forwards(self) -> None:
        net = Network(table(trunk()), simulator=False)
        net.send(PBX, invite(extra='Proxy-Authorization: Digest username="x"\r\n'))
        (forwarded,) = net.peer(PSTN).requests("INVITE")
        vias = forwarded.vias
        assert (vias[0].host, vias[0].port) == (EDGE.host, EDGE.port)
        assert vias[0].is_rfc3261_branch
        assert vias[1].branch == "z9hG4bKpbx1"
        assert forwarded.max_forwards == 69
        assert forwarded.headers.get_all("Record-Route") == ("<sip:198.51.100.1:5060;lr>",)
        assert "Proxy-Authorization" not in forwarded.headers
        assert str(forwarded.uri) == f"sip:+15551234567@{DOMAIN}"

    def test_100_trying_comes_at_once(self) -> None:
        net = Network(table(trunk()), simulator=False)
        net.send(PBX, invite())
        assert net.peer(PBX).statuses() == [100]

    def test_rport_and_received(self) -> None:
        """RFC 3581: the response goes to the port the request came from."""
        net = Network(table(trunk()))
        nat = Flow("UDP", "192.0.2.10", 40000)
        raw = invite(sent_by="10.0.0.5:5060").replace(b";branch=", b";rport;branch=")
        net.send(nat, raw)
        response = net.peer(nat).last()
        assert isinstance(response, Response)
        via = response.top_via
        assert (via.received, via.rport) == ("192.0.2.10", 40000)
        assert net.peer(PBX).inbox == []

    def test_max_forwards_zero_is_483(self) -> None:
        net = Network(table(trunk()))
        net.send(PBX, invite().replace(b"Max-Forwards: 70", b"Max-Forwards: 0"))
        assert net.peer(PBX).statuses() == [100, 483]

    def test_a_request_that_comes_back_is_a_loop(self) -> None:
        net = Network(table(trunk()), simulator=False)
        net.send(PBX, invite())
        (forwarded,) = net.peer(PSTN).requests("INVITE")
        # The gateway routes it straight back to us, as a proxy would.
        net.send(PSTN, forwarded.push_via("SIP/2.0/UDP 198.51.100.2:5070;branch=z9hG4bKgw1"))
        assert net.peer(PSTN).statuses() == [100, 482]
        assert net.edge.stats.loops == 1

    def test_cancel_before_answer(self) -> None:
        net = Network(table(trunk()))
        raw = invite(to="+15551230408")  # rings, never answers
        net.send(PBX, raw)
        assert net.peer(PBX).statuses() == [100, 180]
        net.now = 3.0
        net.send(PBX, cancel_of(raw))
        statuses = net.peer(PBX).statuses()
        assert statuses[-2:] == [200, 487]
        net.send(PBX, ack_for(raw, net.peer(PBX).last()))  # type: ignore[arg-type]
        assert net.pstn.history[-1].status == 487  # the simulator was cancelled too
        (record,) = net.records
        assert (record.result, record.sip_response_code) == (CallResult.CANCEL, 487)
        assert record.answered is None

    def test_busy_is_relayed(self) -> None:
        net = Network(table(trunk()))
        net.send(PBX, invite(to="+15551230486"))
        assert net.peer(PBX).statuses() == [100, 486]
        assert net.records[0].result is CallResult.BUSY

    def test_no_response_from_the_pstn_is_408(self) -> None:
        net = Network(table(trunk()), failover_timeout=4.0)
        net.send(PBX, invite(to="+15551230000"))  # the simulator stays silent
        net.advance(3.9)
        assert net.peer(PBX).statuses() == [100]
        net.advance(0.2)
        assert net.peer(PBX).statuses() == [100, 408]
        assert net.records[0].result is CallResult.NO_ANSWER

    def test_ringing_too_long_is_cancelled(self) -> None:
        net = Network(table(trunk()), ring_timeout=10.0)
        net.send(PBX, invite(to="+15551230408"))
        net.advance(10.1)
        assert net.peer(PBX).statuses() == [100, 180, 480]
        assert net.pstn.history[-1].status == 487  # Timer C sent CANCEL
        assert net.records[0].result is CallResult.NO_ANSWER

    def test_refusals_after_authentication_are_recorded(self) -> None:
        net = Network(table(trunk()))
        net.send(PBX, invite(from_domain="example.com"))
        assert net.peer(PBX).statuses() == [100, 403]
        (record,) = net.records
        assert (record.result, record.sip_response_code) == (CallResult.FAILED, 403)

    def test_credentials_lifted_for_another_number_are_refused_and_counted(self) -> None:
        net = Network(table(trunk(acl=(), credentials=creds())))
        net.send(PBX, invite())
        challenge = net.peer(PBX).last()
        assert isinstance(challenge, Response)
        assert challenge.status == 407
        header = authorization(
            challenge.headers.get("Proxy-Authenticate") or "", uri=f"sip:+15559990000@{DOMAIN}"
        )
        net.send(
            PBX, invite(cseq=2, branch="z9hG4bKpbx2", extra=f"Proxy-Authorization: {header}\r\n")
        )
        assert net.peer(PBX).statuses() == [100, 407, 100, 403]
        assert (net.edge.stats.refused, net.edge.stats.calls) == (2, 0)
        assert net.records == []  # refused before authentication: no call history
        assert not net.pstn.history  # nothing was forwarded

    def test_a_bye_without_route_follows_the_dialog(self) -> None:
        """SIPp's built-in scenarios send ACK and BYE to the proxy's address."""
        net = Network(table(trunk()))
        net.send(PBX, invite())
        ok = net.peer(PBX).last()
        assert isinstance(ok, Response)
        bye = in_dialog("BYE", ok, cseq=2, branch="z9hG4bKbye2", use_routes=False)
        bye = bye.replace(str(ok.contacts[0].uri).encode(), f"sip:{EDGE.host}:{EDGE.port}".encode())
        net.send(PBX, bye)
        assert net.peer(PBX).statuses()[-1] == 200
        assert net.pstn.history[-1].ended


class TestInboundCall:
    def test_failover_from_priority_1_to_priority_100_on_5xx(self) -> None:
        net = inbound_net(static("E1", 1, EP1), static("E100", 100, EP2))
        net.send(CARRIER, carrier_invite())
        (first,) = net.peer(EP1).requests("INVITE")
        assert str(first.uri) == f"sip:{DID}@{EP1.host}:{EP1.port}"
        net.answer(net.peer(EP1), first, 503, to_tag="ep1")
        (second,) = net.peer(EP2).requests("INVITE")
        net.answer(
            net.peer(EP2), second, 200, to_tag="ep2", headers=[("Contact", f"<sip:b@{EP2.host}>")]
        )
        assert net.peer(CARRIER).statuses() == [100, 200]
        assert net.peer(EP1).requests("ACK")  # the 503 was acknowledged hop by hop

    def test_failover_on_timeout(self) -> None:
        net = inbound_net(static("E1", 1, EP1), static("E100", 100, EP2), failover_timeout=2.0)
        net.send(CARRIER, carrier_invite())
        assert net.peer(EP1).requests("INVITE")
        assert not net.peer(EP2).requests("INVITE")
        net.advance(2.1)
        assert net.peer(EP2).requests("INVITE")

    def test_no_failover_on_busy(self) -> None:
        net = inbound_net(static("E1", 1, EP1), static("E100", 100, EP2))
        net.send(CARRIER, carrier_invite())
        net.answer(net.peer(EP1), net.peer(EP1).requests("INVITE")[0], 486, to_tag="ep1")
        assert net.peer(CARRIER).statuses() == [100, 486]
        assert not net.peer(EP2).requests("INVITE")
        assert net.records[0].result is CallResult.BUSY

    def test_503_when_none_is_reachable(self) -> None:
        net = inbound_net(static("E1", 1, EP1), static("E2", 2, EP2))
        net.send(CARRIER, carrier_invite())
        net.answer(net.peer(EP1), net.peer(EP1).requests("INVITE")[0], 500, to_tag="ep1")
        net.answer(net.peer(EP2), net.peer(EP2).requests("INVITE")[0], 408, to_tag="ep2")
        assert net.peer(CARRIER).statuses() == [100, 503]
        assert net.records[0].result is CallResult.FAILED

    def test_a_tls_endpoint_is_passed_over(self) -> None:
        """The edge speaks UDP and TCP only: a TLS endpoint, even first by priority, is
        skipped, and with no other endpoint the call is 503."""
        net = inbound_net(static("E1", 1, EP1, transport="TLS"), static("E2", 2, EP2))
        net.send(CARRIER, carrier_invite())
        assert not net.peer(EP1).inbox
        (invite_,) = net.peer(EP2).requests("INVITE")
        assert str(invite_.uri) == f"sip:{DID}@{EP2.host}:{EP2.port}"
        only_tls = inbound_net(static("E1", 1, EP1, transport="TLS"))
        only_tls.send(CARRIER, carrier_invite())
        assert not only_tls.peer(EP1).inbox
        assert only_tls.peer(CARRIER).statuses() == [100, 503]

    def test_503_without_endpoints(self) -> None:
        net = inbound_net()
        net.send(CARRIER, carrier_invite())
        assert net.peer(CARRIER).statuses() == [100, 503]

    def test_an_unassigned_number_is_404(self) -> None:
        net = inbound_net(static("E1", 1, EP1))
        net.send(CARRIER, carrier_invite().replace(DID.encode(), b"+15550009999"))
        assert net.peer(CARRIER).statuses() == [100, 404]

    def test_round_robin_among_equal_priorities(self) -> None:
        net = inbound_net(static("A", 5, EP1), static("B", 5, EP2), static("C", 9, EP3))
        for n in range(4):
            net.send(CARRIER, carrier_invite(call_id=f"in-{n}", branch=f"z9hG4bKrr{n}"))
        firsts = [len(net.peer(flow).requests("INVITE")) for flow in (EP1, EP2, EP3)]
        assert firsts == [2, 2, 0]

    def test_a_late_2xx_from_a_branch_given_up_is_hung_up(self) -> None:
        net = inbound_net(static("E1", 1, EP1), static("E2", 2, EP2), failover_timeout=2.0)
        net.send(CARRIER, carrier_invite())
        slow = net.peer(EP1).requests("INVITE")[0]
        net.advance(2.1)  # E1 given up, E2 tried
        net.answer(
            net.peer(EP1), slow, 200, to_tag="late", headers=[("Contact", f"<sip:a@{EP1.host}>")]
        )
        assert [r.method for r in net.peer(EP1).requests()][-2:] == ["ACK", "BYE"]
        assert 200 not in net.peer(CARRIER).statuses()
        assert net.edge.stats.hung_up == 1


class TestOtherRequests:
    def test_options_is_answered(self) -> None:
        net = Network(table(trunk()))
        options = invite().replace(b"INVITE", b"OPTIONS")
        net.send(PBX, options)
        response = net.peer(PBX).last()
        assert isinstance(response, Response)
        assert response.status == 200
        assert "INVITE" in (response.headers.get("Allow") or "")

    def test_other_methods_outside_a_dialog_are_405(self) -> None:
        net = Network(table(trunk()))
        net.send(PBX, invite().replace(b"INVITE", b"MESSAGE"))
        assert net.peer(PBX).statuses() == [405]

    def test_an_in_dialog_request_for_nothing_we_know_is_481(self) -> None:
        net = Network(table(trunk()))
        bye = parse_message(invite().replace(b"INVITE", b"BYE"))
        assert isinstance(bye, Request)
        raw = bye.to_bytes().replace(
            b"To: <sip:+15551234567@acme.pstn.sinch.com>", b"To: <sip:x@acme.pstn.sinch.com>;tag=t"
        )
        net.send(PBX, raw.replace(b"sip:+15551234567@acme", b"sip:198.51.100.1"))
        assert net.peer(PBX).statuses() == [481]


def test_a_malformed_header_read_late_is_400() -> None:
    net = Network(table(trunk()))
    bye = invite().replace(b"INVITE sip", b"BYE sip").replace(b"1 INVITE", b"2 BYE")
    bye = bye.replace(b"To: <sip:+15551234567@acme.pstn.sinch.com>", b"To: <sip:x@y>;tag=t")
    net.send(PBX, bye.replace(b"Max-Forwards: 70\r\n", b"Max-Forwards: 70\r\nRoute: <sip:bad\r\n"))
    assert net.peer(PBX).statuses() == [400]
