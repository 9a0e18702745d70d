"""SIP trunks: create, read, list, full-replacement update, delete, and their rules."""

from __future__ import annotations

import pytest

from tests.api.factories import error_of, make_trunk, reason_of, violated_fields
from tests.conftest import PROJECT_ID


class TestCreate:
    async def test_defaults_as_sinch_returns_them(self, api):
        response = await api.post("/trunks", json={"name": "Friendly", "hostName": "e2e-sip-trunk"})
        assert response.status_code == 201
        body = response.json()
        assert len(body["id"]) == 26
        assert body["projectId"] == PROJECT_ID
        assert body["hostName"] == "e2e-sip-trunk"
        assert body["topLevelDomain"] == "pstn.sinch.com"
        assert body["domain"] == "e2e-sip-trunk.pstn.sinch.com"
        assert body["callsPerSecond"] == 1
        assert body["enableCallerName"] is False
        assert body["enableCallForward"] is False
        assert body["callForwardNumber"] == ""
        assert body["createTime"].endswith("Z")
        assert body["updateTime"] is None

    async def test_read_only_fields_in_the_body_are_ignored(self, api):
        body = await make_trunk(api, "ro", callsPerSecond=50, id="X", topLevelDomain="evil.com")
        assert body["callsPerSecond"] == 1
        assert body["topLevelDomain"] == "pstn.sinch.com"
        assert body["id"] != "X"

    async def test_host_name_is_unique_across_projects(self, api, other_tenant):
        await make_trunk(api, "shared-name")
        response = await other_tenant.client.post(
            "/trunks", json={"name": "Mine too", "hostName": "Shared-Name"}
        )
        assert response.status_code == 409
        assert error_of(response)["status"] == "ALREADY_EXISTS"
        assert "hostName" in violated_fields(response)

    @pytest.mark.parametrize(
        "host", ["has space", "under_score", "-leading", "trailing-", "dot.ted", "", "x" * 64]
    )
    async def test_bad_host_names_are_400(self, api, host):
        response = await api.post("/trunks", json={"name": "n", "hostName": host})
        assert response.status_code == 400
        assert "hostName" in violated_fields(response)

    @pytest.mark.parametrize(
        ("body", "field"),
        [
            ({"hostName": "abc"}, "name"),
            ({"name": "n"}, "hostName"),
            ({"name": 5, "hostName": "abc"}, "name"),
            ({"name": "n", "hostName": "abc", "enableCallerName": "true"}, "enableCallerName"),
            ({"name": "n", "hostName": "abc", "callForwardNumber": "12345"}, "callForwardNumber"),
        ],
    )
    async def test_invalid_bodies_name_the_field(self, api, body, field):
        response = await api.post("/trunks", json=body)
        assert response.status_code == 400
        assert field in violated_fields(response)

    async def test_call_forwarding_needs_a_number(self, api):
        response = await api.post(
            "/trunks", json={"name": "n", "hostName": "fwd", "enableCallForward": True}
        )
        assert response.status_code == 400
        assert "callForwardNumber" in error_of(response)["message"]
        ok = await make_trunk(api, "fwd", enableCallForward=True, callForwardNumber="+15551234567")
        assert ok["callForwardNumber"] == "+15551234567"

    async def test_body_that_is_not_an_object_is_400(self, api):
        response = await api.post("/trunks", json=["name", "hostName"])
        assert response.status_code == 400


class TestReadAndList:
    async def test_get_unknown_is_404_in_the_error_format(self, api):
        response = await api.get("/trunks/01HA2E80QCBX185VVP21PJG9CT")
        assert response.status_code == 404
        assert error_of(response)["status"] == "NOT_FOUND"

    async def test_list_pages_with_numeric_envelope(self, api):
        ids = [(await make_trunk(api, f"t{i}"))["id"] for i in range(5)]
        first = (await api.get("/trunks", params={"page": 1, "size": 2})).json()
        assert first["totalItems"] == 5
        assert first["pageNumber"] == 1
        assert first["pageSize"] == 2
        assert first["size"] == 2
        seen = []
        for page in (1, 2, 3):
            body = (await api.get("/trunks", params={"page": page, "size": 2})).json()
            seen += [t["id"] for t in body["trunks"]]
        assert seen == ids
        beyond = (await api.get("/trunks", params={"page": 9, "size": 2})).json()
        assert beyond["trunks"] == []
        assert beyond["totalItems"] == 5

    async def test_filter_by_domain(self, api):
        await make_trunk(api, "alpha")
        beta = await make_trunk(api, "beta")
        body = (await api.get("/trunks", params={"domain": "beta.pstn.sinch.com"})).json()
        assert [t["id"] for t in body["trunks"]] == [beta["id"]]

    @pytest.mark.parametrize(("name", "value"), [("page", "0"), ("page", "x"), ("size", "501")])
    async def test_bad_paging_is_400(self, api, name, value):
        response = await api.get("/trunks", params={name: value})
        assert response.status_code == 400
        assert name in violated_fields(response)


