"""Transaction matching (§17.1.3, §17.2.3, §9.2) and the layer's deadlines."""

from __future__ import annotations

import pytest

from opentrunk.sip import (
    Kind,
    LocalProtocolError,
    PassToTU,
    Request,
    SendMessage,
    ServerTransaction,
    State,
    TransactionLayer,
    make_ack,
    make_cancel,
    make_response,
    parse_message,
)

from .messages import raw_request, request, response_to

Layer = TransactionLayer[str]


def new_server(layer: Layer, req: Request, now: float = 0.0) -> ServerTransaction[str]:
    (action,) = layer.receive(req, "peer", now, reliable=False)
    assert isinstance(action, PassToTU)
    assert isinstance(action.transaction, ServerTransaction)
    return action.transaction


class TestServerMatching:
    def test_cancel_finds_its_invite(self) -> None:
        layer: Layer = TransactionLayer()
        invite = request()
        server = new_server(layer, invite)
        cancel = make_cancel(invite)
        # The CANCEL is a transaction of its own...
        cancel_server = new_server(layer, cancel)
        assert cancel_server is not server
        assert cancel_server.kind is Kind.NON_INVITE_SERVER
        # ...whose target is found by matching it as if it were the INVITE (§9.2).
        assert layer.find_cancel_target(cancel) is server

    def test_cancel_for_an_unknown_invite(self) -> None:
        layer: Layer = TransactionLayer()
        new_server(layer, request())
        stray = make_cancel(request(branch="z9hG4bKother"))
        assert layer.find_cancel_target(stray) is None
        with pytest.raises(LocalProtocolError):
            layer.find_cancel_target(request("BYE"))

    def test_ack_for_a_non_2xx_matches_the_invite(self) -> None:
        layer: Layer = TransactionLayer()
        invite = request()
        server = new_server(layer, invite)
        busy = make_response(invite, 486, to_tag="t")
        layer.send_response(server, busy, 0.0)
        assert layer.receive(make_ack(invite, busy), "peer", 0.1, reliable=False) == []
        assert server.state is State.CONFIRMED

    def test_ack_for_a_2xx_is_a_stray_for_the_tu(self) -> None:
        layer: Layer = TransactionLayer()
        invite = request()
        server = new_server(layer, invite)
        layer.send_response(server, make_response(invite, 200, to_tag="t"), 0.0)
        # End-to-end ACK: a new branch, so no transaction matches (§17.2.3).
        ack = request("ACK", branch="z9hG4bKack2xx", to_tag="t")
        assert layer.receive(ack, "peer", 0.1, reliable=False) == [PassToTU(ack, None)]
        # A UA that reuses the INVITE's branch reaches the accepted transaction, which
        # hands it up too.
        reused = request("ACK", to_tag="t")
        (action,) = layer.receive(reused, "peer", 0.2, reliable=False)
        assert action == PassToTU(reused, server)

    def test_same_branch_from_another_sender_is_another_transaction(self) -> None:
        layer: Layer = TransactionLayer()
        first = new_server(layer, request())
        second = new_server(layer, request(sent_by="198.51.100.9:5060"))
        assert first is not second
        assert layer.server_transactions == 2

    def test_sent_by_host_compares_case_insensitively(self) -> None:
        layer: Layer = TransactionLayer()
        new_server(layer, request(sent_by="PBX.example.com"))
        assert layer.receive(request(sent_by="pbx.EXAMPLE.com"), "p", 0.1, reliable=False) == []

    def test_rfc2543_peers_without_magic_cookie(self) -> None:
        layer: Layer = TransactionLayer()
        data = raw_request(branch="abc").replace(b";branch=abc", b"")
        invite = parse_message(data)
        assert isinstance(invite, Request)
        server = new_server(layer, invite)
        assert layer.receive(invite, "peer", 0.1, reliable=False) == []  # retransmission
        busy = make_response(invite, 486, to_tag="t")
        layer.send_response(server, busy, 0.2)
        layer.receive(make_ack(invite, busy), "peer", 0.3, reliable=False)
        assert server.state is State.CONFIRMED


