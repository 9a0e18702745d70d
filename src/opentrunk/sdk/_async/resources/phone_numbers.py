"""``client.phone_numbers``: the project's numbers and the trunks they ring.

Sinch's current API only reads them; assignment is the opentrunk extension the README
documents (``POST /phoneNumbers``, ``DELETE /phoneNumbers/{phoneNumber}``).
"""

from __future__ import annotations

from opentrunk.sdk._async._pagination import AsyncPaginator
from opentrunk.sdk._async.resources._resource import AsyncResource
from opentrunk.sdk._paging import NumberedPages
from opentrunk.sdk._request import APIRequest, body, query, segment
from opentrunk.sdk.types.phone_numbers import PhoneNumber

__all__ = ["AsyncPhoneNumbers"]


class AsyncPhoneNumbers(AsyncResource):
    def list(
        self,
        *,
        sip_trunk_id: str | None = None,
        sort: str | None = None,
        page: int | None = None,
        size: int | None = None,
    ) -> AsyncPaginator[PhoneNumber]:
        """The project's numbers, optionally of one trunk (``sort`` e.g.
        ``"phoneNumber,desc"``).

        Example::

            async for number in client.phone_numbers.list(sip_trunk_id=trunk.id):
                print(number.phone_number)
        """
        params = query(sipTrunkId=sip_trunk_id, sort=sort, page=page, size=size)
        request = APIRequest("GET", "trunking", "/phoneNumbers", params)
        return self._paginate(request, NumberedPages("phoneNumbers"), PhoneNumber)

    async def get(self, phone_number: str) -> PhoneNumber:
        """One number (E.164, with its ``+``).

        Example::

            number = await client.phone_numbers.get("+15552229999")
        """
        path = f"/phoneNumbers/{segment(phone_number)}"
        return await self._transport.fetch(APIRequest("GET", "trunking", path), PhoneNumber)

    async def assign(self, phone_number: str, *, sip_trunk_id: str) -> PhoneNumber:
        """Route a number to a trunk (moving it from another trunk of the project).

        Example::

            number = await client.phone_numbers.assign("+15552229999", sip_trunk_id=trunk.id)
        """
        payload = body(phoneNumber=phone_number, sipTrunkId=sip_trunk_id)
        request = APIRequest("POST", "trunking", "/phoneNumbers", json=payload)
        return await self._transport.fetch(request, PhoneNumber)

    async def unassign(self, phone_number: str) -> None:
        """Take a number off its trunk.

        Example::

            await client.phone_numbers.unassign("+15552229999")
        """
        path = f"/phoneNumbers/{segment(phone_number)}"
        await self._transport.send(APIRequest("DELETE", "trunking", path))
