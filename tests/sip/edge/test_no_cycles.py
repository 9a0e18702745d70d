"""A call's whole life through the edge leaves no cyclic garbage: everything it kept is
freed by reference counting once its transactions end. The server relies on it when it
takes full garbage collections off Python's own trigger (``opentrunk.kit.collector``)."""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterator
from contextlib import contextmanager

import pytest

from opentrunk.sip import Response

from .net import CARRIER, PBX, Network, ack_for, cancel_of, in_dialog, invite, table, trunk
from .test_proxy import EP1, EP2, carrier_invite, inbound_net, static
from .test_registrar import authenticate, registered_net


@contextmanager
def cyclic_garbage() -> Iterator[list[int]]:
    """Counts what only the cycle collector could free, made meanwhile."""
    found: list[int] = []
    gc.collect()
    gc.disable()
    try:
        yield found
        found.append(gc.collect())
    finally:
        gc.enable()


def _completed(net: Network) -> None:
    net.send(PBX, invite())
    ok = net.peer(PBX).last()
    assert isinstance(ok, Response)
    assert ok.status == 200
    net.send(PBX, in_dialog("ACK", ok, cseq=1, branch="z9hG4bKack1"))
    net.advance(1.0)
    net.send(PBX, in_dialog("BYE", ok, cseq=2, branch="z9hG4bKbye1"))
    assert net.peer(PBX).statuses()[-1] == 200


def _busy(net: Network) -> None:
    raw = invite(to="+15551230486")
    net.send(PBX, raw)
    response = net.peer(PBX).last()
    assert isinstance(response, Response)
    assert response.status == 486
    net.send(PBX, ack_for(raw, response))


def _cancelled(net: Network) -> None:
    raw = invite(to="+15551230408")
    net.send(PBX, raw)
    net.advance(1.0)
    net.send(PBX, cancel_of(raw))
    response = net.peer(PBX).last()
    assert isinstance(response, Response)
    assert response.status == 487
    net.send(PBX, ack_for(raw, response))


def _unanswered(net: Network) -> None:
    net.send(PBX, invite(to="+15551230000"))  # the simulator stays silent
    net.advance(5.0)
    assert net.peer(PBX).statuses()[-1] == 408


def _refused(net: Network) -> None:
    net.send(PBX, invite(from_domain="example.com"))
    assert net.peer(PBX).statuses()[-1] == 403


@pytest.mark.parametrize(
    "scenario", [_completed, _busy, _cancelled, _unanswered, _refused], ids=lambda f: f.__name__
)
def test_an_outbound_call_leaves_no_cycles(scenario: Callable[[Network], None]) -> None:
    net = Network(table(trunk()), failover_timeout=4.0)
    with cyclic_garbage() as found:
        scenario(net)
        net.advance(60.0)  # every transaction has ended
        assert len(net.edge.layer) == 0
    assert net.records
    assert found == [0]


def test_an_inbound_call_with_failover_leaves_no_cycles() -> None:
    net = inbound_net(static("E1", 1, EP1), static("E2", 100, EP2), failover_timeout=4.0)
    with cyclic_garbage() as found:
        net.send(CARRIER, carrier_invite())
        (first,) = net.peer(EP1).requests("INVITE")
        net.answer(net.peer(EP1), first, 503, to_tag="ep1")
        (second,) = net.peer(EP2).requests("INVITE")
        net.answer(net.peer(EP2), second, 486, to_tag="ep2")
        assert net.peer(CARRIER).statuses() == [100, 486]
        net.advance(60.0)
        assert len(net.edge.layer) == 0
    assert net.records
    assert found == [0]


def test_a_registration_and_its_expiry_leave_no_cycles() -> None:
    net = registered_net()
    with cyclic_garbage() as found:
        assert authenticate(net, expires=60).status == 200
        assert len(net.edge.registrar) == 1
        net.advance(120.0)  # the binding expired, every transaction has ended
        assert len(net.edge.registrar) == 0
        assert len(net.edge.layer) == 0
    assert found == [0]
