"""``client.qualified_numbers``: proving numbers eligible and yours, then text-enabling
them."""

from __future__ import annotations

import builtins
from collections.abc import Sequence
from datetime import datetime

from opentrunk.sdk._async._pagination import AsyncPaginator
from opentrunk.sdk._async.resources._resource import AsyncResource
from opentrunk.sdk._envelopes import QualifiedNumberList, TextEnableResponse
from opentrunk.sdk._hosting import Loa, text_enable_body, toll_free_body
from opentrunk.sdk._paging import TokenPages
from opentrunk.sdk._request import APIRequest, body, query, segment
from opentrunk.sdk.types.hosting_orders import DirectLoaInfo, HostingOrder, ResellerLoaInfo
from opentrunk.sdk.types.imported_numbers import OrderBy
from opentrunk.sdk.types.qualified_numbers import QualifiedNumber

__all__ = ["AsyncQualifiedNumbers"]


def _number_path(phone_number: str) -> str:
    return f"/qualifiedNumbers/{segment(phone_number)}"


class AsyncQualifiedNumbers(AsyncResource):
    def list(
        self,
        *,
        states: str | Sequence[str] | None = None,
        region_code: str | None = None,
        order_by: OrderBy | None = None,
        page_size: int | None = None,
        page_token: str | None = None,
    ) -> AsyncPaginator[QualifiedNumber]:
        """Qualified numbers in the given ``GLOBAL_PROCESS_STATE_*`` states.

        Example::

            async for number in client.qualified_numbers.list(
                states="GLOBAL_PROCESS_STATE_VERIFIED"
            ):
                print(number.phone_number)
        """
        listed = list(states) if states is not None and not isinstance(states, str) else states
        params = query(
            states=listed,
            regionCode=region_code,
            orderBy=order_by,
            pageSize=page_size,
            pageToken=page_token,
        )
        request = APIRequest("GET", "hosting", "/qualifiedNumbers", params)
        return self._paginate(request, TokenPages("qualifiedNumbers"), QualifiedNumber)

    async def get(self, phone_number: str) -> QualifiedNumber:
        """One qualified number and how far its checks have come.

        Example::

            number = await client.qualified_numbers.get("+12025550134")
        """
        request = APIRequest("GET", "hosting", _number_path(phone_number))
        return await self._transport.fetch(request, QualifiedNumber)

    async def delete(self, phone_number: str) -> None:
        """Withdraw a number from qualification.

        Example::

            await client.qualified_numbers.delete("+12025550134")
        """
        await self._transport.send(APIRequest("DELETE", "hosting", _number_path(phone_number)))

    async def add(self, phone_numbers: Sequence[str]) -> builtins.list[QualifiedNumber]:
        """Submit numbers for qualification (then prove ownership: invoices by email, or
        the voice challenge).

        Example::

            numbers = await client.qualified_numbers.add(["+12025550134"])
        """
        payload = body(phoneNumbers=list(phone_numbers))
        request = APIRequest("POST", "hosting", "/qualifiedNumbers:addNumbers", json=payload)
        return (await self._transport.fetch(request, QualifiedNumberList)).qualified_numbers

    async def send_voice_challenge(self, phone_number: str) -> QualifiedNumber:
        """Have the number called and a code read out to whoever answers.

        Example::

            await client.qualified_numbers.send_voice_challenge("+12025550134")
        """
        path = f"{_number_path(phone_number)}:sendVoiceChallenge"
        request = APIRequest("POST", "hosting", path, json={})
        return await self._transport.fetch(request, QualifiedNumber)

    async def verify_voice_challenge(self, phone_number: str, *, code: str) -> QualifiedNumber:
        """Prove ownership with the code the challenge call read out.

        Example::

            number = await client.qualified_numbers.verify_voice_challenge(
                "+12025550134", code="1234"
            )
        """
        path = f"{_number_path(phone_number)}:verifyVoiceChallenge"
        request = APIRequest("POST", "hosting", path, json=body(code=code))
        return await self._transport.fetch(request, QualifiedNumber)

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
    ) -> str:
        """Text-enable up to 500 qualified numbers; returns the new hosting order's id.

        Example::

            order_id = await client.qualified_numbers.text_enable_numbers(
                numbers=["+12025550134"], region_code="US", service_plan_id=plan_id,
                campaign_id="C3O8OGA", loa=direct_loa,
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
        path = "/qualifiedNumbers:textEnableNumbers"
        request = APIRequest("POST", "hosting", path, json=payload)
        return (await self._transport.fetch(request, TextEnableResponse)).hosting_order_id

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
        """Text-enable qualified toll-free numbers; returns the hosting order.

        Example::

            order = await client.qualified_numbers.text_enable_toll_free_numbers(
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
        path = "/qualifiedNumbers:textEnableTollFreeNumbers"
        request = APIRequest("POST", "hosting", path, json=payload)
        return await self._transport.fetch(request, HostingOrder)
