"""``client.endpoints``: the SIP endpoints of a trunk."""

from __future__ import annotations

from opentrunk.sdk._async._pagination import AsyncPaginator
from opentrunk.sdk._async.resources._resource import AsyncResource
from opentrunk.sdk._paging import NumberedPages
from opentrunk.sdk._request import JSON, APIRequest, body, query, segment
from opentrunk.sdk.types.endpoints import SipEndpoint, Transport

__all__ = ["AsyncEndpoints"]


def _endpoints_path(trunk_id: str) -> str:
    return f"/trunks/{segment(trunk_id)}/endpoints"


def _endpoint_body(
    name: str,
    priority: int,
    address: str | None,
    port: int | None,
    transport: Transport | None,
    enabled: bool | None,
    credential_username: str | None,
) -> dict[str, JSON]:
    registered = True if credential_username is not None else None
    return body(
        name=name,
        priority=priority,
        address=address,
        port=port,
        transport=transport,
        enabled=enabled,
        isRegistered=registered,
        credentialUsername=credential_username,
    )


class AsyncEndpoints(AsyncResource):
    async def create(
        self,
        trunk_id: str,
        *,
        name: str,
        priority: int = 1,
        address: str | None = None,
        port: int | None = None,
        transport: Transport | None = None,
        enabled: bool | None = None,
        credential_username: str | None = None,
    ) -> SipEndpoint:
        """Add an endpoint to a trunk: a static one (``address``) or a registered one
        (``credential_username``, a username of one of the project's credential lists).

        Example::

            pbx = await client.endpoints.create(
                trunk.id, name="PBX", address="198.51.100.7", priority=1
            )
        """
        payload = _endpoint_body(
            name, priority, address, port, transport, enabled, credential_username
        )
        request = APIRequest("POST", "trunking", _endpoints_path(trunk_id), json=payload)
        return await self._transport.fetch(request, SipEndpoint)

    def list(
        self, trunk_id: str, *, page: int | None = None, size: int | None = None
    ) -> AsyncPaginator[SipEndpoint]:
        """The endpoints of a trunk.

        Example::

            async for endpoint in client.endpoints.list(trunk.id):
                print(endpoint.priority, endpoint.address or endpoint.credential_username)
        """
        params = query(page=page, size=size)
        request = APIRequest("GET", "trunking", _endpoints_path(trunk_id), params)
        return self._paginate(request, NumberedPages("endpoints"), SipEndpoint)

    async def get(self, trunk_id: str, endpoint_id: str) -> SipEndpoint:
        """One endpoint.

        Example::

            pbx = await client.endpoints.get(trunk.id, pbx.id)
        """
        path = f"{_endpoints_path(trunk_id)}/{segment(endpoint_id)}"
        return await self._transport.fetch(APIRequest("GET", "trunking", path), SipEndpoint)

    async def update(
        self,
        trunk_id: str,
        endpoint_id: str,
        *,
        name: str,
        priority: int = 1,
        address: str | None = None,
        port: int | None = None,
        transport: Transport | None = None,
        enabled: bool | None = None,
        credential_username: str | None = None,
    ) -> SipEndpoint:
        """Replace an endpoint (a full replacement, as ``create`` takes it).

        Example::

            pbx = await client.endpoints.update(
                trunk.id, pbx.id, name="PBX", address="198.51.100.7", enabled=False
            )
        """
        payload = _endpoint_body(
            name, priority, address, port, transport, enabled, credential_username
        )
        path = f"{_endpoints_path(trunk_id)}/{segment(endpoint_id)}"
        request = APIRequest("PUT", "trunking", path, json=payload)
        return await self._transport.fetch(request, SipEndpoint)

    async def delete(self, trunk_id: str, endpoint_id: str) -> None:
        """Remove an endpoint from its trunk.

        Example::

            await client.endpoints.delete(trunk.id, pbx.id)
        """
        path = f"{_endpoints_path(trunk_id)}/{segment(endpoint_id)}"
        await self._transport.send(APIRequest("DELETE", "trunking", path))
