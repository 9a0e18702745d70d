"""``client.country_permissions``."""

from __future__ import annotations

from opentrunk.sdk import AsyncClient


async def test_list_get_update(client: AsyncClient):
    permissions = await client.country_permissions.list()
    enabled = {p.iso_code for p in permissions if p.enabled}
    assert {"US", "CA"} <= enabled
    sweden = await client.country_permissions.get("SE")
    assert (sweden.name, sweden.enabled, sweden.country_dialing_codes) == (
        "Sweden",
        False,
        ["+46"],
    )
    assert (await client.country_permissions.update("SE", enabled=True)).enabled is True
    assert (await client.country_permissions.get("SE")).enabled is True
