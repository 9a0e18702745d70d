"""An injectable clock.

Everything that needs the time asks a ``Clock``. Production uses ``SystemClock``; the
sandbox (and tests) use ``ManualClock``, which can be advanced so that timers and
deadlines fire without sleeping.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Protocol

__all__ = ["Clock", "ManualClock", "SystemClock"]


class Clock(Protocol):
    def now(self) -> datetime:
        """The current time, timezone-aware UTC."""
        ...


class SystemClock:
    def now(self) -> datetime:
        return datetime.now(UTC)


class ManualClock:
    """Real time plus an offset that only grows; or frozen at a chosen instant."""

    def __init__(self, start: datetime | None = None, *, frozen: bool = False) -> None:
        self._frozen_at = start if frozen else None
        self._offset = timedelta(0) if start is None else start - datetime.now(UTC)
        if frozen and start is None:
            self._frozen_at = datetime.now(UTC)

    def now(self) -> datetime:
        if self._frozen_at is not None:
            return self._frozen_at
        return datetime.now(UTC) + self._offset

    def advance(self, delta: timedelta) -> datetime:
        if delta < timedelta(0):
            raise ValueError("the clock only moves forward")
        if self._frozen_at is not None:
            self._frozen_at += delta
        else:
            self._offset += delta
        return self.now()
