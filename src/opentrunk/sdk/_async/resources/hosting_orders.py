"""``client.hosting_orders``: long-running orders that import or text-enable numbers."""

from __future__ import annotations

from collections.abc import AsyncIterator, Sequence
from datetime import datetime

from opentrunk.sdk._async._pagination import AsyncPaginator
from opentrunk.sdk._async.resources._resource import AsyncResource
from opentrunk.sdk._errors import WaitTimeoutError
from opentrunk.sdk._hosting import Loa, text_enable_body, toll_free_body
from opentrunk.sdk._paging import TokenPages
from opentrunk.sdk._request import APIRequest, body, query, segment
from opentrunk.sdk.types.hosting_orders import (
    DirectLoaInfo,
    HostingOrder,
    HostingOrderNumber,
    HostingOrderReport,
    HostingOrderState,
    HostingOrderType,
    ResellerLoaInfo,
    StepState,
)
from opentrunk.sdk.types.imported_numbers import OrderBy

__all__ = ["AsyncHostingOrders"]


def _order_path(hosting_order_id: str) -> str:
    return f"/hostingOrders/{segment(hosting_order_id)}"


class AsyncHostingOrders(AsyncResource):
    def list(
        self,
        *,
        states: HostingOrderState | Sequence[HostingOrderState] | None = None,
        type: HostingOrderType | None = None,
        service_plan_id: str | None = None,
        campaign_id: str | None = None,
        region_code: str | None = None,
        order_by: OrderBy | None = None,
        page_size: int | None = None,
        page_token: str | None = None,
    ) -> AsyncPaginator[HostingOrder]:
        """Hosting orders, filtered (several ``states`` repeat the parameter).

        Example::

            async for order in client.hosting_orders.list(states="IN_PROGRESS", type="IMPORT"):
                print(order.hosting_order_id, order.state)
        """
        listed = list(states) if states is not None and not isinstance(states, str) else states
        params = query(
            states=listed,
            type=type,
            servicePlanId=service_plan_id,
            campaignId=campaign_id,
            regionCode=region_code,
            orderBy=order_by,
            pageSize=page_size,
            pageToken=page_token,
        )
        request = APIRequest("GET", "hosting", "/hostingOrders", params)
        return self._paginate(request, TokenPages("hostingOrders"), HostingOrder)

    async def get(self, hosting_order_id: str) -> HostingOrder:
        """One order.

        Example::

            order = await client.hosting_orders.get(order.hosting_order_id)
        """
        request = APIRequest("GET", "hosting", _order_path(hosting_order_id))
        return await self._transport.fetch(request, HostingOrder)

    async def report(self, hosting_order_id: str) -> HostingOrderReport:
        """How many of the order's numbers passed each step.

        Example::

            report = await client.hosting_orders.report(order.hosting_order_id)
            print(f"{report.sms_provisioned}/{report.total} provisioned")
        """
        path = f"{_order_path(hosting_order_id)}/report"
        return await self._transport.fetch(APIRequest("GET", "hosting", path), HostingOrderReport)

    def list_numbers(
        self,
        hosting_order_id: str,
        *,
        osr_update_state: StepState | None = None,
        campaign_provisioning_state: StepState | None = None,
        platform_provisioning_state: StepState | None = None,
        order_by: OrderBy | None = None,
        page_size: int | None = None,
        page_token: str | None = None,
    ) -> AsyncPaginator[HostingOrderNumber]:
        """The numbers of an order and each one's progress.

        Example::

            async for number in client.hosting_orders.list_numbers(order.hosting_order_id):
                print(number.phone_number, number.osr_update)
        """
        params = query(
            osrUpdateState=osr_update_state,
            campaignProvisioningState=campaign_provisioning_state,
            platformProvisioningState=platform_provisioning_state,
            orderBy=order_by,
            pageSize=page_size,
            pageToken=page_token,
        )
        path = f"{_order_path(hosting_order_id)}/numbers"
        request = APIRequest("GET", "hosting", path, params)
        return self._paginate(request, TokenPages("numbers"), HostingOrderNumber)

    async def get_number(self, hosting_order_id: str, phone_number: str) -> HostingOrderNumber:
        """One number of an order.

        Example::

            number = await client.hosting_orders.get_number(order_id, "+12025550134")
        """
        path = f"{_order_path(hosting_order_id)}/numbers/{segment(phone_number)}"
        return await self._transport.fetch(APIRequest("GET", "hosting", path), HostingOrderNumber)

    async def import_numbers(
        self,
        *,
        numbers: Sequence[str],
        region_code: str,
        service_plan_id: str,
        campaign_id: str | None = None,
        display_name: str | None = None,
        callback_url: str | None = None,
        migrate_to_sinch_tmo: bool | None = None,
    ) -> HostingOrder:
        """Import up to five numbers (Sinch's default limit) in one ``IMPORT`` order.

        Example::

            order = await client.hosting_orders.import_numbers(
                numbers=["+12025550134"], region_code="US", service_plan_id=plan_id
            )
        """
        payload = body(
            numbers=list(numbers),
            regionCode=region_code,
            servicePlanId=service_plan_id,
            campaignId=campaign_id,
            displayName=display_name,
            callbackUrl=callback_url,
            migrateToSinchTmo=migrate_to_sinch_tmo,
        )
        request = APIRequest("POST", "hosting", "/hostingOrders:importNumbers", json=payload)
        return await self._transport.fetch(request, HostingOrder)

    async def text_enable_numbers(
        self,
        *,
        numbers: Sequence[str],
        region_code: str,
        service_plan_id: str,
        loa: Loa,
        campaign_id: str | None = None,
        nnid: str | None = None,
        scheduled_osr_update_time: datetime | None = None,
        display_name: str | None = None,
        callback_url: str | None = None,
        migrate_to_sinch_tmo: bool | None = None,
    ) -> HostingOrder:
        """Text-enable up to 500 qualified numbers with a Letter of Authorization
        (``DirectLoaInfo``, ``ResellerLoaInfo`` or ``BlanketLoaInfo``).

        Example::

            order = await client.hosting_orders.text_enable_numbers(
                numbers=["+12025550134"], region_code="US", service_plan_id=plan_id,
                campaign_id="C3O8OGA", loa=BlanketLoaInfo(),
            )
        """
        payload = text_enable_body(
            numbers=numbers,
            region_code=region_code,
            service_plan_id=service_plan_id,
            loa=loa,
            campaign_id=campaign_id,
            nnid=nnid,
            scheduled_osr_update_time=scheduled_osr_update_time,
            display_name=display_name,
            callback_url=callback_url,
            migrate_to_sinch_tmo=migrate_to_sinch_tmo,
        )
        path = "/hostingOrders:textEnableNumbers"
        return await self._transport.fetch(
            APIRequest("POST", "hosting", path, json=payload), HostingOrder
        )

    async def text_enable_toll_free_numbers(
        self,
        *,
        numbers: Sequence[str],
        region_code: str,
        service_plan_id: str,
        loa: DirectLoaInfo | ResellerLoaInfo,
        scheduled_zipwhip_provisioning_time: datetime | None = None,
        display_name: str | None = None,
        callback_url: str | None = None,
    ) -> HostingOrder:
        """Text-enable toll-free numbers (a direct or reseller LOA; no campaign).

        Example::

            order = await client.hosting_orders.text_enable_toll_free_numbers(
                numbers=["+18335870229"], region_code="US", service_plan_id=plan_id, loa=loa
            )
        """
        payload = toll_free_body(
            project_id=self._transport.options.project_id,
            numbers=numbers,
            region_code=region_code,
            service_plan_id=service_plan_id,
            loa=loa,
            scheduled_zipwhip_provisioning_time=scheduled_zipwhip_provisioning_time,
            display_name=display_name,
            callback_url=callback_url,
        )
        path = "/hostingOrders:textEnableTollFreeNumbers"
        return await self._transport.fetch(
            APIRequest("POST", "hosting", path, json=payload), HostingOrder
        )

    async def follow(
        self, hosting_order_id: str, *, interval: float = 5.0, max_wait: float | None = None
    ) -> AsyncIterator[HostingOrder]:
        """The order now, then again each time its state changes, until it is
        ``COMPLETED`` or ``REJECTED``. Polls every ``interval`` seconds; after
        ``max_wait`` seconds of waiting, ``WaitTimeoutError``.

        Example::

            async for order in client.hosting_orders.follow(order.hosting_order_id):
                print(order.updated_time, order.state)
        """
        waited = 0.0
        last_state: str | None = None
        while True:
            order = await self.get(hosting_order_id)
            if order.state != last_state:
                last_state = order.state
                yield order
            if order.ended:
                return
            if max_wait is not None and waited + interval > max_wait:
                raise WaitTimeoutError(
                    f"hosting order {hosting_order_id} is still {order.state} after {waited:g} s"
                )
            await self._transport.sleep(interval)
            waited += interval

    async def wait(
        self, hosting_order_id: str, *, interval: float = 5.0, max_wait: float | None = 3600.0
    ) -> HostingOrder:
        """Poll an order until it ends; returns it ``COMPLETED`` or ``REJECTED``.

        Example::

            order = await client.hosting_orders.wait(order.hosting_order_id, max_wait=600)
            assert order.state == "COMPLETED"
        """
        final: HostingOrder | None = None
        async for order in self.follow(hosting_order_id, interval=interval, max_wait=max_wait):
            final = order
        assert final is not None  # follow yields at least once
        return final
