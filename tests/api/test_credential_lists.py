"""Credential lists, credentials, their links to trunks, and the delete-order rules."""

from __future__ import annotations

import hashlib

import pytest
from sqlalchemy import select

from opentrunk.store.models import Credential
from tests.api.factories import (
    PASSWORD,
    error_of,
    make_credential_list,
    make_trunk,
    reason_of,
    violated_fields,
)


class TestCredentialList:
    async def test_create_never_returns_passwords(self, api):
        response = await api.post(
            "/credentialLists",
            json={
                "name": "Multi credentials list",
                "credentials": [
                    {"username": "User01", "password": "SecurePassword!234"},
                    {"username": "User02", "password": "SecurePassword!234"},
                ],
            },
        )
        assert response.status_code == 200
        body = response.json()
        assert [c["username"] for c in body["credentials"]] == ["User01", "User02"]
        assert all(set(c) == {"id", "username"} for c in body["credentials"])
        assert "SecurePassword" not in response.text
        assert body["updateTime"] is None

    async def test_only_digest_ha1_is_stored(self, api, state):
        await make_credential_list(api, "alice")
        async with state.database.read_session() as session:
            row = (await session.scalars(select(Credential))).one()
        realm = "pstn.sinch.com"
        assert row.ha1_md5 == hashlib.md5(f"alice:{realm}:{PASSWORD}".encode()).hexdigest()
        assert row.ha1_sha256 == hashlib.sha256(f"alice:{realm}:{PASSWORD}".encode()).hexdigest()
        assert PASSWORD not in repr(row.__dict__)

    @pytest.mark.parametrize(
        "password", ["Short1A", "alllowercase123", "ALLUPPERCASE123", "NoDigitsAtAllHere"]
    )
    async def test_password_policy(self, api, password):
        response = await api.post(
            "/credentialLists",
            json={"name": "n", "credentials": [{"username": "u", "password": password}]},
        )
        assert response.status_code == 400
        assert "credentials[0].password" in violated_fields(response)
        assert "12 characters" in error_of(response)["message"]

    async def test_duplicate_usernames_in_one_list_are_refused(self, api):
        response = await api.post(
            "/credentialLists",
            json={"name": "n", "credentials": [{"username": "u", "password": PASSWORD}] * 2},
        )
        assert response.status_code == 409
        assert (await api.get("/credentialLists")).json()["totalItems"] == 0

    async def test_get_list_and_update_name(self, api):
        created = await make_credential_list(api, "a", "b")
        got = (await api.get(f"/credentialLists/{created['id']}")).json()
        assert got == created
        updated = await api.put(f"/credentialLists/{created['id']}", json={"name": "Renamed"})
        assert updated.status_code == 200
        assert updated.json()["name"] == "Renamed"
        assert updated.json()["credentials"] == created["credentials"]
        listed = (await api.get("/credentialLists")).json()
        assert [c["name"] for c in listed["credentialLists"]] == ["Renamed"]

    async def test_put_with_credentials_replaces_them(self, api):
        created = await make_credential_list(api, "a", "b")
        response = await api.put(
            f"/credentialLists/{created['id']}",
            json={"name": "n", "credentials": [{"username": "c", "password": PASSWORD}]},
        )
        assert [c["username"] for c in response.json()["credentials"]] == ["c"]


class TestCredentials:
    async def test_change_password_and_add_by_put(self, api, state):
        created = await make_credential_list(api, "alice")
        base = f"/credentialLists/{created['id']}/credentials"
        changed = await api.put(f"{base}/alice", json={"password": "AnotherPassw0rd"})
        assert changed.status_code == 200
        assert changed.json() == {"id": created["credentials"][0]["id"], "username": "alice"}
        added = await api.put(f"{base}/bob", json={"password": "AnotherPassw0rd"})
        assert added.status_code == 200
        assert added.json()["username"] == "bob"
        names = [
            c["username"]
            for c in (await api.get(f"/credentialLists/{created['id']}")).json()["credentials"]
        ]
        assert names == ["alice", "bob"]
        async with state.database.read_session() as session:
            alice = await session.scalar(select(Credential).where(Credential.username == "alice"))
        assert alice is not None
        assert alice.ha1_md5 == hashlib.md5(b"alice:pstn.sinch.com:AnotherPassw0rd").hexdigest()

    async def test_weak_password_on_put_is_400(self, api):
        created = await make_credential_list(api, "alice")
        response = await api.put(
            f"/credentialLists/{created['id']}/credentials/alice", json={"password": "weak"}
        )
        assert response.status_code == 400

    async def test_bad_username_on_put_is_400(self, api):
        created = await make_credential_list(api, "alice")
        response = await api.put(
            f"/credentialLists/{created['id']}/credentials/bad%20name", json={"password": PASSWORD}
        )
        assert response.status_code == 400
        assert "username" in violated_fields(response)

    async def test_delete_credential(self, api):
        created = await make_credential_list(api, "alice", "bob")
        base = f"/credentialLists/{created['id']}/credentials"
        assert (await api.delete(f"{base}/alice")).status_code == 204
        assert (await api.delete(f"{base}/alice")).status_code == 404
        remaining = (await api.get(f"/credentialLists/{created['id']}")).json()["credentials"]
        assert [c["username"] for c in remaining] == ["bob"]


