"""Configuration change notifications, published after a commit.

In one process the feed is a set of asyncio queues; scale-out transports (PostgreSQL
LISTEN/NOTIFY, Redis pub/sub) plug in behind the same ``publish``/``subscribe``.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

__all__ = ["ConfigChangeFeed"]


class ConfigChangeFeed:
    def __init__(self) -> None:
        self._subscribers: set[asyncio.Queue[str]] = set()

    def publish(self, project_id: str) -> None:
        for queue in self._subscribers:
            try:
                queue.put_nowait(project_id)
            except asyncio.QueueFull:  # a slow subscriber rebuilds everything anyway
                continue

    @asynccontextmanager
    async def subscribe(self, maxsize: int = 1024) -> AsyncIterator[asyncio.Queue[str]]:
        queue: asyncio.Queue[str] = asyncio.Queue(maxsize)
        self._subscribers.add(queue)
        try:
            yield queue
        finally:
            self._subscribers.discard(queue)
