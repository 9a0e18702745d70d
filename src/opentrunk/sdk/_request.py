"""What a resource method asks for, before any I/O: an ``APIRequest`` (method, which
API, path, query, body), and the helpers that turn Python values into the wire's."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from enum import Enum
from typing import Literal, TypeAlias, TypeVar
from urllib.parse import quote

import httpx
from pydantic import BaseModel, ValidationError

from opentrunk.sdk._errors import APIResponseValidationError

__all__ = [
    "API",
    "JSON",
    "APIRequest",
    "body",
    "comma_list",
    "format_time",
    "parse",
    "query",
    "segment",
]

#: ``trunking`` and ``hosting`` paths are relative to ``/v1/projects/{projectId}`` on
#: their API's host; ``auth`` and ``sandbox`` paths are absolute on theirs.
API: TypeAlias = Literal["trunking", "hosting", "auth", "sandbox"]
JSON: TypeAlias = bool | int | float | str | list["JSON"] | dict[str, "JSON"] | None

_IDEMPOTENT = frozenset({"GET", "HEAD", "OPTIONS", "PUT", "DELETE"})


@dataclass(frozen=True, slots=True)
class APIRequest:
    method: str
    api: API
    path: str
    params: tuple[tuple[str, str], ...] = ()
    json: JSON = None
    form: Mapping[str, str] | None = None
    accept: str = "application/json"
    #: Safe to send again after a 5xx or a lost connection (GET, PUT, DELETE; the token
    #: request, which creates nothing).
    retryable: bool | None = None

    @property
    def idempotent(self) -> bool:
        return self.retryable if self.retryable is not None else self.method in _IDEMPOTENT

    def with_params(self, **replace: str) -> APIRequest:
        kept = tuple((k, v) for k, v in self.params if k not in replace)
        return APIRequest(
            self.method, self.api, self.path, kept + tuple(replace.items()), self.json,
            self.form, self.accept, self.retryable,
        )  # fmt: skip


def segment(value: str) -> str:
    """One path segment, percent-encoded (``+15551234567`` → ``%2B15551234567``)."""
    return quote(value, safe="")


def format_time(value: datetime) -> str:
    """RFC 3339 in UTC with ``Z``; a naive datetime is taken as UTC."""
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    spec = "milliseconds" if value.microsecond else "seconds"
    return value.astimezone(UTC).isoformat(timespec=spec).replace("+00:00", "Z")


def _wire(value: object) -> JSON:
    if isinstance(value, BaseModel):
        data: JSON = value.model_dump(mode="json", by_alias=True, exclude_none=True)
        return data
    if isinstance(value, Enum):
        return _wire(value.value)
    if isinstance(value, datetime):
        return format_time(value)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, str | bool | int | float) or value is None:
        return value
    if isinstance(value, Mapping):
        return {str(k): _wire(v) for k, v in value.items()}
    if isinstance(value, Iterable):
        return [_wire(v) for v in value]
    raise TypeError(f"cannot send {type(value).__name__} as JSON")


def body(**fields: object) -> dict[str, JSON]:
    """A JSON object from wire-named fields; ``None`` means "not sent"."""
    return {name: _wire(value) for name, value in fields.items() if value is not None}


def _text(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, Enum):
        return str(value.value)
    if isinstance(value, datetime):
        return format_time(value)
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def query(
    pairs: Iterable[tuple[str, object]] = (), /, **named: object
) -> tuple[tuple[str, str], ...]:
    """Query parameters; ``None`` is left out, a list or tuple repeats the name."""
    result: list[tuple[str, str]] = []
    for name, value in [*pairs, *named.items()]:
        if value is None:
            continue
        values = value if isinstance(value, list | tuple) else [value]
        result.extend((name, _text(v)) for v in values)
    return tuple(result)


M = TypeVar("M", bound=BaseModel)


def parse(response: httpx.Response, model: type[M]) -> M:
    """The response body as ``model``, or ``APIResponseValidationError``."""
    try:
        return model.model_validate_json(response.content or b"{}")
    except ValidationError as exc:
        raise APIResponseValidationError(
            f"The {response.request.method} {response.request.url.path} response does not "
            f"fit {model.__name__}: {exc.error_count()} error(s), first: "
            f"{exc.errors()[0]['msg']}",
            response=response,
        ) from exc


def comma_list(values: Sequence[str] | str | None) -> str | None:
    if values is None or isinstance(values, str):
        return values
    return ",".join(values)
