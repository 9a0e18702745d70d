"""Reading hosting orders: one, a filtered list, its numbers, its report."""

from __future__ import annotations

from sqlalchemy import ColumnElement, case, func, select

from opentrunk.errors import NotFound
from opentrunk.hosting.listing import Ordering, Window
from opentrunk.hosting.repository import get_order, ordered, windowed
from opentrunk.hosting.scope import HostingScope
from opentrunk.hosting.states import OrderKind, OrderState, OrderType, StepState
from opentrunk.hosting.views import HostingOrderReportView
from opentrunk.store.models import HostingOrder, HostingOrderNumber

__all__ = ["HostingOrderQueries", "hosting_order_queries"]

_KINDS = {
    OrderType.IMPORT: [OrderKind.IMPORT.value],
    OrderType.TEXT_ENABLE: [OrderKind.TEXT_ENABLE.value, OrderKind.TOLL_FREE.value],
}


class HostingOrderQueries:
    async def get(self, scope: HostingScope, order_id: str) -> HostingOrder:
        return await get_order(scope, order_id)

    async def find(
        self,
        scope: HostingScope,
        page: Window,
        order: Ordering,
        *,
        states: set[OrderState] | None,
        types: set[OrderType] | None,
        service_plan_id: str,
        campaign_id: str,
        region_code: str | None,
    ) -> tuple[list[HostingOrder], int]:
        statement = select(HostingOrder).where(HostingOrder.project_id == scope.project_id)
        if states is not None:
            statement = statement.where(HostingOrder.state.in_([s.value for s in states]))
        if types is not None:
            kinds = [k for t in types for k in _KINDS.get(t, [])]
            statement = statement.where(HostingOrder.kind.in_(kinds))
        if service_plan_id:
            statement = statement.where(HostingOrder.service_plan_id == service_plan_id)
        if campaign_id:
            statement = statement.where(HostingOrder.campaign_id == campaign_id)
        if region_code:
            statement = statement.where(HostingOrder.region_code == region_code)
        return await windowed(scope, ordered(statement, HostingOrder, order), page)

    async def numbers(
        self,
        scope: HostingScope,
        order_id: str,
        page: Window,
        order: Ordering,
        *,
        osr: set[StepState] | None,
        campaign: set[StepState] | None,
        platform: set[StepState] | None,
    ) -> tuple[HostingOrder, list[HostingOrderNumber], int]:
        hosting_order = await get_order(scope, order_id)
        statement = select(HostingOrderNumber).where(
            HostingOrderNumber.order_id == hosting_order.id
        )
        for column, states in (
            (HostingOrderNumber.osr_state, osr),
            (HostingOrderNumber.campaign_state, campaign),
            (HostingOrderNumber.platform_state, platform),
        ):
            if states is not None:
                statement = statement.where(column.in_([s.value for s in states]))
        rows, total = await windowed(scope, ordered(statement, HostingOrderNumber, order), page)
        return hosting_order, rows, total

    async def number(
        self, scope: HostingScope, order_id: str, phone_number: str
    ) -> tuple[HostingOrder, HostingOrderNumber]:
        hosting_order = await get_order(scope, order_id)
        row = await scope.session.scalar(
            select(HostingOrderNumber).where(
                HostingOrderNumber.order_id == hosting_order.id,
                HostingOrderNumber.phone_number == phone_number,
            )
        )
        if row is None:
            raise NotFound(
                f"{phone_number} is not a number of hosting order {hosting_order.id}",
                reason="HOSTING_ORDER_NUMBER_NOT_FOUND",
            )
        return hosting_order, row

    async def report(self, scope: HostingScope, order_id: str) -> HostingOrderReportView:
        """Counts of the order's numbers: in total, with each step DONE, and waiting on
        a manual action (a step IN_PROGRESS: an operator's or a carrier's result)."""
        hosting_order = await get_order(scope, order_id)
        n = HostingOrderNumber
        done = StepState.DONE.value
        running = StepState.IN_PROGRESS.value

        def count(condition: ColumnElement[bool]) -> ColumnElement[int]:
            return func.coalesce(func.sum(case((condition, 1), else_=0)), 0)

        row = (
            await scope.session.execute(
                select(
                    func.count(),
                    count(n.osr_state == done),
                    count(n.platform_state == done),
                    count(n.campaign_state == done),
                    count(
                        (n.osr_state == running)
                        | (n.platform_state == running)
                        | (n.campaign_state == running)
                    ),
                ).where(n.order_id == hosting_order.id)
            )
        ).one()
        total, osr, sms, campaign, manual = (int(v) for v in row)
        return HostingOrderReportView(
            total=total,
            osr_updated=osr,
            sms_provisioned=sms,
            added_to_campaign=campaign,
            ongoing_manual_action=manual,
        )


hosting_order_queries = HostingOrderQueries()
