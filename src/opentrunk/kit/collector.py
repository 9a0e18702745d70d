"""The garbage-collection policy of the server process: young collections as Python runs
them, full collections on a timer instead of Python's own trigger.

CPython runs a full collection whenever the objects promoted to the oldest generation
since the last one reach a quarter of those that survived it. Under SIP load that is
about every second: each call keeps some 90 container objects (transactions, parsed
messages, the call's state) alive for the 5 s its transactions absorb retransmissions,
so they are all promoted, and then freed by reference counting, not by the collector.
Each full collection walks all of them: 250-350 ms at 1,000 calls/s on the project
machine (about a fifth of the process's CPU, and pauses long enough for UDP peers to
retransmit). Those objects form no reference cycles (``tests/sip`` checks a call's
life leaves no cyclic garbage), and the few cycles that do outlive two young
collections (SQLAlchemy statement caches, for instance) can wait a few minutes.

So after start-up (whose objects the server freezes: they live as long as the process),
:func:`stop_full_collections` lets the young generations collect as before and never
lets Python trigger a full collection, and :func:`collect_fully_every` runs one at a
fixed interval.
"""

from __future__ import annotations

import asyncio
import gc

__all__ = ["collect_fully_every", "restore_thresholds", "stop_full_collections"]

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


async def collect_fully_every(seconds: float) -> None:
    """A full collection every ``seconds``, until cancelled."""
    while True:
        await asyncio.sleep(seconds)
        gc.collect()
