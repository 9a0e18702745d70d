"""``client.endpoints``: static and registered endpoints of a trunk."""

from __future__ import annotations

import pytest

from opentrunk.sdk import AsyncClient, NotFoundError
from opentrunk.sdk.types import CredentialInput


async def test_static_endpoint_lifecycle(client: AsyncClient):
    trunk = await client.trunks.create(name="T", host_name="ep")
    pbx = await client.endpoints.create(trunk.id, name="PBX", address="198.51.100.7")
    assert (pbx.sip_trunk_id, pbx.port, pbx.transport, pbx.priority) == (trunk.id, 5060, "UDP", 1)
    assert pbx.enabled is True
    backup = await client.endpoints.create(
        trunk.id, name="Backup", address="pbx2.example.com", port=5061, transport="TLS", priority=2
    )
    assert (await client.endpoints.get(trunk.id, backup.id)).address == "pbx2.example.com"
    listed = [(e.name, e.priority) async for e in client.endpoints.list(trunk.id)]
    assert sorted(listed) == [("Backup", 2), ("PBX", 1)]

    updated = await client.endpoints.update(
        trunk.id, pbx.id, name="PBX", address="198.51.100.8", enabled=False, priority=3
    )
    assert (updated.address, updated.enabled, updated.priority) == ("198.51.100.8", False, 3)

    await client.endpoints.delete(trunk.id, pbx.id)
    with pytest.raises(NotFoundError):
        await client.endpoints.get(trunk.id, pbx.id)


async def test_registered_endpoint(client: AsyncClient):
    trunk = await client.trunks.create(name="T", host_name="reg")
    await client.credential_lists.create(
        name="Phones", credentials=[CredentialInput(username="alice", password="SecurePassword1")]
    )
    phone = await client.endpoints.create(trunk.id, name="Alice", credential_username="alice")
    assert (phone.is_registered, phone.credential_username, phone.address) == (True, "alice", None)


async def test_unknown_username_is_not_found(client: AsyncClient):
    trunk = await client.trunks.create(name="T", host_name="reg-missing")
    with pytest.raises(NotFoundError) as caught:
        await client.endpoints.create(trunk.id, name="Bob", credential_username="bob")
    assert caught.value.reason == "CREDENTIAL_NOT_FOUND"
