"""``client.country_permissions``: the destinations outbound calls may reach."""

from __future__ import annotations

from opentrunk.sdk._async.resources._resource import AsyncResource
from opentrunk.sdk._envelopes import CountryPermissionList
from opentrunk.sdk._request import APIRequest, body, segment
from opentrunk.sdk.types.country_permissions import CountryPermission

__all__ = ["AsyncCountryPermissions"]


class AsyncCountryPermissions(AsyncResource):
    async def list(self) -> list[CountryPermission]:
        """Every country and whether calls to it are allowed (not paginated).

        Example::

            enabled = [c.iso_code for c in await client.country_permissions.list() if c.enabled]
        """
        request = APIRequest("GET", "trunking", "/countryPermissions")
        result = await self._transport.fetch(request, CountryPermissionList)
        return result.country_permissions

    async def get(self, iso_code: str) -> CountryPermission:
        """One country's permission.

        Example::

            sweden = await client.country_permissions.get("SE")
        """
        path = f"/countryPermissions/{segment(iso_code)}"
        return await self._transport.fetch(APIRequest("GET", "trunking", path), CountryPermission)

    async def update(self, iso_code: str, *, enabled: bool) -> CountryPermission:
        """Allow or forbid calls to a country.

        Example::

            await client.country_permissions.update("SE", enabled=True)
        """
        path = f"/countryPermissions/{segment(iso_code)}"
        request = APIRequest("PUT", "trunking", path, json=body(enabled=enabled))
        return await self._transport.fetch(request, CountryPermission)
