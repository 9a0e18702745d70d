"""The ``sort`` query parameter: ``property,(ascending)`` as the official SDK sends it,
or the Spring form ``property,asc`` / ``property,desc``; several may be given."""

from __future__ import annotations

from collections.abc import Iterable

from opentrunk.errors import FieldViolation, InvalidArgument

__all__ = ["parse_sort"]

_DIRECTIONS = {"asc": False, "ascending": False, "desc": True, "descending": True}


def parse_sort(values: Iterable[str] | None, allowed: set[str]) -> list[tuple[str, bool]]:
    """``[(property, descending), ...]``; unknown properties or directions are a 400."""
    tokens = [t.strip() for v in values or () for t in v.split(",") if t.strip()]
    order: list[tuple[str, bool]] = []
    i = 0
    while i < len(tokens):
        name = tokens[i]
        if name not in allowed:
            raise InvalidArgument(
                f"cannot sort by '{name}'; sortable: {', '.join(sorted(allowed))}",
                violations=[FieldViolation("sort", f"unknown property {name}")],
            )
        descending = False
        if i + 1 < len(tokens) and tokens[i + 1].strip("()").lower() in _DIRECTIONS:
            descending = _DIRECTIONS[tokens[i + 1].strip("()").lower()]
            i += 1
        order.append((name, descending))
        i += 1
    return order
