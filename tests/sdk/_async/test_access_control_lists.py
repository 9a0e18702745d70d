"""``client.acls``: access control lists and their IP ranges."""

from __future__ import annotations

import pytest

from opentrunk.sdk import AsyncClient, BadRequestError, NotFoundError
from opentrunk.sdk.types import IpRangeInput


async def test_create_get_list_update_delete(client: AsyncClient):
    acl = await client.acls.create(
        name="Office",
        ip_ranges=[
            IpRangeInput(ip_address="203.0.113.0", range=24, description="LAN"),
            IpRangeInput(ip_address="198.51.100.7"),
        ],
    )
    assert acl.enabled is True
    assert [(r.ip_address, r.range, r.description) for r in acl.ip_ranges] == [
        ("203.0.113.0", 24, "LAN"),
        ("198.51.100.7", 32, None),
    ]
    assert (await client.acls.get(acl.id)).name == "Office"
    assert [a.id async for a in client.acls.list()] == [acl.id]

    renamed = await client.acls.update(acl.id, name="Office (old)", enabled=False)
    assert (renamed.name, renamed.enabled, len(renamed.ip_ranges)) == ("Office (old)", False, 2)
    replaced = await client.acls.update(
        acl.id, name="Office", ip_ranges=[IpRangeInput(ip_address="192.0.2.1")]
    )
    assert [r.ip_address for r in replaced.ip_ranges] == ["192.0.2.1"]

    await client.acls.delete(acl.id)
    with pytest.raises(NotFoundError):
        await client.acls.get(acl.id)


async def test_ip_ranges(client: AsyncClient):
    acl = await client.acls.create(name="A", ip_ranges=[IpRangeInput(ip_address="192.0.2.1")])
    added = await client.acls.add_ip_range(acl.id, ip_address="198.51.100.0", range=28)
    assert (added.access_control_list_id, added.range) == (acl.id, 28)
    ranges = [f"{r.ip_address}/{r.range}" async for r in client.acls.list_ip_ranges(acl.id)]
    assert sorted(ranges) == ["192.0.2.1/32", "198.51.100.0/28"]

    changed = await client.acls.update_ip_range(
        acl.id, added.id, ip_address="198.51.100.16", range=30, description="VPN"
    )
    assert (changed.ip_address, changed.range, changed.description) == (
        "198.51.100.16",
        30,
        "VPN",
    )
    await client.acls.delete_ip_range(acl.id, added.id)
    assert [r.ip_address async for r in client.acls.list_ip_ranges(acl.id)] == ["192.0.2.1"]


async def test_an_acl_needs_a_range(client: AsyncClient):
    with pytest.raises(BadRequestError) as caught:
        await client.acls.create(name="Empty", ip_ranges=[])
    assert [v.field for v in caught.value.field_violations] == ["ipRanges"]
