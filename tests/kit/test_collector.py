"""The server's garbage-collection policy: young collections as Python runs them, full
collections only on the timer."""

from __future__ import annotations

import asyncio
import gc
import weakref
from collections.abc import Iterator

import pytest

from opentrunk.kit.collector import (
    collect_fully_every,
    restore_thresholds,
    stop_full_collections,
)


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


async def test_the_timer_frees_cycles_that_outlived_the_young_collections(generations):
    before = stop_full_collections()
    try:
        first, second = _Node(), _Node()
        first.other, second.other = second, first
        freed = asyncio.Event()
        weakref.finalize(first, freed.set)
        gc.collect(1)  # both now sit in the oldest generation
        del first, second
        gc.collect(1)
        assert not freed.is_set()  # a young collection does not reach them

        collector = asyncio.create_task(collect_fully_every(0.01))
        try:
            await asyncio.wait_for(freed.wait(), timeout=10)
        finally:
            collector.cancel()
    finally:
        restore_thresholds(before)
    assert 2 in generations
    assert gc.get_threshold() == before