class TestClientMatching:
    def test_response_to_cancel_does_not_reach_the_invite(self) -> None:
        layer: Layer = TransactionLayer()
        invite = request()
        invite_client, _ = layer.send_request(invite, "down", 0.0, reliable=False)
        cancel_client, _ = layer.send_request(make_cancel(invite), "down", 0.1, reliable=False)
        ok_cancel = response_to(make_cancel(invite), 200)
        (action, *_) = layer.receive(ok_cancel, "down", 0.2, reliable=False)
        assert action == PassToTU(ok_cancel, cancel_client)
        assert invite_client.state is State.CALLING
        terminated = response_to(invite, 487)
        actions = layer.receive(terminated, "down", 0.3, reliable=False)
        assert PassToTU(terminated, invite_client) in actions

    def test_stray_response(self) -> None:
        layer: Layer = TransactionLayer()
        stray = response_to(request(branch="z9hG4bKnobody"), 200)
        assert layer.receive(stray, "x", 0.0, reliable=False) == [PassToTU(stray, None)]

    def test_requests_we_send_need_our_own_branch(self) -> None:
        layer: Layer = TransactionLayer()
        with pytest.raises(LocalProtocolError):
            layer.send_request(request("ACK"), "x", 0.0, reliable=False)
        with pytest.raises(LocalProtocolError):
            layer.send_request(request(branch="2543style"), "x", 0.0, reliable=False)
        layer.send_request(request(), "x", 0.0, reliable=False)
        with pytest.raises(LocalProtocolError):
            layer.send_request(request(), "x", 0.0, reliable=False)


class TestDeadlines:
    def test_next_deadline_is_the_earliest_of_all(self) -> None:
        layer: Layer = TransactionLayer()
        assert layer.next_deadline() is None
        layer.send_request(request("OPTIONS", branch="z9hG4bKa"), "x", 10.0, reliable=False)
        layer.send_request(request("OPTIONS", branch="z9hG4bKb"), "x", 10.2, reliable=False)
        assert layer.next_deadline() == 10.5
        first = [a for a in layer.tick(10.5) if isinstance(a, SendMessage)]
        assert [a.message.top_via.branch for a in first] == ["z9hG4bKa"]
        assert layer.next_deadline() == 10.7

    def test_tick_before_a_deadline_does_nothing(self) -> None:
        layer: Layer = TransactionLayer()
        layer.send_request(request(), "x", 0.0, reliable=False)
        assert layer.tick(0.49) == []
        assert len(layer.tick(0.5)) == 1

    def test_cancelled_timers_leave_no_deadline_behind(self) -> None:
        layer: Layer = TransactionLayer()
        client, _ = layer.send_request(request(), "x", 0.0, reliable=False)
        layer.receive(response_to(request(), 180), "x", 0.1, reliable=False)
        assert client.state is State.PROCEEDING
        assert layer.next_deadline() is None
        assert layer.tick(1000.0) == []

    def test_late_tick_fires_every_due_timer_in_order(self) -> None:
        layer: Layer = TransactionLayer()
        layer.send_request(request(), "x", 0.0, reliable=False)
        actions = layer.tick(100.0)  # an event loop that stalled
        assert [type(a).__name__ for a in actions] == [
            "SendMessage",
            "TransactionTimeout",
            "TransactionTerminated",
        ]
        assert len(layer) == 0

    def test_many_transactions(self) -> None:
        layer: Layer = TransactionLayer()
        for i in range(500):
            layer.send_request(
                request("OPTIONS", branch=f"z9hG4bK{i}"), "x", i / 100, reliable=True
            )
        assert len(layer) == 500
        assert layer.next_deadline() == 32.0
        layer.tick(40.0)
        assert len(layer) == 0
        assert layer.next_deadline() is None