class TestTrunkLinksAndDeleteOrder:
    async def test_add_list_bulk_replace_remove(self, api):
        trunk = await make_trunk(api)
        lists = [await make_credential_list(api, f"u{i}", name=f"l{i}") for i in range(3)]
        ids = [x["id"] for x in lists]
        base = f"/trunks/{trunk['id']}/credentialLists"
        added = await api.post(base, json={"credentialListIds": ids[:1]})
        assert added.json() == {"credentialListIds": ids[:1]}
        listed = (await api.get(base)).json()
        assert listed["credentialListIds"] == ids[:1]
        assert listed["credentialLists"][0]["credentials"][0]["username"] == "u0"
        # The SDK's object form and the spec's bare array both replace the whole set.
        assert (await api.put(base, json={"credentialListIds": ids[1:]})).json() == {
            "credentialListIds": ids[1:]
        }
        assert (await api.get(base)).json()["credentialListIds"] == ids[1:]
        assert (await api.put(base, json=[ids[0]])).json() == {"credentialListIds": [ids[0]]}
        assert (await api.get(base)).json()["credentialListIds"] == [ids[0]]
        trunks = (await api.get(f"/credentialLists/{ids[0]}/trunks")).json()
        assert [t["id"] for t in trunks["trunks"]] == [trunk["id"]]
        assert (await api.delete(f"{base}/{ids[0]}")).status_code == 204
        assert (await api.get(base)).json()["totalItems"] == 0

    async def test_list_attached_to_a_trunk_cannot_be_deleted(self, api):
        trunk = await make_trunk(api)
        cred = await make_credential_list(api)
        await api.post(
            f"/trunks/{trunk['id']}/credentialLists", json={"credentialListIds": [cred["id"]]}
        )
        response = await api.delete(f"/credentialLists/{cred['id']}")
        assert response.status_code == 400
        assert (
            error_of(response)["message"]
            == "Credential List cannot be deleted while attached to a SIP Trunk"
        )
        assert reason_of(response) == "CREDENTIAL_LIST_ATTACHED_TO_TRUNK"

    async def test_list_used_by_a_registered_endpoint_cannot_be_deleted(self, api):
        trunk = await make_trunk(api)
        cred = await make_credential_list(api, "pbx01")
        endpoint = await api.post(
            f"/trunks/{trunk['id']}/endpoints",
            json={
                "name": "pbx",
                "priority": 1,
                "isRegistered": True,
                "credentialUsername": "pbx01",
            },
        )
        assert endpoint.status_code == 201
        response = await api.delete(f"/credentialLists/{cred['id']}")
        assert response.status_code == 400
        assert (
            error_of(response)["message"]
            == "Credential List cannot be deleted while attached to a SIP Endpoint"
        )
        await api.delete(f"/trunks/{trunk['id']}/endpoints/{endpoint.json()['id']}")
        assert (await api.delete(f"/credentialLists/{cred['id']}")).status_code == 204

    async def test_bulk_replace_with_unknown_id_changes_nothing(self, api):
        trunk = await make_trunk(api)
        cred = await make_credential_list(api)
        base = f"/trunks/{trunk['id']}/credentialLists"
        await api.post(base, json={"credentialListIds": [cred["id"]]})
        response = await api.put(base, json={"credentialListIds": ["01HA2E80QCBX185VVP21PJG9CT"]})
        assert response.status_code == 404
        assert (await api.get(base)).json()["credentialListIds"] == [cred["id"]]
