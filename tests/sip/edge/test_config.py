"""Carrier addresses, gateway targets, and the edge's timer heap."""

from __future__ import annotations

import pytest

from opentrunk.sip.edge import CarrierSet, parse_target
from opentrunk.sip.edge.timers import TimerHeap
from opentrunk.sip.element import Flow


class TestCarrierSet:
    def test_addresses_networks_and_ports(self) -> None:
        carriers = CarrierSet.parse("192.0.2.1, 198.51.100.0/24 127.0.0.1:5099")
        assert Flow("UDP", "192.0.2.1", 1234) in carriers
        assert Flow("TCP", "198.51.100.77", 5060) in carriers
        assert Flow("UDP", "127.0.0.1", 5099) in carriers
        assert Flow("UDP", "127.0.0.1", 5060) not in carriers  # another port: a customer
        assert Flow("UDP", "203.0.113.1", 5060) not in carriers

    def test_empty(self) -> None:
        assert not CarrierSet.parse("")
        assert CarrierSet().with_flow(Flow("UDP", "127.0.0.1", 5070))


class TestTarget:
    @pytest.mark.parametrize(
        ("text", "expected"),
        [
            ("127.0.0.1", ("127.0.0.1", 5060, "UDP")),
            ("127.0.0.1:5070", ("127.0.0.1", 5070, "UDP")),
            ("sip:gw.example.com:5080;transport=tcp", ("gw.example.com", 5080, "TCP")),
            ("[2001:db8::1]:5062", ("2001:db8::1", 5062, "UDP")),
        ],
    )
    def test_forms(self, text: str, expected: tuple[str, int, str]) -> None:
        assert parse_target(text) == expected

    def test_tls_is_refused(self) -> None:
        with pytest.raises(ValueError, match="transport"):
            parse_target("gw:5061;transport=tls")


class TestFlow:
    def test_round_trip(self) -> None:
        for flow in (Flow("UDP", "127.0.0.1", 5060), Flow("TCP", "2001:db8::1", 5061)):
            assert Flow.parse(str(flow)) == flow


class TestTimerHeap:
    def test_cancelled_entries_never_fire_and_are_swept(self) -> None:
        timers: TimerHeap[int] = TimerHeap()
        entries = [timers.schedule(float(n), n) for n in range(3000)]
        for entry in entries[:2500]:
            timers.cancel(entry)
        assert len(timers) == 500
        assert len(timers._heap) < 3000  # swept once the dead outnumbered the live
        assert timers.next_deadline() == 2500.0
        assert timers.pop_due(2501.0) == [2500, 2501]
