"""``client.trunks``: SIP trunks, their ACL and credential-list links, their numbers."""

from __future__ import annotations

import builtins
from collections.abc import Sequence

from opentrunk.sdk._async._pagination import AsyncPaginator
from opentrunk.sdk._async.resources._resource import AsyncResource
from opentrunk.sdk._envelopes import AccessControlListIds, CredentialListIds
from opentrunk.sdk._paging import NumberedPages
from opentrunk.sdk._request import APIRequest, body, query, segment
from opentrunk.sdk.types.credential_lists import CredentialList
from opentrunk.sdk.types.phone_numbers import PhoneNumber
from opentrunk.sdk.types.trunks import Trunk

__all__ = ["AsyncTrunks"]


class AsyncTrunks(AsyncResource):
    async def create(
        self,
        *,
        name: str,
        host_name: str,
        enable_caller_name: bool | None = None,
        enable_call_forward: bool | None = None,
        call_forward_number: str | None = None,
    ) -> Trunk:
        """Create a trunk; its SIP domain is ``{host_name}.pstn.sinch.com``.

        Example::

            trunk = await client.trunks.create(name="Main office", host_name="acme-main")
        """
        payload = body(
            name=name,
            hostName=host_name,
            enableCallerName=enable_caller_name,
            enableCallForward=enable_call_forward,
            callForwardNumber=call_forward_number,
        )
        return await self._transport.fetch(
            APIRequest("POST", "trunking", "/trunks", json=payload), Trunk
        )

    def list(
        self, *, domain: str | None = None, page: int | None = None, size: int | None = None
    ) -> AsyncPaginator[Trunk]:
        """Every trunk of the project (or the one whose SIP ``domain`` is given).

        Example::

            async for trunk in client.trunks.list():
                print(trunk.id, trunk.domain)
        """
        params = query(domain=domain, page=page, size=size)
        request = APIRequest("GET", "trunking", "/trunks", params)
        return self._paginate(request, NumberedPages("trunks"), Trunk)

    async def get(self, trunk_id: str) -> Trunk:
        """One trunk.

        Example::

            trunk = await client.trunks.get("01HA2E80QCBX185VVP21PJG9CT")
        """
        path = f"/trunks/{segment(trunk_id)}"
        return await self._transport.fetch(APIRequest("GET", "trunking", path), Trunk)

    async def update(
        self,
        trunk_id: str,
        *,
        name: str,
        host_name: str,
        enable_caller_name: bool = False,
        enable_call_forward: bool = False,
        call_forward_number: str | None = None,
    ) -> Trunk:
        """Replace a trunk's settings (a full replacement: omitted ones return to their
        defaults).

        Example::

            trunk = await client.trunks.update(trunk.id, name="HQ", host_name=trunk.host_name)
        """
        payload = body(
            name=name,
            hostName=host_name,
            enableCallerName=enable_caller_name,
            enableCallForward=enable_call_forward,
            callForwardNumber=call_forward_number,
        )
        path = f"/trunks/{segment(trunk_id)}"
        return await self._transport.fetch(APIRequest("PUT", "trunking", path, json=payload), Trunk)

    async def delete(self, trunk_id: str) -> None:
        """Delete a trunk (refused while phone numbers are assigned to it).

        Example::

            await client.trunks.delete(trunk.id)
        """
        await self._transport.send(APIRequest("DELETE", "trunking", f"/trunks/{segment(trunk_id)}"))

    # --- access control lists ---------------------------------------------------------

    async def add_access_control_lists(
        self, trunk_id: str, access_control_list_ids: Sequence[str]
    ) -> builtins.list[str]:
        """Link ACLs to a trunk; returns the ids sent.

        Example::

            await client.trunks.add_access_control_lists(trunk.id, [acl.id])
        """
        path = f"/trunks/{segment(trunk_id)}/accessControlLists"
        payload = body(accessControlListIds=list(access_control_list_ids))
        result = await self._transport.fetch(
            APIRequest("POST", "trunking", path, json=payload), AccessControlListIds
        )
        return result.access_control_list_ids

    def list_access_control_lists(
        self, trunk_id: str, *, page: int | None = None, size: int | None = None
    ) -> AsyncPaginator[str]:
        """The ids of the ACLs linked to a trunk.

        Example::

            acl_ids = [acl_id async for acl_id in client.trunks.list_access_control_lists(trunk.id)]
        """
        path = f"/trunks/{segment(trunk_id)}/accessControlLists"
        request = APIRequest("GET", "trunking", path, query(page=page, size=size))
        return self._paginate(request, NumberedPages("accessControlListIds"), str)

    async def remove_access_control_list(self, trunk_id: str, access_control_list_id: str) -> None:
        """Unlink an ACL from a trunk.

        Example::

            await client.trunks.remove_access_control_list(trunk.id, acl.id)
        """
        path = f"/trunks/{segment(trunk_id)}/accessControlLists/{segment(access_control_list_id)}"
        await self._transport.send(APIRequest("DELETE", "trunking", path))

    # --- credential lists -------------------------------------------------------------

    async def add_credential_lists(
        self, trunk_id: str, credential_list_ids: Sequence[str]
    ) -> builtins.list[str]:
        """Link credential lists to a trunk; returns the ids sent.

        Example::

            await client.trunks.add_credential_lists(trunk.id, [credential_list.id])
        """
        path = f"/trunks/{segment(trunk_id)}/credentialLists"
        payload = body(credentialListIds=list(credential_list_ids))
        result = await self._transport.fetch(
            APIRequest("POST", "trunking", path, json=payload), CredentialListIds
        )
        return result.credential_list_ids

    async def replace_credential_lists(
        self, trunk_id: str, credential_list_ids: Sequence[str]
    ) -> builtins.list[str]:
        """Make exactly these credential lists the trunk's (others are unlinked).

        Example::

            await client.trunks.replace_credential_lists(trunk.id, [office.id, remote.id])
        """
        path = f"/trunks/{segment(trunk_id)}/credentialLists"
        payload = body(credentialListIds=list(credential_list_ids))
        result = await self._transport.fetch(
            APIRequest("PUT", "trunking", path, json=payload), CredentialListIds
        )
        return result.credential_list_ids

    def list_credential_lists(
        self,
        trunk_id: str,
        *,
        sort: str | None = None,
        page: int | None = None,
        size: int | None = None,
    ) -> AsyncPaginator[CredentialList]:
        """The credential lists linked to a trunk (``sort`` e.g. ``"name,desc"``).

        Example::

            async for credential_list in client.trunks.list_credential_lists(trunk.id):
                print(credential_list.name)
        """
        path = f"/trunks/{segment(trunk_id)}/credentialLists"
        request = APIRequest("GET", "trunking", path, query(sort=sort, page=page, size=size))
        return self._paginate(request, NumberedPages("credentialLists"), CredentialList)

    async def remove_credential_list(self, trunk_id: str, credential_list_id: str) -> None:
        """Unlink a credential list from a trunk.

        Example::

            await client.trunks.remove_credential_list(trunk.id, credential_list.id)
        """
        path = f"/trunks/{segment(trunk_id)}/credentialLists/{segment(credential_list_id)}"
        await self._transport.send(APIRequest("DELETE", "trunking", path))

    # --- phone numbers ----------------------------------------------------------------

    def list_phone_numbers(
        self, trunk_id: str, *, page: int | None = None, size: int | None = None
    ) -> AsyncPaginator[PhoneNumber]:
        """The phone numbers assigned to a trunk.

        Example::

            numbers = [n.phone_number async for n in client.trunks.list_phone_numbers(trunk.id)]
        """
        params = query(sipTrunkId=trunk_id, page=page, size=size)
        request = APIRequest("GET", "trunking", "/phoneNumbers", params)
        return self._paginate(request, NumberedPages("phoneNumbers"), PhoneNumber)

    async def add_phone_number(self, trunk_id: str, phone_number: str) -> PhoneNumber:
        """Assign a number to this trunk (an opentrunk extension, as Sinch's guides use it;
        ``client.phone_numbers.assign`` is the other form).

        Example::

            number = await client.trunks.add_phone_number(trunk.id, "+15552229999")
        """
        path = f"/trunks/{segment(trunk_id)}/phoneNumbers"
        payload = body(phoneNumber=phone_number)
        return await self._transport.fetch(
            APIRequest("POST", "trunking", path, json=payload), PhoneNumber
        )
