"""``client.imported_numbers``: numbers you imported for SMS, one by one."""

from __future__ import annotations

from opentrunk.sdk._async._pagination import AsyncPaginator
from opentrunk.sdk._async.resources._resource import AsyncResource
from opentrunk.sdk._paging import TokenPages
from opentrunk.sdk._request import APIRequest, body, query, segment
from opentrunk.sdk.types.imported_numbers import ImportedNumber, NumberSearchPattern, OrderBy

__all__ = ["AsyncImportedNumbers"]


def _number_path(phone_number: str) -> str:
    return f"/importedNumbers/{segment(phone_number)}"


class AsyncImportedNumbers(AsyncResource):
    def list(
        self,
        *,
        service_plan_id: str | None = None,
        campaign_id: str | None = None,
        region_code: str | None = None,
        number_pattern: str | None = None,
        search_pattern: NumberSearchPattern | None = None,
        order_by: OrderBy | None = None,
        page_size: int | None = None,
        page_token: str | None = None,
    ) -> AsyncPaginator[ImportedNumber]:
        """Imported numbers, filtered (Sinch's document requires the service plan and
        campaign filters).

        Example::

            async for number in client.imported_numbers.list(
                service_plan_id=plan_id, campaign_id=campaign_id
            ):
                print(number.phone_number, number.sms_provisioning)
        """
        params = query(
            servicePlanId=service_plan_id,
            campaignId=campaign_id,
            regionCode=region_code,
            orderBy=order_by,
            pageSize=page_size,
            pageToken=page_token,
        ) + query([("numberPattern.pattern", number_pattern),
                   ("numberPattern.searchPattern", search_pattern)])  # fmt: skip
        request = APIRequest("GET", "hosting", "/importedNumbers", params)
        return self._paginate(request, TokenPages("importedNumbers"), ImportedNumber)

    async def create(
        self,
        *,
        phone_number: str,
        region_code: str,
        service_plan_id: str,
        campaign_id: str | None = None,
        display_name: str | None = None,
        callback_url: str | None = None,
    ) -> ImportedNumber:
        """Import one number (``ConflictError`` if it already is).

        Example::

            number = await client.imported_numbers.create(
                phone_number="+12025550134", region_code="US", service_plan_id=plan_id
            )
        """
        payload = body(
            phoneNumber=phone_number,
            regionCode=region_code,
            smsConfiguration=body(servicePlanId=service_plan_id, campaignId=campaign_id),
            displayName=display_name,
            callbackUrl=callback_url,
        )
        request = APIRequest("POST", "hosting", "/importedNumbers", json=payload)
        return await self._transport.fetch(request, ImportedNumber)

    async def get(self, phone_number: str) -> ImportedNumber:
        """One imported number with its provisioning state per carrier.

        Example::

            number = await client.imported_numbers.get("+12025550134")
        """
        request = APIRequest("GET", "hosting", _number_path(phone_number))
        return await self._transport.fetch(request, ImportedNumber)

    async def update(
        self,
        phone_number: str,
        *,
        display_name: str | None = None,
        service_plan_id: str | None = None,
        campaign_id: str | None = None,
        callback_url: str | None = None,
    ) -> ImportedNumber:
        """Change what is given; ``""`` unlinks the service plan or campaign (unlink
        first, then link the new one in a second call).

        Example::

            await client.imported_numbers.update("+12025550134", campaign_id="")
        """
        sms = body(servicePlanId=service_plan_id, campaignId=campaign_id)
        payload = body(
            displayName=display_name, smsConfiguration=sms or None, callbackUrl=callback_url
        )
        request = APIRequest("PATCH", "hosting", _number_path(phone_number), json=payload)
        return await self._transport.fetch(request, ImportedNumber)

    async def delete(self, phone_number: str) -> None:
        """Remove an imported number from the project.

        Example::

            await client.imported_numbers.delete("+12025550134")
        """
        await self._transport.send(APIRequest("DELETE", "hosting", _number_path(phone_number)))
