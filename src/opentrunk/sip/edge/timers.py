"""A heap of the edge's own deadlines (branch timeouts, Timer C, call lifetimes), with
cancellation.

A cancelled entry stays in the heap (removing it would cost O(n)) and is skipped when
it surfaces. Most of the edge's timers are cancelled (a call answered in a second
cancels its two-minute Timer C), so dead entries are swept out whenever they
outnumber the live ones: the heap stays proportional to what is really pending, and
holds no reference to a finished call for longer than a sweep. An entry that died
(cancelled or fired) lets go of its item at once: owners keep their entry (to cancel it),
and an entry still holding its owner would be a reference cycle, left for the garbage
collector's full collections (``kit.collector``) instead of freed with the call.
"""

from __future__ import annotations

import heapq
import itertools
from typing import Generic, TypeVar

__all__ = ["TimerEntry", "TimerHeap"]

T = TypeVar("T")

_SWEEP_AT = 1024


class TimerEntry(Generic[T]):
    __slots__ = ("alive", "deadline", "item", "seq")

    def __init__(self, deadline: float, seq: int, item: T) -> None:
        self.deadline = deadline
        self.seq = seq
        self.item = item
        self.alive = True

    def __lt__(self, other: TimerEntry[T]) -> bool:
        return (self.deadline, self.seq) < (other.deadline, other.seq)


class TimerHeap(Generic[T]):
    """>>> timers: TimerHeap[str] = TimerHeap()
    >>> entry = timers.schedule(5.0, "a"); _ = timers.schedule(7.0, "b")
    >>> timers.cancel(entry); timers.next_deadline(), timers.pop_due(10.0)
    (7.0, ['b'])
    """

    __slots__ = ("_dead", "_heap", "_seq")

    def __init__(self) -> None:
        self._heap: list[TimerEntry[T]] = []
        self._seq = itertools.count()
        self._dead = 0

    def __len__(self) -> int:
        return len(self._heap) - self._dead

    def schedule(self, deadline: float, item: T) -> TimerEntry[T]:
        entry = TimerEntry(deadline, next(self._seq), item)
        heapq.heappush(self._heap, entry)
        return entry

    def cancel(self, entry: TimerEntry[T] | None) -> None:
        if entry is None or not entry.alive:
            return
        entry.alive = False
        del entry.item
        self._dead += 1
        if self._dead > _SWEEP_AT and self._dead * 2 > len(self._heap):
            self._heap = [e for e in self._heap if e.alive]
            heapq.heapify(self._heap)
            self._dead = 0

    def next_deadline(self) -> float | None:
        heap = self._heap
        while heap and not heap[0].alive:
            heapq.heappop(heap)
            self._dead -= 1
        return heap[0].deadline if heap else None

    def pop_due(self, now: float) -> list[T]:
        """The items whose deadline has come, earliest first (their entries die)."""
        due: list[T] = []
        heap = self._heap
        while heap and heap[0].deadline <= now:
            entry = heapq.heappop(heap)
            if entry.alive:
                entry.alive = False
                due.append(entry.item)
                del entry.item
            else:
                self._dead -= 1
        return due
