"""Reading the inputs of bulk commands: phone numbers from a CSV file, a Letter of
Authorization from a JSON file; and splitting work into requests the API accepts."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator, Sequence
from typing import TypeVar

import click
from pydantic import ValidationError

from opentrunk.sdk.types import BlanketLoaInfo, DirectLoaInfo, ResellerLoaInfo

__all__ = ["chunks", "read_loa", "read_numbers"]

T = TypeVar("T")

_COLUMNS = ("phonenumber", "phone_number", "number", "e164")


def read_numbers(text: str) -> list[str]:
    """Phone numbers of a CSV file: the column named ``phoneNumber`` (or ``phone_number``,
    ``number``), else the first one. Blank lines and duplicates are dropped; a number
    without ``+`` is an error, reported with its line."""
    rows = list(csv.reader(io.StringIO(text)))
    if not rows:
        return []
    header = [cell.strip().lower() for cell in rows[0]]
    column = next((header.index(name) for name in _COLUMNS if name in header), None)
    start = 1 if column is not None else 0
    column = column or 0
    numbers: list[str] = []
    for line, row in enumerate(rows[start:], start=start + 1):
        value = row[column].strip() if len(row) > column else ""
        if not value:
            continue
        if not value.startswith("+") or not value[1:].isdigit():
            raise click.BadParameter(f"line {line}: '{value}' is not an E.164 number (+1...)")
        if value not in numbers:
            numbers.append(value)
    return numbers


def read_loa(text: str) -> DirectLoaInfo | ResellerLoaInfo | BlanketLoaInfo:
    """A Letter of Authorization as the API's request carries it: a JSON object with one
    of ``directLoaInfo``, ``resellerLoaInfo`` or ``blanketLoaInfo``."""
    try:
        data = json.loads(text)
    except ValueError as exc:
        raise click.BadParameter(f"not JSON: {exc}") from None
    kinds: dict[str, type[DirectLoaInfo | ResellerLoaInfo | BlanketLoaInfo]] = {
        "directLoaInfo": DirectLoaInfo,
        "resellerLoaInfo": ResellerLoaInfo,
        "blanketLoaInfo": BlanketLoaInfo,
    }
    given = [key for key in kinds if isinstance(data, dict) and key in data]
    if len(given) != 1:
        raise click.BadParameter(f"give exactly one of {', '.join(kinds)}")
    try:
        return kinds[given[0]].model_validate(data[given[0]])
    except ValidationError as exc:
        problems = "; ".join(f"{'.'.join(map(str, e['loc']))}: {e['msg']}" for e in exc.errors())
        raise click.BadParameter(f"{given[0]}: {problems}") from None


def chunks(items: Sequence[T], size: int) -> Iterator[Sequence[T]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]
