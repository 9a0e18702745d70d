"""Call blocking rules."""

from __future__ import annotations

import pytest

from tests.api.factories import violated_fields


async def test_create_echoes_direction_lowercase(api):
    response = await api.post(
        "/callBlockingRules",
        json={
            "name": "Block calls from US",
            "direction": "INBOUND",
            "callerCountry": "US",
            "callerMatch": "123",
        },
    )
    assert response.status_code == 200
    body = response.json()
    assert body["direction"] == "inbound"
    assert (body["callerCountry"], body["callerMatch"]) == ("US", "123")
    assert body["calleeCountry"] is None
    assert body["calleeMatch"] is None
    assert body["updateTime"] is None


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"direction": "SIDEWAYS"}, "direction"),
        ({}, "direction"),
        ({"direction": "outbound", "calleeCountry": "ZZ"}, "calleeCountry"),
        ({"direction": "outbound", "calleeMatch": "12ab"}, "calleeMatch"),
    ],
)
async def test_invalid_rules(api, body, field):
    response = await api.post("/callBlockingRules", json=body)
    assert response.status_code == 400
    assert field in violated_fields(response)


async def test_update_list_sort_delete(api):
    ids = []
    for name, direction in (("b", "outbound"), ("a", "Inbound"), ("c", "OUTBOUND")):
        ids.append(
            (
                await api.post("/callBlockingRules", json={"name": name, "direction": direction})
            ).json()["id"]
        )
    listed = (await api.get("/callBlockingRules")).json()
    assert listed["totalItems"] == 3
    assert [r["id"] for r in listed["callBlockingRules"]] == ids
    by_name = (await api.get("/callBlockingRules", params={"sort": "name,(ascending)"})).json()
    assert [r["name"] for r in by_name["callBlockingRules"]] == ["a", "b", "c"]
    updated = await api.put(
        f"/callBlockingRules/{ids[0]}", json={"direction": "OUTBOUND", "calleeMatch": "+1900"}
    )
    assert updated.status_code == 200
    assert updated.json()["name"] is None  # PUT replaces: the omitted name is cleared
    assert updated.json()["calleeMatch"] == "+1900"
    assert (await api.delete(f"/callBlockingRules/{ids[0]}")).status_code == 204
    assert (await api.delete(f"/callBlockingRules/{ids[0]}")).status_code == 404
    assert (await api.get("/callBlockingRules")).json()["totalItems"] == 2


async def test_rules_of_another_project_are_invisible(api, other_tenant):
    rule = (await api.post("/callBlockingRules", json={"direction": "INBOUND"})).json()
    assert (
        await other_tenant.client.put(
            f"/callBlockingRules/{rule['id']}", json={"direction": "INBOUND"}
        )
    ).status_code == 404
    assert (await other_tenant.client.get("/callBlockingRules")).json()["totalItems"] == 0
