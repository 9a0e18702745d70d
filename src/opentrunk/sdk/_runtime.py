"""What differs between the asynchronous SDK and the synchronous one generated from it
(``tools/unasync.py`` turns ``AsyncLock`` into ``Lock`` and ``async_sleep`` into
``sleep``)."""

from __future__ import annotations

import asyncio
import threading
import time
from collections.abc import Awaitable, Callable

__all__ = ["AsyncLock", "AsyncSleep", "Clock", "Lock", "Sleep", "async_sleep", "sleep"]

AsyncLock = asyncio.Lock
Lock = threading.Lock
AsyncSleep = Callable[[float], Awaitable[None]]
Sleep = Callable[[float], None]
#: Seconds since the epoch; ``time.time`` unless a sandbox clock is given.
Clock = Callable[[], float]


async def async_sleep(seconds: float) -> None:
    await asyncio.sleep(seconds)


def sleep(seconds: float) -> None:
    time.sleep(seconds)
