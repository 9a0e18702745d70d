"""Hosting orders: the three ``:verb`` creators, and reading orders, their numbers and
their report."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query
from starlette.responses import Response

from opentrunk.api.respond import json_response
from opentrunk.api.routes._hosting import HostingRead, HostingWrite, ListOrder, ListWindow
from opentrunk.hosting.listing import enum_filter, next_page_token, require
from opentrunk.hosting.numbers import check_region, path_number
from opentrunk.hosting.order_queries import hosting_order_queries
from opentrunk.hosting.orders import hosting_order_service
from opentrunk.hosting.schemas import (
    ImportNumbersRequest,
    TextEnableNumbersRequest,
    TextEnableTollFreeNumbersRequest,
)
from opentrunk.hosting.states import OrderState, OrderType, StepState
from opentrunk.hosting.views import (
    HostingOrderNumberView,
    HostingOrderReportView,
    HostingOrderView,
    ImportHostingOrderView,
    ListHostingOrderNumbersResponse,
    ListHostingOrdersResponse,
    hosting_order_number_view,
    hosting_order_view,
    import_hosting_order_view,
)

router = APIRouter(prefix="/v1/projects/{projectId}", tags=["Hosting Orders"])

StateFilter = Annotated[list[str] | None, Query()]


@router.post(
    "/hostingOrders:importNumbers",
    operation_id="HostingOrderService_ImportNumbers",
    response_model=ImportHostingOrderView,
)
async def import_numbers(scope: HostingWrite, body: ImportNumbersRequest) -> Response:
    order = await hosting_order_service.import_numbers(scope, body)
    return json_response(import_hosting_order_view(order))


@router.post(
    "/hostingOrders:textEnableNumbers",
    operation_id="TextEnableNumbers",
    response_model=HostingOrderView,
)
async def text_enable(scope: HostingWrite, body: TextEnableNumbersRequest) -> Response:
    order = await hosting_order_service.text_enable(scope, body, origin="hostingOrders")
    return json_response(hosting_order_view(order))


@router.post(
    "/hostingOrders:textEnableTollFreeNumbers",
    operation_id="TextEnableTollFreeNumbers",
    response_model=HostingOrderView,
)
async def text_enable_toll_free(
    scope: HostingWrite, body: TextEnableTollFreeNumbersRequest
) -> Response:
    order = await hosting_order_service.text_enable_toll_free(scope, body, origin="hostingOrders")
    return json_response(hosting_order_view(order))


@router.get(
    "/hostingOrders",
    operation_id="HostingOrderService_ListHostingOrders",
    response_model=ListHostingOrdersResponse,
)
async def list_orders(
    scope: HostingRead,
    page: ListWindow,
    order: ListOrder,
    states: StateFilter = None,
    type: StateFilter = None,
    servicePlanId: Annotated[str | None, Query()] = None,
    campaignId: Annotated[str | None, Query()] = None,
    regionCode: Annotated[str | None, Query()] = None,
) -> Response:
    for name, value in (
        ("states", states),
        ("type", type),
        ("servicePlanId", servicePlanId),
        ("campaignId", campaignId),
    ):
        require(name, value)
    rows, total = await hosting_order_queries.find(
        scope,
        page,
        order,
        states=enum_filter("states", states or [], OrderState, any_value=OrderState.UNSPECIFIED),
        types=enum_filter("type", type or [], OrderType, any_value=OrderType.UNSPECIFIED),
        service_plan_id=(servicePlanId or "").strip(),
        campaign_id=(campaignId or "").strip(),
        region_code=check_region(regionCode) if regionCode else None,
    )
    return json_response(
        ListHostingOrdersResponse(
            hosting_orders=[hosting_order_view(r) for r in rows],
            next_page_token=next_page_token(page, len(rows), total),
            total_size=total,
        )
    )


@router.get(
    "/hostingOrders/{hostingOrderId}",
    operation_id="HostingOrderService_GetHostingOrder",
    response_model=HostingOrderView,
)
async def get_order(scope: HostingRead, hostingOrderId: str) -> Response:
    return json_response(hosting_order_view(await hosting_order_queries.get(scope, hostingOrderId)))


@router.get(
    "/hostingOrders/{hostingOrderId}/report",
    operation_id="GetHostingOrderReport",
    response_model=HostingOrderReportView,
)
async def get_report(scope: HostingRead, hostingOrderId: str) -> Response:
    return json_response(await hosting_order_queries.report(scope, hostingOrderId))


def _states(name: str, raw: list[str] | None) -> set[StepState] | None:
    return enum_filter(name, raw or [], StepState, any_value=StepState.UNSPECIFIED)


@router.get(
    "/hostingOrders/{hostingOrderId}/numbers",
    operation_id="HostingOrderService_ListHostingOrderNumbers",
    response_model=ListHostingOrderNumbersResponse,
)
async def list_order_numbers(
    scope: HostingRead,
    hostingOrderId: str,
    page: ListWindow,
    order: ListOrder,
    osrUpdateState: StateFilter = None,
    campaignProvisioningState: StateFilter = None,
    platformProvisioningState: StateFilter = None,
) -> Response:
    hosting_order, rows, total = await hosting_order_queries.numbers(
        scope,
        hostingOrderId,
        page,
        order,
        osr=_states("osrUpdateState", osrUpdateState),
        campaign=_states("campaignProvisioningState", campaignProvisioningState),
        platform=_states("platformProvisioningState", platformProvisioningState),
    )
    return json_response(
        ListHostingOrderNumbersResponse(
            numbers=[hosting_order_number_view(hosting_order, r) for r in rows],
            next_page_token=next_page_token(page, len(rows), total),
            total_size=total,
        )
    )


@router.get(
    "/hostingOrders/{hostingOrderId}/numbers/{phoneNumber}",
    operation_id="HostingOrderService_GetHostingOrderNumber",
    response_model=HostingOrderNumberView,
)
async def get_order_number(scope: HostingRead, hostingOrderId: str, phoneNumber: str) -> Response:
    hosting_order, row = await hosting_order_queries.number(
        scope, hostingOrderId, path_number(phoneNumber)
    )
    return json_response(hosting_order_number_view(hosting_order, row))
