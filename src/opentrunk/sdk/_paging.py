"""The two pagination styles, read without I/O.

* ``NumberedPages`` (EST): ``page``/``size`` in the query; the envelope has the list
  under a per-operation key plus ``totalItems``, ``pageNumber`` and ``pageSize``. There is
  a next page while ``pageNumber < ceil(totalItems / pageSize)``, as in Sinch's SDK.
* ``TokenPages`` (Imported Numbers): ``pageSize``/``pageToken`` in the query; the
  envelope has ``nextPageToken`` (empty or absent on the last page) and ``totalSize``.

Each reads one response into a ``Page`` and says which request fetches the next one.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

import httpx
from pydantic import TypeAdapter, ValidationError

from opentrunk.sdk._errors import APIResponseValidationError
from opentrunk.sdk._request import APIRequest

__all__ = ["NumberedPages", "Page", "PageStyle", "TokenPages"]

T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class Page(Generic[T]):
    """One page of a list. ``total`` is the number of matches over all pages."""

    items: list[T]
    total: int | None
    #: EST pages: the 1-based page number and the page size the server used.
    page_number: int | None = None
    page_size: int | None = None
    #: Imported-numbers pages: the token of the next page (``None`` on the last).
    next_page_token: str | None = None


_ADAPTERS: dict[object, TypeAdapter[list[Any]]] = {}


def _adapter(item: type[Any]) -> TypeAdapter[list[Any]]:
    adapter = _ADAPTERS.get(item)
    if adapter is None:
        adapter = _ADAPTERS[item] = TypeAdapter(list[item])  # type: ignore[valid-type]
    return adapter


def _envelope(response: httpx.Response) -> dict[str, Any]:
    try:
        data = json.loads(response.content)
    except ValueError:
        data = None
    if not isinstance(data, dict):
        raise APIResponseValidationError("A list response is not a JSON object", response=response)
    return data


def _items(response: httpx.Response, data: dict[str, Any], key: str, item: type[T]) -> list[T]:
    try:
        items: list[T] = _adapter(item).validate_python(data.get(key) or [])
    except ValidationError as exc:
        raise APIResponseValidationError(
            f"The items under '{key}' do not fit {item.__name__}: {exc.errors()[0]['msg']}",
            response=response,
        ) from exc
    return items


def _int(value: object) -> int | None:
    try:
        return int(value)  # type: ignore[call-overload,no-any-return]
    except (TypeError, ValueError):
        return None


@dataclass(frozen=True, slots=True)
class NumberedPages:
    key: str

    def read(
        self, request: APIRequest, response: httpx.Response, item: type[T]
    ) -> tuple[Page[T], APIRequest | None]:
        data = _envelope(response)
        items = _items(response, data, self.key, item)
        total, number = _int(data.get("totalItems")), _int(data.get("pageNumber"))
        size = _int(data.get("pageSize", data.get("size")))
        page = Page(items, total, page_number=number, page_size=size)
        if not items or total is None or number is None or not size:
            return page, None
        if number >= math.ceil(total / size):
            return page, None
        return page, request.with_params(page=str(number + 1))


@dataclass(frozen=True, slots=True)
class TokenPages:
    key: str

    def read(
        self, request: APIRequest, response: httpx.Response, item: type[T]
    ) -> tuple[Page[T], APIRequest | None]:
        data = _envelope(response)
        items = _items(response, data, self.key, item)
        token = data.get("nextPageToken") or None
        page = Page(items, _int(data.get("totalSize")), next_page_token=token)
        asked = dict(request.params).get("pageToken")
        if not isinstance(token, str) or token == asked:
            return page, None
        return page, request.with_params(pageToken=token)


PageStyle = NumberedPages | TokenPages
