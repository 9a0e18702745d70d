"""The route table the SIP edge reads, built from configuration made through the API."""

from __future__ import annotations

import ipaddress

from opentrunk.trunking.routing import (
    BlockingRule,
    Ipv4RangeSet,
    load_project_routes,
    load_route_table,
)
from tests.api.factories import make_acl, make_credential_list, make_trunk
from tests.conftest import PROJECT_ID


def test_range_set_merges_and_bisects():
    ranges = Ipv4RangeSet(
        ipaddress.IPv4Network(n)
        for n in ["10.0.0.0/24", "10.0.1.0/24", "192.0.2.7/32", "10.0.0.128/25"]
    )
    assert len(ranges) == 2  # the two /24s touch and merge; the /25 is inside
    assert "10.0.1.255" in ranges
    assert "10.0.2.0" not in ranges
    assert "192.0.2.7" in ranges
    assert "192.0.2.8" not in ranges
    assert "not-an-ip" not in ranges
    assert "::1" not in ranges
    assert not Ipv4RangeSet()


def test_blocking_rule_matching():
    rule = BlockingRule("r", "OUTBOUND", "US", "+1900")
    assert rule.matches("+19005550000", "US")
    assert not rule.matches("+12125550000", "US")
    assert not rule.matches("+19005550000", "CA")
    assert BlockingRule("r", "INBOUND", None, None).matches("+4620000000", "SE")


async def test_table_reflects_the_configuration(api, state):
    trunk = await make_trunk(api, "edge")
    acl = await make_acl(api, ("198.51.100.0", 24))
    disabled = await make_acl(api, ("203.0.113.0", 24), name="off")
    await api.put(f"/accessControlLists/{disabled['id']}", json={"name": "off", "enabled": False})
    creds = await make_credential_list(api, "pbx01")
    await make_credential_list(api, "unlinked", name="not linked")
    await api.post(
        f"/trunks/{trunk['id']}/accessControlLists",
        json={"accessControlListIds": [acl["id"], disabled["id"]]},
    )
    await api.post(
        f"/trunks/{trunk['id']}/credentialLists", json={"credentialListIds": [creds["id"]]}
    )
    base = f"/trunks/{trunk['id']}/endpoints"
    await api.post(base, json={"name": "backup", "address": "10.0.0.2", "priority": 100})
    await api.post(base, json={"name": "primary", "address": "10.0.0.1", "priority": 1})
    await api.post(
        base, json={"name": "off", "address": "10.0.0.3", "priority": 1, "enabled": False}
    )
    await api.post("/phoneNumbers", json={"sipTrunkId": trunk["id"], "phoneNumber": "+15552229999"})
    await api.put("/countryPermissions/SE", json={"enabled": True})
    await api.post("/callBlockingRules", json={"direction": "OUTBOUND", "calleeMatch": "+1900"})

    async with state.database.read_session() as session:
        table = await load_route_table(session)
        routes = await load_project_routes(session, PROJECT_ID)
    route = table.trunk_for_domain("EDGE.pstn.sinch.com.")
    assert route is not None
    assert route.id == trunk["id"]
    assert "198.51.100.77" in route.acl
    assert "203.0.113.5" not in route.acl  # the disabled ACL does not authorise
    assert set(route.credentials) == {"pbx01"}
    assert [e.name for e in route.endpoints] == ["primary", "backup"]
    assert table.by_number["+15552229999"].id == trunk["id"]
    assert routes.enabled_countries >= {"US", "CA", "SE"}
    assert "GB" not in routes.enabled_countries
    assert routes.blocked("OUTBOUND", "+19001234567", "US") is not None
    assert routes.blocked("INBOUND", "+19001234567", "US") is None

    await api.delete(f"/trunks/{trunk['id']}/accessControlLists/{acl['id']}")
    async with state.database.read_session() as session:
        updated = table.with_project(await load_project_routes(session, PROJECT_ID))
    assert "198.51.100.77" not in updated.by_id[trunk["id"]].acl
    assert "198.51.100.77" in table.by_id[trunk["id"]].acl  # the old snapshot is unchanged
