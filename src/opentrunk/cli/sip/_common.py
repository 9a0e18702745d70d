"""Options the EST commands share."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from itertools import islice
from typing import Any, TypeVar

import click

__all__ = ["limit_option", "limited"]

T = TypeVar("T")
F = TypeVar("F", bound=Callable[..., Any])


def limit_option(command: F) -> F:
    return click.option(
        "--limit", type=click.IntRange(min=1), help="Show at most this many (all by default)."
    )(command)


def limited(items: Iterable[T], limit: int | None) -> Iterator[T]:
    return islice(items, limit) if limit is not None else iter(items)
