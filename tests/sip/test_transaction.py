"""The four transaction machines, driven through the layer with explicit time."""

from __future__ import annotations

import dataclasses

import pytest

from opentrunk.sip import (
    Action,
    ClientTransaction,
    LocalProtocolError,
    PassToTU,
    Request,
    Response,
    SendMessage,
    ServerTransaction,
    State,
    Timer,
    TimerConfig,
    TransactionLayer,
    TransactionTerminated,
    TransactionTimeout,
    make_response,
    parse_message,
)

from .messages import request, response_to

Layer = TransactionLayer[str]
PEER = "peer"


def sent(actions: list[Action[str]]) -> list[Request | Response]:
    return [a.message for a in actions if isinstance(a, SendMessage)]


def passed(actions: list[Action[str]]) -> list[Request | Response]:
    return [a.message for a in actions if isinstance(a, PassToTU)]


def kinds(actions: list[Action[str]]) -> list[str]:
    return [type(a).__name__ for a in actions]


def run_until(layer: Layer, end: float) -> list[tuple[float, Action[str]]]:
    """Call ``tick`` at every deadline up to ``end``, as the asyncio shell would."""
    log: list[tuple[float, Action[str]]] = []
    while (deadline := layer.next_deadline()) is not None and deadline <= end:
        log += [(deadline, action) for action in layer.tick(deadline)]
    return log


def send_times(log: list[tuple[float, Action[str]]]) -> list[float]:
    return [t for t, a in log if isinstance(a, SendMessage)]


def start_client(
    method: str = "INVITE", *, reliable: bool = False
) -> tuple[Layer, ClientTransaction[str], Request]:
    layer: Layer = TransactionLayer()
    req = request(method)
    client, actions = layer.send_request(req, PEER, 0.0, reliable=reliable)
    assert sent(actions) == [req]
    return layer, client, req


def start_server(
    method: str = "INVITE", *, reliable: bool = False
) -> tuple[Layer, ServerTransaction[str], Request]:
    layer: Layer = TransactionLayer()
    req = request(method)
    actions = layer.receive(req, PEER, 0.0, reliable=reliable)
    assert len(actions) == 1
    action = actions[0]
    assert isinstance(action, PassToTU)
    assert action.message == req
    assert isinstance(action.transaction, ServerTransaction)
    return layer, action.transaction, req


class TestInviteClient:
    def test_timer_a_doubles_until_timer_b(self) -> None:
        layer, client, _ = start_client()
        log = run_until(layer, 100.0)
        # §17.1.1.2: A starts at T1 and doubles (no T2 cap for INVITE); B = 64*T1.
        assert send_times(log) == [0.5, 1.5, 3.5, 7.5, 15.5, 31.5]
        assert [(t, type(a).__name__) for t, a in log if not isinstance(a, SendMessage)] == [
            (32.0, "TransactionTimeout"),
            (32.0, "TransactionTerminated"),
        ]
        assert client.state is State.TERMINATED
        assert len(layer) == 0

    def test_configurable_timers(self) -> None:
        layer: Layer = TransactionLayer(timers=TimerConfig(t1=0.1))
        layer.send_request(request(), PEER, 0.0, reliable=False)
        log = run_until(layer, 10.0)
        assert send_times(log) == pytest.approx([0.1, 0.3, 0.7, 1.5, 3.1, 6.3])
        assert any(isinstance(a, TransactionTimeout) for t, a in log if t == pytest.approx(6.4))

    def test_timer_a_capped_at_t2_when_asked(self) -> None:
        layer: Layer = TransactionLayer(timers=TimerConfig(cap_timer_a=True))
        layer.send_request(request(), PEER, 0.0, reliable=False)
        log = run_until(layer, 100.0)
        assert send_times(log) == [0.5, 1.5, 3.5, 7.5, 11.5, 15.5, 19.5, 23.5, 27.5, 31.5]

    def test_no_retransmission_over_a_reliable_transport(self) -> None:
        layer, _, _ = start_client(reliable=True)
        log = run_until(layer, 100.0)
        assert send_times(log) == []
        assert [(t, type(a).__name__) for t, a in log] == [
            (32.0, "TransactionTimeout"),
            (32.0, "TransactionTerminated"),
        ]

    def test_provisional_stops_retransmissions_and_timer_b(self) -> None:
        layer, client, req = start_client()
        run_until(layer, 0.6)
        ringing = response_to(req, 180)
        assert passed(layer.receive(ringing, PEER, 1.0, reliable=False)) == [ringing]
        assert client.state is State.PROCEEDING
        assert run_until(layer, 500.0) == []  # the proxy core runs timer C, not us

    def test_non_2xx_is_acknowledged_by_the_transaction(self) -> None:
        layer, client, req = start_client()
        busy = response_to(req, 486)
        actions = layer.receive(busy, PEER, 1.0, reliable=False)
        assert passed(actions) == [busy]
        (ack,) = sent(actions)
        assert isinstance(ack, Request)
        assert ack.method == "ACK"
        assert ack.top_via.branch == req.top_via.branch
        assert ack.to_tag == busy.to_tag
        assert client.state is State.COMPLETED

        # A retransmitted 486 is answered with the same ACK and kept from the TU.
        again = layer.receive(busy, PEER, 2.0, reliable=False)
        assert passed(again) == []
        assert [a.data for a in again if isinstance(a, SendMessage)] == [
            a.data for a in actions if isinstance(a, SendMessage)
        ]
        # Timer D: 32 s over UDP.
        assert client.timer_deadline(Timer.D) == 33.0
        log = run_until(layer, 100.0)
        assert [(t, type(a).__name__) for t, a in log] == [(33.0, "TransactionTerminated")]

    def test_non_2xx_over_tcp_terminates_at_once(self) -> None:
        layer, client, req = start_client(reliable=True)
        actions = layer.receive(response_to(req, 503), PEER, 1.0, reliable=True)
        assert kinds(actions) == ["PassToTU", "SendMessage", "TransactionTerminated"]
        assert client.terminated
        assert len(layer) == 0

    def test_2xx_goes_to_the_tu_without_an_ack(self) -> None:
        layer, client, req = start_client()
        ok = response_to(req, 200)
        actions = layer.receive(ok, PEER, 1.0, reliable=False)
        assert kinds(actions) == ["PassToTU"]
        assert client.state is State.ACCEPTED
        # RFC 6026: retransmitted 2xx keep going up, so the TU can re-ACK them.
        assert passed(layer.receive(ok, PEER, 2.0, reliable=False)) == [ok]
        log = run_until(layer, 100.0)
        assert [(t, type(a).__name__) for t, a in log] == [(33.0, "TransactionTerminated")]
        assert passed(layer.receive(ok, PEER, 40.0, reliable=False)) == [ok]  # now stray

    def test_transport_error(self) -> None:
        layer, client, _ = start_client()
        assert kinds(layer.transport_error(client, 0.1)) == ["TransactionTerminated"]
        assert len(layer) == 0


