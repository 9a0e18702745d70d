"""SIP endpoints: static and registered."""

from __future__ import annotations

import pytest

from tests.api.factories import (
    error_of,
    make_credential_list,
    make_trunk,
    reason_of,
    violated_fields,
)


@pytest.fixture
async def trunk(api):
    return await make_trunk(api)


class TestStatic:
    async def test_create_with_defaults(self, api, trunk):
        response = await api.post(
            f"/trunks/{trunk['id']}/endpoints",
            json={"name": "Capsule Corp Endpoint", "address": "127.0.0.1", "priority": 2},
        )
        assert response.status_code == 201
        body = response.json()
        assert body["sipTrunkId"] == trunk["id"]
        assert (body["port"], body["transport"], body["enabled"]) == (5060, "UDP", True)
        assert body["priority"] == 2
        assert body["isRegistered"] is False
        assert body["updateTime"] is None

    @pytest.mark.parametrize("address", ["pbx.example.com", "10.1.2.3", "2001:db8::5"])
    async def test_addresses_ip_or_fqdn(self, api, trunk, address):
        response = await api.post(
            f"/trunks/{trunk['id']}/endpoints",
            json={"name": "e", "address": address, "priority": 1, "transport": "tls", "port": 5061},
        )
        assert response.status_code == 201
        assert response.json()["transport"] == "TLS"

    @pytest.mark.parametrize(
        ("extra", "field"),
        [
            ({"address": "not a host"}, "address"),
            ({"address": "10.0.0.1", "port": 70000}, "port"),
            ({"address": "10.0.0.1", "transport": "SCTP"}, "transport"),
            ({"address": "10.0.0.1", "priority": 0}, "priority"),
        ],
    )
    async def test_invalid_fields(self, api, trunk, extra, field):
        body = {"name": "e", "priority": 1, **extra}
        response = await api.post(f"/trunks/{trunk['id']}/endpoints", json=body)
        assert response.status_code == 400
        assert field in violated_fields(response)

    async def test_neither_kind_is_400(self, api, trunk):
        response = await api.post(
            f"/trunks/{trunk['id']}/endpoints", json={"name": "e", "priority": 1}
        )
        assert response.status_code == 400
        assert "address" in error_of(response)["message"]

    async def test_put_replaces_and_list_get_delete(self, api, trunk):
        base = f"/trunks/{trunk['id']}/endpoints"
        created = (await api.post(base, json={
            "name": "a", "address": "10.0.0.1", "priority": 5, "port": 5080, "enabled": False,
        })).json()  # fmt: skip
        updated = await api.put(
            f"{base}/{created['id']}", json={"name": "b", "address": "10.0.0.2", "priority": 1}
        )
        assert updated.status_code == 200
        body = updated.json()
        assert (body["name"], body["address"], body["priority"]) == ("b", "10.0.0.2", 1)
        assert (body["port"], body["enabled"]) == (5060, True)
        assert body["updateTime"] is not None
        assert (await api.get(f"{base}/{created['id']}")).json() == body
        listed = (await api.get(base)).json()
        assert listed["totalItems"] == 1
        assert listed["endpoints"][0]["id"] == created["id"]
        assert (await api.delete(f"{base}/{created['id']}")).status_code == 204
        assert (await api.get(f"{base}/{created['id']}")).status_code == 404

    async def test_endpoint_of_another_trunk_is_not_found(self, api, trunk):
        other = await make_trunk(api, "other")
        created = (
            await api.post(
                f"/trunks/{trunk['id']}/endpoints",
                json={"name": "a", "address": "10.0.0.1", "priority": 1},
            )
        ).json()
        assert (
            await api.get(f"/trunks/{other['id']}/endpoints/{created['id']}")
        ).status_code == 404

    async def test_unknown_trunk_is_404(self, api):
        response = await api.post(
            "/trunks/01HA2E80QCBX185VVP21PJG9CT/endpoints",
            json={"name": "a", "address": "10.0.0.1", "priority": 1},
        )
        assert response.status_code == 404


class TestRegistered:
    async def test_needs_a_known_username(self, api, trunk):
        body = {"name": "r", "priority": 1, "isRegistered": True, "credentialUsername": "ghost"}
        response = await api.post(f"/trunks/{trunk['id']}/endpoints", json=body)
        assert response.status_code == 404
        assert reason_of(response) == "CREDENTIAL_NOT_FOUND"
        await make_credential_list(api, "ghost")
        # The list need not be linked to the trunk for the endpoint to be created.
        created = await api.post(f"/trunks/{trunk['id']}/endpoints", json=body)
        assert created.status_code == 201
        assert created.json()["isRegistered"] is True
        assert created.json()["credentialUsername"] == "ghost"
        assert created.json()["address"] is None

    async def test_older_sdk_spelling_is_accepted(self, api, trunk):
        await make_credential_list(api, "pbx01")
        response = await api.post(
            f"/trunks/{trunk['id']}/endpoints",
            json={"name": "r", "priority": 1, "isRegistered": True, "credentialUserName": "pbx01"},
        )
        assert response.status_code == 201
        assert response.json()["credentialUsername"] == "pbx01"

    async def test_registered_without_username_or_with_address_is_400(self, api, trunk):
        base = f"/trunks/{trunk['id']}/endpoints"
        assert (
            await api.post(base, json={"name": "r", "priority": 1, "isRegistered": True})
        ).status_code == 400
        both = {"name": "r", "priority": 1, "isRegistered": True, "credentialUsername": "u",
                "address": "10.0.0.1"}  # fmt: skip
        assert (await api.post(base, json=both)).status_code == 400

    async def test_username_of_another_project_does_not_count(self, api, trunk, other_tenant):
        await other_tenant.client.post(
            "/credentialLists",
            json={
                "name": "x",
                "credentials": [{"username": "theirs", "password": "SecurePassword1234"}],
            },
        )
        response = await api.post(
            f"/trunks/{trunk['id']}/endpoints",
            json={"name": "r", "priority": 1, "isRegistered": True, "credentialUsername": "theirs"},
        )
        assert response.status_code == 404
