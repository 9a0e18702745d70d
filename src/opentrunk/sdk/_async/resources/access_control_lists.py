"""``client.acls``: access control lists and their IP ranges."""

from __future__ import annotations

from collections.abc import Sequence

from opentrunk.sdk._async._pagination import AsyncPaginator
from opentrunk.sdk._async.resources._resource import AsyncResource
from opentrunk.sdk._paging import NumberedPages
from opentrunk.sdk._request import APIRequest, body, query, segment
from opentrunk.sdk.types.access_control_lists import AccessControlList, IpRange, IpRangeInput
from opentrunk.sdk.types.trunks import Trunk

__all__ = ["AsyncAccessControlLists"]


def _acl_path(acl_id: str) -> str:
    return f"/accessControlLists/{segment(acl_id)}"


class AsyncAccessControlLists(AsyncResource):
    async def create(
        self, *, name: str, ip_ranges: Sequence[IpRangeInput], enabled: bool | None = None
    ) -> AccessControlList:
        """Create an ACL with at least one IP range.

        Example::

            acl = await client.acls.create(
                name="Office", ip_ranges=[IpRangeInput(ip_address="203.0.113.0", range=24)]
            )
        """
        payload = body(name=name, enabled=enabled, ipRanges=list(ip_ranges))
        request = APIRequest("POST", "trunking", "/accessControlLists", json=payload)
        return await self._transport.fetch(request, AccessControlList)

    def list(
        self, *, page: int | None = None, size: int | None = None
    ) -> AsyncPaginator[AccessControlList]:
        """Every ACL of the project.

        Example::

            async for acl in client.acls.list():
                print(acl.name, [r.ip_address for r in acl.ip_ranges])
        """
        request = APIRequest("GET", "trunking", "/accessControlLists", query(page=page, size=size))
        return self._paginate(request, NumberedPages("accessControlLists"), AccessControlList)

    async def get(self, acl_id: str) -> AccessControlList:
        """One ACL with its IP ranges.

        Example::

            acl = await client.acls.get(acl.id)
        """
        request = APIRequest("GET", "trunking", _acl_path(acl_id))
        return await self._transport.fetch(request, AccessControlList)

    async def update(
        self,
        acl_id: str,
        *,
        name: str,
        enabled: bool = True,
        ip_ranges: Sequence[IpRangeInput] | None = None,
    ) -> AccessControlList:
        """Replace an ACL's name and state; ``ip_ranges``, when given, replaces every range.

        Example::

            acl = await client.acls.update(acl.id, name="Office (old)", enabled=False)
        """
        ranges = list(ip_ranges) if ip_ranges is not None else None
        payload = body(name=name, enabled=enabled, ipRanges=ranges)
        request = APIRequest("PUT", "trunking", _acl_path(acl_id), json=payload)
        return await self._transport.fetch(request, AccessControlList)

    async def delete(self, acl_id: str) -> None:
        """Delete an ACL.

        Example::

            await client.acls.delete(acl.id)
        """
        await self._transport.send(APIRequest("DELETE", "trunking", _acl_path(acl_id)))

    def list_trunks(
        self, acl_id: str, *, page: int | None = None, size: int | None = None
    ) -> AsyncPaginator[Trunk]:
        """The trunks this ACL is linked to.

        Example::

            trunk_ids = [t.id async for t in client.acls.list_trunks(acl.id)]
        """
        path = f"{_acl_path(acl_id)}/trunks"
        request = APIRequest("GET", "trunking", path, query(page=page, size=size))
        return self._paginate(request, NumberedPages("trunks"), Trunk)

    async def add_ip_range(
        self,
        acl_id: str,
        *,
        ip_address: str,
        range: int | None = None,
        description: str | None = None,
    ) -> IpRange:
        """Add an IP range (``range`` is the prefix length, 32 when left out).

        Example::

            ip_range = await client.acls.add_ip_range(acl.id, ip_address="198.51.100.7")
        """
        payload = body(ipAddress=ip_address, range=range, description=description)
        request = APIRequest("POST", "trunking", f"{_acl_path(acl_id)}/ipRanges", json=payload)
        return await self._transport.fetch(request, IpRange)

    def list_ip_ranges(
        self, acl_id: str, *, page: int | None = None, size: int | None = None
    ) -> AsyncPaginator[IpRange]:
        """The IP ranges of an ACL.

        Example::

            async for ip_range in client.acls.list_ip_ranges(acl.id):
                print(f"{ip_range.ip_address}/{ip_range.range}")
        """
        path = f"{_acl_path(acl_id)}/ipRanges"
        request = APIRequest("GET", "trunking", path, query(page=page, size=size))
        return self._paginate(request, NumberedPages("ipRanges"), IpRange)

    async def update_ip_range(
        self,
        acl_id: str,
        ip_range_id: str,
        *,
        ip_address: str,
        range: int | None = None,
        description: str | None = None,
    ) -> IpRange:
        """Replace an IP range.

        Example::

            ip_range = await client.acls.update_ip_range(
                acl.id, ip_range.id, ip_address="198.51.100.0", range=28
            )
        """
        payload = body(ipAddress=ip_address, range=range, description=description)
        path = f"{_acl_path(acl_id)}/ipRanges/{segment(ip_range_id)}"
        request = APIRequest("PUT", "trunking", path, json=payload)
        return await self._transport.fetch(request, IpRange)

    async def delete_ip_range(self, acl_id: str, ip_range_id: str) -> None:
        """Remove an IP range from an ACL.

        Example::

            await client.acls.delete_ip_range(acl.id, ip_range.id)
        """
        path = f"{_acl_path(acl_id)}/ipRanges/{segment(ip_range_id)}"
        await self._transport.send(APIRequest("DELETE", "trunking", path))
