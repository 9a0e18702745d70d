"""``client.credential_lists``: credential lists and their credentials."""

from __future__ import annotations

from collections.abc import Sequence

from opentrunk.sdk._async._pagination import AsyncPaginator
from opentrunk.sdk._async.resources._resource import AsyncResource
from opentrunk.sdk._paging import NumberedPages
from opentrunk.sdk._request import APIRequest, body, query, segment
from opentrunk.sdk.types.credential_lists import Credential, CredentialInput, CredentialList
from opentrunk.sdk.types.trunks import Trunk

__all__ = ["AsyncCredentialLists"]


def _list_path(credential_list_id: str) -> str:
    return f"/credentialLists/{segment(credential_list_id)}"


class AsyncCredentialLists(AsyncResource):
    async def create(
        self, *, name: str, credentials: Sequence[CredentialInput] = ()
    ) -> CredentialList:
        """Create a credential list.

        Example::

            office = await client.credential_lists.create(
                name="Office phones",
                credentials=[CredentialInput(username="desk1", password="Str0ngPassword1")],
            )
        """
        payload = body(name=name, credentials=list(credentials))
        request = APIRequest("POST", "trunking", "/credentialLists", json=payload)
        return await self._transport.fetch(request, CredentialList)

    def list(
        self, *, page: int | None = None, size: int | None = None
    ) -> AsyncPaginator[CredentialList]:
        """Every credential list of the project.

        Example::

            names = [c.name async for c in client.credential_lists.list()]
        """
        request = APIRequest("GET", "trunking", "/credentialLists", query(page=page, size=size))
        return self._paginate(request, NumberedPages("credentialLists"), CredentialList)

    async def get(self, credential_list_id: str) -> CredentialList:
        """One credential list (usernames only; passwords are never returned).

        Example::

            office = await client.credential_lists.get(office.id)
        """
        request = APIRequest("GET", "trunking", _list_path(credential_list_id))
        return await self._transport.fetch(request, CredentialList)

    async def update(
        self,
        credential_list_id: str,
        *,
        name: str,
        credentials: Sequence[CredentialInput] | None = None,
    ) -> CredentialList:
        """Rename a list; ``credentials``, when given, replaces all of them.

        Example::

            office = await client.credential_lists.update(office.id, name="HQ phones")
        """
        listed = list(credentials) if credentials is not None else None
        payload = body(name=name, credentials=listed)
        request = APIRequest("PUT", "trunking", _list_path(credential_list_id), json=payload)
        return await self._transport.fetch(request, CredentialList)

    async def delete(self, credential_list_id: str) -> None:
        """Delete a list (refused while a trunk or an endpoint uses it).

        Example::

            await client.credential_lists.delete(office.id)
        """
        await self._transport.send(APIRequest("DELETE", "trunking", _list_path(credential_list_id)))

    def list_trunks(
        self, credential_list_id: str, *, page: int | None = None, size: int | None = None
    ) -> AsyncPaginator[Trunk]:
        """The trunks this list is linked to.

        Example::

            trunk_ids = [t.id async for t in client.credential_lists.list_trunks(office.id)]
        """
        path = f"{_list_path(credential_list_id)}/trunks"
        request = APIRequest("GET", "trunking", path, query(page=page, size=size))
        return self._paginate(request, NumberedPages("trunks"), Trunk)

    async def set_credential(
        self, credential_list_id: str, username: str, *, password: str
    ) -> Credential:
        """Set a credential's password, adding the credential if the username is new.

        Example::

            await client.credential_lists.set_credential(
                office.id, "desk2", password="An0therPassword"
            )
        """
        path = f"{_list_path(credential_list_id)}/credentials/{segment(username)}"
        request = APIRequest("PUT", "trunking", path, json=body(password=password))
        return await self._transport.fetch(request, Credential)

    async def delete_credential(self, credential_list_id: str, username: str) -> None:
        """Remove a credential from a list.

        Example::

            await client.credential_lists.delete_credential(office.id, "desk2")
        """
        path = f"{_list_path(credential_list_id)}/credentials/{segment(username)}"
        await self._transport.send(APIRequest("DELETE", "trunking", path))
