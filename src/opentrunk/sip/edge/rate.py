"""Per-trunk ``callsPerSecond``: a token bucket per trunk.

A trunk with a limit of N holds at most N tokens and gains N per second; a new call
takes one or is declined (603). The bucket therefore admits a burst of N calls and
then N per second on average, which is what "calls per second" means to a carrier
(Twilio and Vonage count the same way). Time is passed in.

The limit is read on every call, so a new one (an operator's change, picked up when the
edge reloads the route table) applies from the next call: a lower limit caps the tokens
at once, a higher one adds the extra tokens at once (raised from 1 to 50, the trunk may
place 49 more calls straight away rather than wait for the bucket to fill).
"""

from __future__ import annotations

__all__ = ["CallRateLimiter"]


class CallRateLimiter:
    """>>> limiter = CallRateLimiter()
    >>> [limiter.allow("trunk", 1, now) for now in (0.0, 0.5, 1.0)]
    [True, False, True]
    >>> [limiter.allow("trunk", 3, 1.0) for _ in range(3)]  # raised: two more now
    [True, True, False]
    """

    __slots__ = ("_buckets",)

    def __init__(self) -> None:
        # trunk id -> (tokens, when they were counted, the limit they were counted at)
        self._buckets: dict[str, tuple[float, float, int]] = {}

    def allow(self, trunk_id: str, rate: int, now: float) -> bool:
        if rate <= 0:
            return False
        tokens = self._tokens(trunk_id, rate, now)
        if tokens < 1.0:
            self._buckets[trunk_id] = (tokens, now, rate)
            return False
        self._buckets[trunk_id] = (tokens - 1.0, now, rate)
        return True

    def take(self, trunk_id: str, rate: int, now: float) -> None:
        """Count a call admitted elsewhere (by another edge process) against the
        trunk's bucket. The bucket may go below zero, down to one second's worth, so
        that calls admitted at once in several processes are paid for."""
        if rate <= 0:
            return
        tokens = self._tokens(trunk_id, rate, now)
        self._buckets[trunk_id] = (max(tokens - 1.0, -float(rate)), now, rate)

    def _tokens(self, trunk_id: str, rate: int, now: float) -> float:
        """The trunk's tokens at ``now``, refilled since they were last counted."""
        bucket = self._buckets.get(trunk_id)
        if bucket is None:
            return float(rate)
        tokens, then, counted_at = bucket
        if rate > counted_at:  # the limit was raised: its extra capacity is there now
            tokens += rate - counted_at
        return min(float(rate), tokens + (now - then) * rate)

    def forget(self, keep: set[str]) -> None:
        """Drop the buckets of trunks that no longer exist."""
        for trunk_id in [t for t in self._buckets if t not in keep]:
            del self._buckets[trunk_id]