class TestNonInviteClient:
    def test_timer_e_caps_at_t2_until_timer_f(self) -> None:
        layer, _, _ = start_client("OPTIONS")
        log = run_until(layer, 100.0)
        assert send_times(log) == [0.5, 1.5, 3.5, 7.5, 11.5, 15.5, 19.5, 23.5, 27.5, 31.5]
        assert [type(a).__name__ for t, a in log if t == 32.0] == [
            "TransactionTimeout",
            "TransactionTerminated",
        ]

    def test_proceeding_retransmits_every_t2(self) -> None:
        layer, client, req = start_client("REGISTER")
        run_until(layer, 1.0)  # sent at 0 and 0.5; E now due at 1.5
        layer.receive(response_to(req, 100, to_tag=None), PEER, 1.2, reliable=False)
        assert client.state is State.PROCEEDING
        log = run_until(layer, 20.0)
        assert send_times(log) == [1.5, 5.5, 9.5, 13.5, 17.5]

    def test_final_response_then_timer_k_absorbs_retransmissions(self) -> None:
        layer, client, req = start_client("BYE")
        ok = response_to(req, 200)
        assert passed(layer.receive(ok, PEER, 0.2, reliable=False)) == [ok]
        assert client.state is State.COMPLETED
        assert layer.receive(ok, PEER, 1.0, reliable=False) == []
        log = run_until(layer, 100.0)
        assert [(t, type(a).__name__) for t, a in log] == [(5.2, "TransactionTerminated")]

    def test_final_response_over_tcp_terminates_at_once(self) -> None:
        layer, _, req = start_client("BYE", reliable=True)
        actions = layer.receive(response_to(req, 404), PEER, 0.2, reliable=True)
        assert kinds(actions) == ["PassToTU", "TransactionTerminated"]


