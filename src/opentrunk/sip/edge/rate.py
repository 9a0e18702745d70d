"""Per-trunk ``callsPerSecond``: a token bucket per trunk.

A trunk with a limit of N holds at most N tokens and gains N per second; a new call
takes one or is declined (603). The bucket therefore admits a burst of N calls and
then N per second on average, which is what "calls per second" means to a carrier
(Twilio and Vonage count the same way). Time is passed in.
"""

from __future__ import annotations

__all__ = ["CallRateLimiter"]


class CallRateLimiter:
    """>>> limiter = CallRateLimiter()
    >>> [limiter.allow("trunk", 1, now) for now in (0.0, 0.5, 1.0)]
    [True, False, True]
    """

    __slots__ = ("_buckets",)

    def __init__(self) -> None:
        # trunk id -> (tokens, when they were counted)
        self._buckets: dict[str, tuple[float, float]] = {}

    def allow(self, trunk_id: str, rate: int, now: float) -> bool:
        if rate <= 0:
            return False
        bucket = self._buckets.get(trunk_id)
        if bucket is None:
            tokens = float(rate)
        else:
            tokens, then = bucket
            tokens = min(float(rate), tokens + (now - then) * rate)
        if tokens < 1.0:
            self._buckets[trunk_id] = (tokens, now)
            return False
        self._buckets[trunk_id] = (tokens - 1.0, now)
        return True

    def forget(self, keep: set[str]) -> None:
        """Drop the buckets of trunks that no longer exist."""
        for trunk_id in [t for t in self._buckets if t not in keep]:
            del self._buckets[trunk_id]
