"""The per-trunk token bucket when the limit changes: an operator's new
``callsPerSecond`` reaches the edge in a reloaded route table, and the trunk's bucket
follows it from the next call (tests/sip/daemon/test_propagation.py has it end to end)."""

from __future__ import annotations

from opentrunk.sip import DigestAuthenticator, Request, parse_message
from opentrunk.sip.edge import CallRateLimiter, Reject, check_outbound

from .net import PBX, REALM, invite, table, trunk


def _statuses(rate: CallRateLimiter, cps: int, count: int, now: float) -> list[int]:
    """``count`` INVITEs at ``now`` through the policy of a route table where the trunk's
    limit is ``cps``; each one's status (200 for admitted)."""
    routes = table(trunk(cps=cps))
    auth = DigestAuthenticator(b"secret")
    out = []
    for _ in range(count):
        message = parse_message(invite())
        assert isinstance(message, Request)
        verdict = check_outbound(
            routes, message, PBX, now, authenticator=auth, realm=REALM, rate=rate
        )
        out.append(verdict.status if isinstance(verdict, Reject) else 200)
    return out


def test_a_raised_limit_admits_its_extra_calls_at_once() -> None:
    rate = CallRateLimiter()
    assert _statuses(rate, 1, 2, 0.0) == [200, 603]
    # Raised from 1 to 5 with the bucket spent: 4 more calls now, not after a second.
    assert _statuses(rate, 5, 5, 0.0) == [200] * 4 + [603]
    assert _statuses(rate, 5, 6, 1.0) == [200] * 5 + [603]  # then 5 a second


def test_a_lowered_limit_caps_the_bucket_at_once() -> None:
    rate = CallRateLimiter()
    assert _statuses(rate, 10, 2, 0.0) == [200, 200]  # 8 tokens left
    assert _statuses(rate, 2, 3, 0.0) == [200, 200, 603]  # capped at 2
    assert _statuses(rate, 2, 3, 0.5) == [200, 603, 603]  # 2 a second


def test_a_limit_raised_and_lowered_again_gives_nothing_extra() -> None:
    rate = CallRateLimiter()
    assert _statuses(rate, 1, 1, 0.0) == [200]
    assert _statuses(rate, 3, 1, 0.0) == [200]  # raised: 2 extra, 1 used
    assert _statuses(rate, 1, 2, 0.0) == [200, 603]  # lowered: capped at 1
    assert _statuses(rate, 1, 1, 0.5) == [603]


def test_calls_admitted_elsewhere_are_paid_for_here() -> None:
    """Another edge process admitted two calls of a 3 cps trunk: one is left here, and
    the bucket refills at the trunk's rate."""
    rate = CallRateLimiter()
    rate.take("T1", 3, 0.0)
    rate.take("T1", 3, 0.0)
    assert _statuses(rate, 3, 2, 0.0) == [200, 603]
    assert _statuses(rate, 3, 1, 1 / 3) == [200]


def test_a_bucket_overdrawn_elsewhere_waits_at_most_a_second() -> None:
    rate = CallRateLimiter()
    for _ in range(10):
        rate.take("T1", 2, 0.0)
    assert _statuses(rate, 2, 1, 0.9) == [603]
    assert _statuses(rate, 2, 1, 1.5) == [200]
