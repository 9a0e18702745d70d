"""Phone numbers assigned to trunks: the three ways to assign, two to unassign."""

from __future__ import annotations

import pytest

from tests.api.factories import error_of, make_trunk, reason_of, violated_fields


@pytest.fixture
async def trunk(api):
    return await make_trunk(api)


class TestAssign:
    async def test_post_phone_numbers(self, api, trunk):
        response = await api.post(
            "/phoneNumbers", json={"sipTrunkId": trunk["id"], "phoneNumber": "+15552229999"}
        )
        assert response.status_code == 201
        body = response.json()
        assert body["phoneNumber"] == "+15552229999"
        assert body["sipTrunkId"] == trunk["id"]
        assert body["countryCode"] == "US"
        assert body["updateTime"] is None
        assert len(body["id"]) == 26

    async def test_post_on_the_trunk(self, api, trunk):
        response = await api.post(
            f"/trunks/{trunk['id']}/phoneNumbers", json={"phoneNumber": "+46701234567"}
        )
        assert response.status_code == 201
        assert response.json()["countryCode"] == "SE"

    async def test_move_between_own_trunks(self, api, trunk):
        other = await make_trunk(api, "second")
        first = (
            await api.post(
                "/phoneNumbers", json={"sipTrunkId": trunk["id"], "phoneNumber": "+15552229999"}
            )
        ).json()
        moved = await api.post(
            "/phoneNumbers", json={"sipTrunkId": other["id"], "phoneNumber": "+15552229999"}
        )
        assert moved.status_code == 201
        assert moved.json()["id"] == first["id"]
        assert moved.json()["sipTrunkId"] == other["id"]
        assert moved.json()["updateTime"] is not None

    async def test_a_did_belongs_to_one_trunk_across_projects(self, api, trunk, other_tenant):
        await api.post(
            "/phoneNumbers", json={"sipTrunkId": trunk["id"], "phoneNumber": "+15552229999"}
        )
        theirs = (
            await other_tenant.client.post("/trunks", json={"name": "t", "hostName": "theirs"})
        ).json()
        response = await other_tenant.client.post(
            "/phoneNumbers", json={"sipTrunkId": theirs["id"], "phoneNumber": "+15552229999"}
        )
        assert response.status_code == 409
        assert reason_of(response) == "PHONE_NUMBER_ALREADY_ASSIGNED"
        assert (await api.get("/phoneNumbers/+15552229999")).json()["sipTrunkId"] == trunk["id"]

    @pytest.mark.parametrize(
        "number", ["15552229999", "+0123", "+1555abc", "", "+1234567890123456"]
    )
    async def test_not_e164_is_400(self, api, trunk, number):
        response = await api.post(
            "/phoneNumbers", json={"sipTrunkId": trunk["id"], "phoneNumber": number}
        )
        assert response.status_code == 400
        assert "phoneNumber" in violated_fields(response)

    async def test_unknown_trunk_is_404(self, api):
        response = await api.post(
            "/phoneNumbers",
            json={"sipTrunkId": "01HA2E80QCBX185VVP21PJG9CT", "phoneNumber": "+15552229999"},
        )
        assert response.status_code == 404
        assert (await api.get("/phoneNumbers")).json()["totalItems"] == 0


class TestReadAndUnassign:
    async def test_get_with_literal_plus_and_escaped_plus(self, api, trunk):
        await api.post(
            "/phoneNumbers", json={"sipTrunkId": trunk["id"], "phoneNumber": "+15552229999"}
        )
        for path in ("/phoneNumbers/+15552229999", "/phoneNumbers/%2B15552229999"):
            response = await api.get(path)
            assert response.status_code == 200, path
            assert response.json()["phoneNumber"] == "+15552229999"

    async def test_get_unassigned_is_404_and_garbage_is_400(self, api):
        assert (await api.get("/phoneNumbers/+15550000000")).status_code == 404
        response = await api.get("/phoneNumbers/not-a-number")
        assert response.status_code == 400
        error_of(response)

    async def test_list_filtered_by_trunk_and_sorted(self, api, trunk):
        other = await make_trunk(api, "second")
        for number, target in (
            ("+15550000003", trunk),
            ("+15550000001", trunk),
            ("+15550000002", other),
        ):
            await api.post(
                "/phoneNumbers", json={"sipTrunkId": target["id"], "phoneNumber": number}
            )
        mine = (await api.get("/phoneNumbers", params={"sipTrunkId": trunk["id"]})).json()
        assert [n["phoneNumber"] for n in mine["phoneNumbers"]] == ["+15550000003", "+15550000001"]
        ordered = (
            await api.get("/phoneNumbers", params={"sort": "phoneNumber,(descending)"})
        ).json()
        assert [n["phoneNumber"] for n in ordered["phoneNumbers"]] == [
            "+15550000003", "+15550000002", "+15550000001",
        ]  # fmt: skip
        assert (await api.get("/phoneNumbers", params={"sort": "secret,asc"})).status_code == 400

    async def test_unassign_by_delete_and_by_empty_trunk_id(self, api, trunk):
        for number in ("+15550000001", "+15550000002"):
            await api.post("/phoneNumbers", json={"sipTrunkId": trunk["id"], "phoneNumber": number})
        assert (await api.delete("/phoneNumbers/+15550000001")).status_code == 204
        response = await api.post(
            "/phoneNumbers", json={"sipTrunkId": "", "phoneNumber": "+15550000002"}
        )
        assert response.status_code == 204
        assert (await api.get("/phoneNumbers")).json()["totalItems"] == 0
        assert (await api.delete("/phoneNumbers/+15550000001")).status_code == 404

    async def test_numbers_of_another_project_are_invisible(self, api, trunk, other_tenant):
        await api.post(
            "/phoneNumbers", json={"sipTrunkId": trunk["id"], "phoneNumber": "+15552229999"}
        )
        assert (await other_tenant.client.get("/phoneNumbers/+15552229999")).status_code == 404
        assert (await other_tenant.client.delete("/phoneNumbers/+15552229999")).status_code == 404
        assert (await other_tenant.client.get("/phoneNumbers")).json()["totalItems"] == 0