class TestInviteServer:
    def test_retransmitted_invite_gets_the_last_provisional(self) -> None:
        layer, server, req = start_server()
        assert layer.receive(req, PEER, 0.3, reliable=False) == []  # nothing sent yet
        ringing = make_response(req, 180, to_tag="t")
        assert sent(layer.send_response(server, ringing, 0.4)) == [ringing]
        assert sent(layer.receive(req, PEER, 0.5, reliable=False)) == [ringing]

    def test_final_response_retransmitted_on_timer_g_until_the_ack(self) -> None:
        layer, server, req = start_server()
        busy = make_response(req, 486, to_tag="t")
        assert sent(layer.send_response(server, busy, 0.0)) == [busy]
        log = run_until(layer, 9.0)
        # G: T1, doubling, capped at T2.
        assert send_times(log) == [0.5, 1.5, 3.5, 7.5]
        assert sent(layer.receive(req, PEER, 8.0, reliable=False)) == [busy]

        ack = parse_message(_ack_for(req, busy))
        assert isinstance(ack, Request)
        assert layer.receive(ack, PEER, 9.0, reliable=False) == []  # absorbed, not passed
        assert server.state is State.CONFIRMED
        assert layer.receive(ack, PEER, 9.5, reliable=False) == []  # Timer I absorbs
        log = run_until(layer, 100.0)
        assert [(t, type(a).__name__) for t, a in log] == [(14.0, "TransactionTerminated")]

    def test_timer_h_gives_up_without_an_ack(self) -> None:
        layer, server, req = start_server()
        layer.send_response(server, make_response(req, 404, to_tag="t"), 0.0)
        log = run_until(layer, 100.0)
        assert send_times(log) == [0.5, 1.5, 3.5, 7.5, 11.5, 15.5, 19.5, 23.5, 27.5, 31.5]
        assert [type(a).__name__ for t, a in log if t == 32.0] == [
            "TransactionTimeout",
            "TransactionTerminated",
        ]

    def test_over_tcp_the_ack_ends_it_at_once(self) -> None:
        layer, server, req = start_server(reliable=True)
        busy = make_response(req, 486, to_tag="t")
        layer.send_response(server, busy, 0.0)
        assert run_until(layer, 1.0) == []  # no Timer G
        ack = parse_message(_ack_for(req, busy))
        assert kinds(layer.receive(ack, PEER, 1.0, reliable=True)) == ["TransactionTerminated"]

    def test_2xx_then_accepted_absorbs_retransmitted_invites(self) -> None:
        layer, server, req = start_server()
        ok = make_response(req, 200, to_tag="t")
        layer.send_response(server, ok, 0.0)
        assert server.state is State.ACCEPTED
        assert layer.receive(req, PEER, 1.0, reliable=False) == []
        # The TU (UA core) retransmits its 2xx through the transaction.
        assert sent(layer.send_response(server, ok, 1.0)) == [ok]
        log = run_until(layer, 100.0)
        assert [(t, type(a).__name__) for t, a in log] == [(32.0, "TransactionTerminated")]

    def test_responding_from_a_finished_transaction_is_a_local_error(self) -> None:
        layer, server, req = start_server()
        layer.send_response(server, make_response(req, 486, to_tag="t"), 0.0)
        with pytest.raises(LocalProtocolError):
            layer.send_response(server, make_response(req, 200, to_tag="t"), 0.1)
        with pytest.raises(LocalProtocolError):
            layer.send_response(server, make_response(req, 180, to_tag="t"), 0.1)

    def test_a_response_that_cannot_be_written_changes_nothing(self) -> None:
        layer, server, req = start_server()
        good = make_response(req, 486, to_tag="t")
        broken = dataclasses.replace(good, reason="Busy\r\nX-Injected: 1")
        with pytest.raises(LocalProtocolError):
            layer.send_response(server, broken, 0.0)
        assert server.state is State.PROCEEDING
        assert sent(layer.send_response(server, good, 0.1)) == [good]


class TestNonInviteServer:
    def test_retransmissions(self) -> None:
        layer, server, req = start_server("OPTIONS")
        assert layer.receive(req, PEER, 0.2, reliable=False) == []  # Trying: absorbed
        ok = make_response(req, 200, to_tag="t")
        assert sent(layer.send_response(server, ok, 0.3)) == [ok]
        assert sent(layer.receive(req, PEER, 0.6, reliable=False)) == [ok]
        log = run_until(layer, 100.0)
        assert [(t, type(a).__name__) for t, a in log] == [(32.3, "TransactionTerminated")]
        # After Timer J, the same request is new again.
        assert kinds(layer.receive(req, PEER, 40.0, reliable=False)) == ["PassToTU"]

    def test_over_tcp_timer_j_is_zero(self) -> None:
        layer, server, req = start_server("OPTIONS", reliable=True)
        actions = layer.send_response(server, make_response(req, 200, to_tag="t"), 0.3)
        assert kinds(actions) == ["SendMessage", "TransactionTerminated"]

    def test_provisional_then_final(self) -> None:
        layer, server, req = start_server("REGISTER")
        trying = make_response(req, 100)
        layer.send_response(server, trying, 0.0)
        assert sent(layer.receive(req, PEER, 0.5, reliable=False)) == [trying]
        layer.send_response(server, make_response(req, 401, to_tag="t"), 0.6)
        assert server.state is State.COMPLETED


def _ack_for(invite: Request, response: Response) -> bytes:
    """The ACK the upstream client transaction would send (§17.1.1.3)."""
    from opentrunk.sip import make_ack

    return make_ack(invite, response).to_bytes()


def test_terminated_action_names_the_transaction() -> None:
    layer, client, req = start_client("OPTIONS", reliable=True)
    actions = layer.receive(response_to(req, 200), PEER, 0.1, reliable=True)
    terminated = [a for a in actions if isinstance(a, TransactionTerminated)]
    assert [a.transaction for a in terminated] == [client]
