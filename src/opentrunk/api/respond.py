"""Responses as both APIs send them: pre-serialised JSON, list envelopes."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from pydantic_core import to_json
from starlette.responses import Response

from opentrunk.kit.pagination import Page
from opentrunk.kit.wire import ResponseModel

__all__ = ["json_response", "no_content", "page_response"]


def json_response(model: ResponseModel, status_code: int = 200) -> Response:
    return Response(model.to_json(), status_code, media_type="application/json")


def no_content() -> Response:
    return Response(status_code=204)


def page_response(
    key: str,
    page: Page[Any],
    items: Sequence[ResponseModel | str],
    *,
    also: Sequence[tuple[str, Sequence[ResponseModel | str]]] = (),
) -> Response:
    """The EST envelope: the list under ``key`` plus ``totalItems``/``pageNumber``/
    ``pageSize`` (numbers, as the official SDK computes the next page from them) and
    ``size`` (the OpenAPI document's name for the page size)."""
    body: dict[str, Any] = {key: items}
    for other_key, other_items in also:
        body[other_key] = other_items
    body.update(
        totalItems=page.total,
        pageNumber=page.request.number,
        pageSize=page.request.size,
        size=page.request.size,
    )
    # One pass in pydantic-core: the models serialise by alias with their own serialisers,
    # without a round through Python dicts (a third of a 500-trunk page's time).
    return Response(to_json(body, by_alias=True), 200, media_type="application/json")
