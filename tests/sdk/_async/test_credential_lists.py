"""``client.credential_lists``: lists and their credentials."""

from __future__ import annotations

import pytest

from opentrunk.sdk import AsyncClient, BadRequestError, NotFoundError
from opentrunk.sdk.types import CredentialInput

PASSWORD = "SecurePassword1234"


async def test_create_get_list_update_delete(client: AsyncClient):
    office = await client.credential_lists.create(
        name="Office", credentials=[CredentialInput(username="desk1", password=PASSWORD)]
    )
    assert [c.username for c in office.credentials] == ["desk1"]
    assert "password" not in office.model_dump_json()
    assert (await client.credential_lists.get(office.id)).name == "Office"
    assert [c.id async for c in client.credential_lists.list()] == [office.id]

    renamed = await client.credential_lists.update(office.id, name="HQ")
    assert (renamed.name, [c.username for c in renamed.credentials]) == ("HQ", ["desk1"])
    replaced = await client.credential_lists.update(
        office.id, name="HQ", credentials=[CredentialInput(username="desk9", password=PASSWORD)]
    )
    assert [c.username for c in replaced.credentials] == ["desk9"]

    await client.credential_lists.delete(office.id)
    with pytest.raises(NotFoundError):
        await client.credential_lists.get(office.id)


async def test_credentials(client: AsyncClient):
    office = await client.credential_lists.create(name="Office")
    added = await client.credential_lists.set_credential(office.id, "desk2", password=PASSWORD)
    assert added.username == "desk2"
    again = await client.credential_lists.set_credential(
        office.id, "desk2", password="An0therPassword"
    )
    assert again.id == added.id
    assert [c.username for c in (await client.credential_lists.get(office.id)).credentials] == [
        "desk2"
    ]
    await client.credential_lists.delete_credential(office.id, "desk2")
    assert (await client.credential_lists.get(office.id)).credentials == []


async def test_weak_password_is_refused(client: AsyncClient):
    office = await client.credential_lists.create(name="Office")
    with pytest.raises(BadRequestError) as caught:
        await client.credential_lists.set_credential(office.id, "desk", password="short")
    assert caught.value.status_code == 400
    assert "12 characters" in caught.value.message
