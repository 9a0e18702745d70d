"""Country permissions: project-wide, US and CA enabled by default."""

from __future__ import annotations

from tests.api.factories import error_of


async def test_defaults(api):
    body = (await api.get("/countryPermissions")).json()
    assert set(body) == {"countryPermissions"}
    by_code = {c["isoCode"]: c for c in body["countryPermissions"]}
    assert len(by_code) > 200
    assert by_code["US"]["enabled"] is True
    assert by_code["CA"]["enabled"] is True
    assert by_code["SE"] == {
        "isoCode": "SE", "name": "Sweden", "continent": "Europe",
        "countryDialingCodes": ["+46"], "enabled": False,
    }  # fmt: skip
    assert sum(c["enabled"] for c in by_code.values()) == 2


async def test_update_and_get(api):
    response = await api.put("/countryPermissions/se", json={"enabled": True})
    assert response.status_code == 200
    assert response.json()["isoCode"] == "SE"
    assert response.json()["enabled"] is True
    assert (await api.get("/countryPermissions/SE")).json()["enabled"] is True
    await api.put("/countryPermissions/US", json={"enabled": False})
    listed = {
        c["isoCode"]: c["enabled"]
        for c in (await api.get("/countryPermissions")).json()["countryPermissions"]
    }
    assert (listed["SE"], listed["US"], listed["CA"]) == (True, False, True)


async def test_permissions_are_per_project(api, other_tenant):
    await api.put("/countryPermissions/SE", json={"enabled": True})
    assert (await other_tenant.client.get("/countryPermissions/SE")).json()["enabled"] is False


async def test_unknown_country_is_404_and_bad_body_400(api):
    response = await api.get("/countryPermissions/XX")
    assert response.status_code == 404
    error_of(response)
    assert (await api.put("/countryPermissions/SE", json={"enabled": "yes"})).status_code == 400
    assert (await api.put("/countryPermissions/SE", json={})).status_code == 400
