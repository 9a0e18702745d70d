"""The call-history filters ``calls.find`` and ``calls.export`` share, in the form
Sinch's official SDK sends them (date bounds as ``createTime>=...``/``createTime<=...``)."""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date, datetime
from pathlib import Path
from typing import BinaryIO

from opentrunk.sdk._request import comma_list, format_time

__all__ = ["call_filters", "file_name_of", "open_for_writing"]


def _period(value: str | date) -> str:
    # As Sinch's SDK does, a plain createTime given as a date-time keeps only its day.
    if isinstance(value, datetime):
        return value.date().isoformat()
    return value.isoformat() if isinstance(value, date) else value


def _bound(value: str | datetime) -> str:
    return format_time(value) if isinstance(value, datetime) else value


def call_filters(
    *,
    from_: str | None,
    to: str | None,
    trunk_id: str | None,
    create_time: str | date | None,
    create_time_gte: str | datetime | None,
    create_time_lte: str | datetime | None,
    call_result: str | Sequence[str] | None,
    direction: str | Sequence[str] | None,
) -> list[tuple[str, object]]:
    pairs: list[tuple[str, object]] = [
        ("from", from_),
        ("to", to),
        ("trunkId", trunk_id),
        ("callResult", comma_list(call_result)),
        ("direction", comma_list(direction)),
    ]
    if create_time is not None:
        pairs.append(("createTime", _period(create_time)))
    # Sinch's SDK writes "createTime>=2024-06-06T00:00:00Z" unescaped, which a query parser
    # reads as the key "createTime>" and the value after the "=": the same pair is sent.
    if create_time_gte is not None:
        pairs.append(("createTime>", _bound(create_time_gte)))
    if create_time_lte is not None:
        pairs.append(("createTime<", _bound(create_time_lte)))
    return pairs


_FILENAME = re.compile(r"""filename\*?=(?:UTF-8'')?"?([^";]+)"?""", re.IGNORECASE)


def file_name_of(content_disposition: str | None, default: str = "default-name.csv") -> str:
    match = _FILENAME.search(content_disposition or "")
    return match.group(1).strip() if match else default


def open_for_writing(path: Path) -> BinaryIO:
    # Local disk writes of an export's chunks are short enough to do from the event loop.
    return path.open("wb")
