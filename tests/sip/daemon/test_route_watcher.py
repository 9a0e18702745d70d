"""The route watcher under a stream of configuration changes: loads are paced so they
take a bounded share of the process, and the last change is always applied."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

from opentrunk.sip.daemon.routes import RouteWatcher
from opentrunk.store.db import Database

LOAD_SECONDS = 0.05


class SlowWatcher(RouteWatcher):
    """Each reload stands for a large project's: it takes ``LOAD_SECONDS``."""

    def __init__(self, database: Database, **options: float) -> None:
        super().__init__(database, lambda _table: None, **options)
        self.started: list[float] = []

    async def reload(self, project_id: str) -> None:
        self.started.append(asyncio.get_running_loop().time())
        await asyncio.sleep(LOAD_SECONDS)
        self.reloads += 1


async def _stream_of_changes(watcher: RouteWatcher, count: int, every: float) -> float:
    task = asyncio.create_task(watcher._reload_forever())
    try:
        for _ in range(count):
            watcher.changed("p")
            await asyncio.sleep(every)
        last_change = asyncio.get_running_loop().time()
        watcher.changed("p")
        # At worst a load has just begun, then comes its pause, then the last change's load.
        await asyncio.sleep(LOAD_SECONDS + watcher.max_pause + LOAD_SECONDS + 0.1)
        return last_change
    finally:
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await task


@pytest.fixture
def database(tmp_path: Path) -> Database:
    return Database(f"sqlite+aiosqlite:///{tmp_path / 'unused.db'}")


def test_the_pause_is_a_multiple_of_the_load_up_to_a_cap(database: Database):
    watcher = RouteWatcher(database, lambda _t: None)
    assert watcher.pause_after(0.002) == pytest.approx(0.008)  # small project: at once
    assert watcher.pause_after(0.04) == pytest.approx(0.16)  # 1,000 trunks: 20 % of the time
    assert watcher.pause_after(2.0) == watcher.max_pause


async def test_a_stream_of_changes_costs_few_loads_and_the_last_one_is_applied(
    database: Database,
):
    watcher = SlowWatcher(database)
    # 40 changes over about 0.4 s: back to back, 50 ms loads would run about 8 times.
    last_change = await _stream_of_changes(watcher, count=40, every=0.01)
    assert 1 <= watcher.reloads <= 4
    assert watcher.started[-1] >= last_change


async def test_without_pacing_loads_run_back_to_back(database: Database):
    # The same stream with no pause: the comparison that shows what pacing saves.
    watcher = SlowWatcher(database, reload_share=1.0)
    await _stream_of_changes(watcher, count=40, every=0.01)
    assert watcher.reloads >= 6
