"""The server's garbage-collection policy: young collections as Python runs them, full
collections only on the timer."""

from __future__ import annotations

import asyncio
import gc
import weakref
from collections.abc import Iterator

import pytest

from opentrunk.kit.collector import GrowthTrigger, restore_thresholds, stop_full_collections


class _Node:
    def __init__(self) -> None:
        self.other: _Node | None = None


@pytest.fixture
def generations() -> Iterator[list[int]]:
    """The generation of each collection that runs meanwhile, Python's or ours."""
    seen: list[int] = []

    def on_collection(phase: str, info: dict[str, int]) -> None:
        if phase == "start":
            seen.append(info["generation"])

    before = gc.get_threshold()
    gc.callbacks.append(on_collection)
    try:
        yield seen
    finally:
        gc.callbacks.remove(on_collection)
        gc.set_threshold(*before)


def _promote_a_lot() -> list[list[int]]:
    """Containers that live through many young collections (as calls lingering for
    their retransmissions do): far more than a quarter of the oldest generation."""
    kept = []
    for _ in range(100 * gc.get_threshold()[0] * gc.get_threshold()[1]):
        kept.append([0])
    return kept


def test_python_starts_no_full_collection_once_stopped(generations):
    gc.collect()
    generations.clear()
    before = stop_full_collections()
    try:
        kept = _promote_a_lot()
    finally:
        restore_thresholds(before)
    assert kept
    assert 0 in generations
    assert 1 in generations
    assert 2 not in generations


def test_python_starts_full_collections_by_itself_otherwise(generations):
    # The control for the test above: the same load triggers full collections.
    gc.collect()
    generations.clear()
    assert _promote_a_lot()
    assert 2 in generations


def test_the_trigger_collects_only_once_memory_grew_by_the_share(generations):
    blocks = [1000]
    trigger = GrowthTrigger(0.25, blocks=lambda: blocks[0])
    generations.clear()

    blocks[0] = 1250  # a quarter more: not yet
    assert trigger.check() is False
    blocks[0] = 1251
    assert trigger.check() is True
    assert generations == [2]
    assert trigger.baseline == 1251  # what was left after it is the new baseline

    blocks[0] = 1500
    assert trigger.check() is False
    assert trigger.collections == 1


def test_the_trigger_frees_cycles_that_outlived_the_young_collections():
    before = stop_full_collections()
    try:
        trigger = GrowthTrigger(0.01)
        freed = []
        # Cycles that live through two young collections, then die: from then on only
        # a full collection can free them.
        nodes = []
        for _ in range(50_000):
            first, second = _Node(), _Node()
            first.other, second.other = second, first
            nodes.append(first)
        weakref.finalize(nodes[0], freed.append, True)
        gc.collect(1)
        gc.collect(1)
        del nodes, first, second
        gc.collect(1)
        assert not freed

        assert trigger.check() is True  # 100,000 objects and their dicts: 1 % more
        assert freed == [True]
    finally:
        restore_thresholds(before)
    assert gc.get_threshold() == before


async def test_the_trigger_checks_on_its_own_until_cancelled():
    blocks = [100]
    trigger = GrowthTrigger(0.25, blocks=lambda: blocks[0])
    blocks[0] = 1000
    task = asyncio.create_task(trigger.run(every=0.001))
    try:
        for _ in range(10_000):
            if trigger.collections:
                break
            await asyncio.sleep(0.001)
    finally:
        task.cancel()
    assert trigger.collections == 1
