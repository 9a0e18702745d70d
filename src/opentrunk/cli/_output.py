"""Printing results: tables for people, JSON for scripts (``--json``)."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Generic, TypeVar

import click
from pydantic import BaseModel

from opentrunk.cli._remote import wants_json

__all__ = ["Column", "emit_list", "emit_one", "emit_text", "format_value", "render_table"]

M = TypeVar("M", bound=BaseModel)


@dataclass(frozen=True, slots=True)
class Column(Generic[M]):
    header: str
    value: Callable[[M], object]


def format_value(value: object) -> str:
    if value is None or value == "":
        return "-"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M:%S")
    if isinstance(value, BaseModel):
        return json.dumps(value.model_dump(mode="json", by_alias=True, exclude_none=True))
    if isinstance(value, list | tuple):
        return ", ".join(format_value(v) for v in value) or "-"
    return str(value)


def render_table(headers: Sequence[str], rows: Sequence[Sequence[str]]) -> str:
    widths = [len(h) for h in headers]
    for row in rows:
        widths = [max(w, len(cell)) for w, cell in zip(widths, row, strict=True)]
    lines = [
        "  ".join(cell.ljust(width) for cell, width in zip(line, widths, strict=True)).rstrip()
        for line in [list(headers), ["-" * w for w in widths], *rows]
    ]
    return "\n".join(lines)


def _json(value: object) -> str:
    return json.dumps(value, indent=2, ensure_ascii=False)


def _wire(model: BaseModel) -> object:
    return model.model_dump(mode="json", by_alias=True, exclude_none=True)


def emit_list(items: Iterable[M], columns: Sequence[Column[M]], *, empty: str = "") -> None:
    """A table of ``items`` (or a JSON array). Items are read as they come."""
    if wants_json():
        click.echo(_json([_wire(item) for item in items]))
        return
    rows = [[format_value(c.value(item)) for c in columns] for item in items]
    if not rows and empty:
        click.echo(empty, err=True)
        return
    click.echo(render_table([c.header for c in columns], rows))


def emit_one(model: BaseModel) -> None:
    """One object: ``field  value`` lines (or its JSON)."""
    if wants_json():
        click.echo(_json(_wire(model)))
        return
    fields = [(name, getattr(model, name)) for name in type(model).model_fields]
    fields += list((model.model_extra or {}).items())
    width = max((len(name) for name, _ in fields), default=0)
    for name, value in fields:
        click.echo(f"{name.ljust(width)}  {format_value(value)}")


def emit_text(message: str, data: object = None) -> None:
    """A sentence for people, or ``data`` as JSON for scripts."""
    if wants_json():
        click.echo(_json(data if data is not None else {"result": message}))
    else:
        click.echo(message)
