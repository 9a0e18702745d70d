"""The calls the platform places itself (voice challenges), against the PSTN simulator."""

from __future__ import annotations

from opentrunk.sip.edge.caller import Caller
from opentrunk.sip.element import Flow

from .net import PSTN, Network, table, trunk

CALLER = Flow("UDP", "198.51.100.1", 5099)


def caller_net() -> tuple[Network, Caller, list[int]]:
    net = Network(table(trunk()))
    caller = Caller(host=CALLER.host, port=CALLER.port, send=net._sender(CALLER), hold_seconds=3)
    net.elements[CALLER] = caller
    return net, caller, []


def test_an_answered_call_carries_its_headers_is_acked_and_hung_up() -> None:
    net, caller, results = caller_net()
    caller.call(PSTN, "+15551234567", net.now, done=results.append, headers=[("X-Code", "123456")])
    net.run()
    assert results == [200]
    (record,) = net.pstn.history
    assert (record.number, record.answered, record.extra_headers["X-Code"]) == (
        "+15551234567",
        True,
        "123456",
    )
    assert not record.ended
    net.advance(3.1)
    assert record.ended  # hung up after hold_seconds


def test_a_busy_number_is_reported() -> None:
    net, caller, results = caller_net()
    caller.call(PSTN, "+15551230486", net.now, done=results.append)
    net.run()
    assert results == [486]


def test_silence_is_a_timeout() -> None:
    net, caller, results = caller_net()
    caller.call(PSTN, "+15551230000", net.now, done=results.append)
    net.run()
    net.advance(31.0)
    assert results == []
    net.advance(2.0)  # Timer B: 64 x T1
    assert results == [408]
