"""Call blocking rules."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query
from starlette.responses import Response

from opentrunk.api.deps import Pagination, ReadScope, WriteScope
from opentrunk.api.respond import json_response, no_content, page_response
from opentrunk.api.sorting import parse_sort
from opentrunk.trunking.blocking import SORTABLE, blocking_rule_out, call_blocking_rule_service
from opentrunk.trunking.schemas import CallBlockingRuleInput, CallBlockingRuleOut

router = APIRouter(prefix="/v1/projects/{projectId}", tags=["Call Blocking Rules"])


@router.post(
    "/callBlockingRules", operation_id="createBlockingRule", response_model=CallBlockingRuleOut
)
async def create_rule(scope: WriteScope, body: CallBlockingRuleInput) -> Response:
    return json_response(blocking_rule_out(await call_blocking_rule_service.create(scope, body)))


@router.get("/callBlockingRules", operation_id="getBlockingRules")
async def list_rules(
    scope: ReadScope, page: Pagination, sort: Annotated[list[str] | None, Query()] = None
) -> Response:
    order = parse_sort(sort, set(SORTABLE))
    result = await call_blocking_rule_service.find(scope, page, order)
    return page_response("callBlockingRules", result, [blocking_rule_out(r) for r in result.items])


@router.put(
    "/callBlockingRules/{id}",
    operation_id="updateBlockingRuleById",
    response_model=CallBlockingRuleOut,
)
async def update_rule(scope: WriteScope, id: str, body: CallBlockingRuleInput) -> Response:
    return json_response(
        blocking_rule_out(await call_blocking_rule_service.update(scope, id, body))
    )


@router.delete("/callBlockingRules/{id}", operation_id="deleteBlockingRuleById", status_code=204)
async def delete_rule(scope: WriteScope, id: str) -> Response:
    await call_blocking_rule_service.delete(scope, id)
    return no_content()
