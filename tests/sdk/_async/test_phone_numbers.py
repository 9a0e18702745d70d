"""``client.phone_numbers``: listing, reading, assigning and unassigning numbers."""

from __future__ import annotations

import pytest

from opentrunk.sdk import AsyncClient, NotFoundError


async def test_assign_get_list_unassign(client: AsyncClient):
    trunk = await client.trunks.create(name="T", host_name="pn")
    other = await client.trunks.create(name="O", host_name="pn-other")
    number = await client.phone_numbers.assign("+15552229999", sip_trunk_id=trunk.id)
    assert (number.phone_number, number.sip_trunk_id) == ("+15552229999", trunk.id)
    await client.phone_numbers.assign("+15552220000", sip_trunk_id=other.id)

    assert (await client.phone_numbers.get("+15552229999")).sip_trunk_id == trunk.id
    everything = [n.phone_number async for n in client.phone_numbers.list(sort="phoneNumber,desc")]
    assert everything == ["+15552229999", "+15552220000"]
    mine = [n.phone_number async for n in client.phone_numbers.list(sip_trunk_id=trunk.id)]
    assert mine == ["+15552229999"]

    moved = await client.phone_numbers.assign("+15552229999", sip_trunk_id=other.id)
    assert moved.sip_trunk_id == other.id

    await client.phone_numbers.unassign("+15552229999")
    with pytest.raises(NotFoundError):
        await client.phone_numbers.get("+15552229999")
