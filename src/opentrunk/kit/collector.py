"""The garbage-collection policy of the server process: young collections as Python runs
them, full collections when memory has grown instead of on Python's own trigger.

CPython runs a full collection whenever the objects promoted to the oldest generation
since the last one reach a quarter of those that survived it. Under SIP load that is
about every second: each call keeps some 50-90 container objects (transactions, parsed
messages, the call's state) alive for the 5 s its transactions absorb retransmissions,
so they are all promoted, and then freed by reference counting, not by the collector.
Each full collection walks all of them: 250-350 ms at 1,000 calls/s on the project
machine, about a fifth of the process's CPU, and pauses long enough for UDP peers to
retransmit. Those objects form no reference cycles (``tests/sip/edge/test_no_cycles.py``),
so a full collection finds next to nothing to free while the load is steady.

So after start-up (whose objects the server freezes: they live as long as the process),
:func:`stop_full_collections` lets the young generations collect as before and never
lets Python start a full collection, and :class:`GrowthTrigger` runs one when the
memory blocks Python has allocated grew by a given share since the last one: the cycles
that outlive two young collections (a few hundred objects a second, from SQLAlchemy's
statement caches for instance) are then freed before they can hold more than that
share, and a steady load pays for no full collection at all.
"""

from __future__ import annotations

import asyncio
import gc
import sys
from collections.abc import Callable

__all__ = ["GrowthTrigger", "restore_thresholds", "stop_full_collections"]

# The number of young collections before a full one: never reached in practice.
_NEVER = 2**31 - 1


def stop_full_collections() -> tuple[int, int, int]:
    """Python no longer starts full collections by itself; returns the thresholds as
    they were, for :func:`restore_thresholds`."""
    before = gc.get_threshold()
    gc.set_threshold(before[0], before[1], _NEVER)
    return before


def restore_thresholds(thresholds: tuple[int, int, int]) -> None:
    gc.set_threshold(*thresholds)


class GrowthTrigger:
    """A full collection whenever the allocated memory blocks exceed those left after
    the previous one by ``growth`` (0.25: a quarter)."""

    def __init__(
        self, growth: float, *, blocks: Callable[[], int] = sys.getallocatedblocks
    ) -> None:
        self.growth = growth
        self._blocks = blocks
        self.baseline = blocks()
        #: full collections run so far
        self.collections = 0

    def check(self) -> bool:
        """Collect if memory grew enough; True if it did."""
        if self._blocks() <= self.baseline * (1 + self.growth):
            return False
        gc.collect()
        self.collections += 1
        self.baseline = self._blocks()
        return True

    async def run(self, every: float = 1.0) -> None:
        """``check`` every ``every`` seconds, until cancelled."""
        while True:
            await asyncio.sleep(every)
            self.check()