class TestUpdate:
    async def test_put_replaces_the_whole_object(self, api):
        trunk = await make_trunk(
            api, "old", enableCallerName=True, enableCallForward=True,
            callForwardNumber="+15551234567",
        )  # fmt: skip
        response = await api.put(f"/trunks/{trunk['id']}", json={"name": "New", "hostName": "new"})
        assert response.status_code == 200
        body = response.json()
        assert body["name"] == "New"
        assert body["domain"] == "new.pstn.sinch.com"
        # Omitted fields fall back to their defaults.
        assert body["enableCallerName"] is False
        assert body["enableCallForward"] is False
        assert body["callForwardNumber"] == ""
        assert body["createTime"] == trunk["createTime"]
        assert body["updateTime"] is not None
        assert (await api.get(f"/trunks/{trunk['id']}")).json() == body

    async def test_put_cannot_take_another_trunks_host_name(self, api):
        await make_trunk(api, "taken")
        mine = await make_trunk(api, "mine")
        response = await api.put(f"/trunks/{mine['id']}", json={"name": "m", "hostName": "taken"})
        assert response.status_code == 409
        assert (await api.get(f"/trunks/{mine['id']}")).json()["hostName"] == "mine"

    async def test_put_missing_required_field_changes_nothing(self, api):
        trunk = await make_trunk(api, "keep")
        response = await api.put(f"/trunks/{trunk['id']}", json={"name": "only name"})
        assert response.status_code == 400
        assert (await api.get(f"/trunks/{trunk['id']}")).json() == trunk


class TestDelete:
    async def test_delete_is_204_and_gone(self, api):
        trunk = await make_trunk(api)
        response = await api.delete(f"/trunks/{trunk['id']}")
        assert response.status_code == 204
        assert response.content == b""
        assert (await api.get(f"/trunks/{trunk['id']}")).status_code == 404
        assert (await api.delete(f"/trunks/{trunk['id']}")).status_code == 404

    async def test_trunk_with_numbers_cannot_be_deleted(self, api):
        trunk = await make_trunk(api)
        await api.post(
            "/phoneNumbers", json={"sipTrunkId": trunk["id"], "phoneNumber": "+15552229999"}
        )
        response = await api.delete(f"/trunks/{trunk['id']}")
        assert response.status_code == 400
        assert "Cannot delete SIP Trunk" in error_of(response)["message"]
        assert "phone numbers assigned" in error_of(response)["message"]
        assert reason_of(response) == "TRUNK_HAS_PHONE_NUMBERS"
        assert (await api.get(f"/trunks/{trunk['id']}")).status_code == 200
        await api.delete("/phoneNumbers/+15552229999")
        assert (await api.delete(f"/trunks/{trunk['id']}")).status_code == 204

    async def test_deleting_a_trunk_removes_its_endpoints_and_links(self, api):
        trunk = await make_trunk(api)
        acl = (
            await api.post(
                "/accessControlLists",
                json={"name": "a", "ipRanges": [{"ipAddress": "198.51.100.0", "range": 24}]},
            )
        ).json()
        await api.post(
            f"/trunks/{trunk['id']}/accessControlLists", json={"accessControlListIds": [acl["id"]]}
        )
        await api.post(
            f"/trunks/{trunk['id']}/endpoints",
            json={"name": "pbx", "address": "198.51.100.7", "priority": 1},
        )
        assert (await api.delete(f"/trunks/{trunk['id']}")).status_code == 204
        # The ACL survives and no longer lists the trunk, so it can now be deleted.
        assert (await api.get(f"/accessControlLists/{acl['id']}/trunks")).json()["trunks"] == []
        assert (await api.delete(f"/accessControlLists/{acl['id']}")).status_code == 204
