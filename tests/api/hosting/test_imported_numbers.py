"""Imported numbers: import one, read, list, link and unlink, delete."""

from __future__ import annotations

import pytest

from tests.api.hosting.conftest import DELAY, error_of, violated

PROJECT = "/admin/projects/3acb7ae1-cf3d-4112-ba5e-3a9d8c71cd47"
NUMBER = "+12025550200"


async def import_number(api, number=NUMBER, *, plan="plan-a", campaign="CAMP001", **extra):
    sms = {"servicePlanId": plan, **({"campaignId": campaign} if campaign else {})}
    response = await api.post(
        "/importedNumbers",
        json={"phoneNumber": number, "regionCode": "US", "smsConfiguration": sms, **extra},
    )
    assert response.status_code == 200, response.text
    return response.json()


async def get(api, number=NUMBER):
    response = await api.get(f"/importedNumbers/{number}")
    assert response.status_code == 200, response.text
    return response.json()


class TestImport:
    async def test_import_provisions_then_links(self, api, run):
        body = await import_number(api, displayName="Front desk")
        assert body["phoneNumber"] == NUMBER
        assert body["displayName"] == "Front desk"
        sms = body["smsConfiguration"]
        assert (sms["servicePlanId"], sms["campaignId"]) == ("", "")  # nothing linked yet
        assert sms["scheduledProvisioning"]["servicePlanId"] == "plan-a"
        assert sms["scheduledProvisioning"]["campaignId"] == "CAMP001"
        assert sms["scheduledProvisioning"]["status"] == 2  # IN_PROGRESS
        now = await get(api)
        assert now["smsProvisioning"]["state"] == "IN_PROGRESS"
        assert now["campaignProvisioning"]["state"] == "WAITING"
        await run(DELAY)
        now = await get(api)
        assert now["smsConfiguration"]["servicePlanId"] == "plan-a"
        assert now["smsProvisioning"] == {
            "serviceType": "SMS",
            "serviceId": "plan-a",
            "type": "PROVISIONING",
            "state": "DONE",
            "updateTime": now["smsProvisioning"]["updateTime"],
            "errorMessage": "",
            "errorCode": "",
        }
        assert now["campaignProvisioning"]["state"] == "IN_PROGRESS"
        assert {c["state"] for c in now["mnoConfiguration"].values()} == {"IN_PROGRESS"}
        await run(DELAY)
        now = await get(api)
        assert now["smsConfiguration"]["campaignId"] == "CAMP001"
        assert "scheduledProvisioning" not in now["smsConfiguration"]
        assert now["mnoConfiguration"]["smsTmo"]["operation"] == "PROVISIONING"
        assert {c["state"] for c in now["mnoConfiguration"].values()} == {"DONE"}

    async def test_migrate_to_sinch_tmo_is_read_only_here(self, api):
        response = await api.post(
            "/importedNumbers",
            json={
                "phoneNumber": NUMBER,
                "regionCode": "US",
                "smsConfiguration": {"servicePlanId": "p", "migrateToSinchTmo": True},
            },
        )
        assert response.json()["smsConfiguration"]["migrateToSinchTmo"] is False

    async def test_already_imported_is_409_in_any_project(self, api, other_tenant):
        await import_number(api)
        again = await api.post(
            "/importedNumbers",
            json={
                "phoneNumber": NUMBER,
                "regionCode": "US",
                "smsConfiguration": {"servicePlanId": "p"},
            },
        )
        assert again.status_code == 409
        assert error_of(again)["status"] == "ALREADY_EXISTS"
        theirs = await other_tenant.client.post(
            "/importedNumbers",
            json={
                "phoneNumber": NUMBER,
                "regionCode": "US",
                "smsConfiguration": {"servicePlanId": "p"},
            },
        )
        assert theirs.status_code == 409

    @pytest.mark.parametrize(
        ("body", "field"),
        [
            ({"phoneNumber": "2025550200", "regionCode": "US"}, "phoneNumber[0]"),
            ({"phoneNumber": NUMBER, "regionCode": "SE"}, "regionCode"),
            ({"phoneNumber": "+14165550100", "regionCode": "US"}, "phoneNumber[0]"),
            (
                {
                    "phoneNumber": NUMBER,
                    "regionCode": "US",
                    "smsConfiguration": {"servicePlanId": ""},
                },
                "smsConfiguration.servicePlanId",
            ),
            (
                {"phoneNumber": NUMBER, "regionCode": "US", "smsConfiguration": None},
                "smsConfiguration",
            ),
            ({"phoneNumber": NUMBER}, "regionCode"),
        ],
    )
    async def test_invalid_is_400(self, api, body, field):
        body = {"smsConfiguration": {"servicePlanId": "p"}, **body}
        response = await api.post("/importedNumbers", json=body)
        assert response.status_code == 400, response.text
        assert field in violated(response)
        assert (await api.get(f"/importedNumbers/{NUMBER}")).status_code == 404

    async def test_project_id_in_the_body_must_match(self, api):
        response = await api.post(
            "/importedNumbers",
            json={
                "phoneNumber": NUMBER,
                "regionCode": "US",
                "projectId": "someone-else",
                "smsConfiguration": {"servicePlanId": "p"},
            },
        )
        assert response.status_code == 400
        assert "projectId" in violated(response)


class TestList:
    @pytest.mark.parametrize("missing", ["servicePlanId", "campaignId"])
    async def test_service_plan_and_campaign_are_required(self, api, missing):
        params = {"servicePlanId": "p", "campaignId": "c"}
        del params[missing]
        response = await api.get("/importedNumbers", params=params)
        assert response.status_code == 400
        assert f"'{missing}'" in error_of(response)["message"]

    async def test_filters_and_patterns(self, api, run):
        await import_number(api, "+12065550001", plan="p1", campaign="")
        await import_number(api, "+12065550002", plan="p2", campaign="")
        await import_number(api, "+13125550206", plan="p1", campaign="")
        await run(DELAY)

        async def listed(**params):
            response = await api.get("/importedNumbers", params={"campaignId": "", **params})
            assert response.status_code == 200, response.text
            return [n["phoneNumber"] for n in response.json()["importedNumbers"]]

        assert await listed(servicePlanId="") == ["+12065550001", "+12065550002", "+13125550206"]
        assert await listed(servicePlanId="p1") == ["+12065550001", "+13125550206"]
        start = {"numberPattern.pattern": "+1206", "numberPattern.searchPattern": "START"}
        assert await listed(servicePlanId="", **start) == ["+12065550001", "+12065550002"]
        end = {"numberPattern.pattern": "206", "numberPattern.searchPattern": "END"}
        assert await listed(servicePlanId="", **end) == ["+13125550206"]
        unescaped = await api.get(
            "/importedNumbers?servicePlanId=&campaignId=&numberPattern.pattern=+1312"
            "&numberPattern.searchPattern=START"
        )
        assert unescaped.json()["totalSize"] == 1
        bad = await api.get(
            "/importedNumbers",
            params={"servicePlanId": "", "campaignId": "", "numberPattern.pattern": "abc"},
        )
        assert bad.status_code == 400


class TestLinking:
    async def test_relink_needs_an_unlink_first(self, api, run):
        await import_number(api)
        await run(DELAY)
        await run(DELAY)
        direct = await api.patch(
            f"/importedNumbers/{NUMBER}", json={"smsConfiguration": {"campaignId": "CAMP002"}}
        )
        assert direct.status_code == 400
        assert "Unlink it first" in error_of(direct)["message"]
        unlink = await api.patch(
            f"/importedNumbers/{NUMBER}", json={"smsConfiguration": {"campaignId": ""}}
        )
        assert unlink.status_code == 200
        assert (await get(api))["campaignProvisioning"]["type"] == "DEPROVISIONING"
        busy = await api.patch(
            f"/importedNumbers/{NUMBER}", json={"smsConfiguration": {"campaignId": "CAMP002"}}
        )
        assert busy.status_code == 400  # the unlink is still running
        await run(DELAY)
        now = await get(api)
        assert now["smsConfiguration"]["campaignId"] == ""
        assert now["mnoConfiguration"]["smsAtt"]["operation"] == "DEPROVISIONING"
        relink = await api.patch(
            f"/importedNumbers/{NUMBER}", json={"smsConfiguration": {"campaignId": "CAMP002"}}
        )
        assert relink.status_code == 200
        await run(DELAY)
        assert (await get(api))["smsConfiguration"]["campaignId"] == "CAMP002"

    async def test_unlink_both_runs_campaign_then_platform(self, api, run):
        await import_number(api)
        await run(DELAY)
        await run(DELAY)
        response = await api.patch(
            f"/importedNumbers/{NUMBER}",
            json={
                "displayName": "Gone",
                "smsConfiguration": {"servicePlanId": "", "campaignId": ""},
            },
        )
        assert response.status_code == 200
        now = await get(api)
        assert now["campaignProvisioning"]["state"] == "IN_PROGRESS"
        assert now["smsProvisioning"] == now["smsProvisioning"] | {
            "type": "DEPROVISIONING",
            "state": "WAITING",
        }
        await run(DELAY)
        await run(DELAY)
        now = await get(api)
        assert now["displayName"] == "Gone"
        assert (
            now["smsConfiguration"]["servicePlanId"],
            now["smsConfiguration"]["campaignId"],
        ) == ("", "")

    async def test_service_plan_cannot_go_while_a_campaign_stays(self, api, run):
        await import_number(api)
        await run(DELAY)
        await run(DELAY)
        response = await api.patch(
            f"/importedNumbers/{NUMBER}", json={"smsConfiguration": {"servicePlanId": ""}}
        )
        assert response.status_code == 400
        assert "smsConfiguration.servicePlanId" in violated(response)

    async def test_campaign_failure_from_the_operator(self, api, admin, run):
        await import_number(api)
        await run(DELAY)
        response = await admin.post(
            f"{PROJECT}/importedNumbers/{NUMBER}:completeStep",
            json={"step": "smsTmo", "outcome": "FAILED", "failureCode": "CAMPAIGN_MNO_REJECTED"},
        )
        assert response.status_code == 200, response.text
        await run(DELAY)
        now = await get(api)
        assert now["campaignProvisioning"]["state"] == "FAILED"
        assert now["campaignProvisioning"]["errorCode"] == "CAMPAIGN_MNO_REJECTED"
        assert now["mnoConfiguration"]["smsTmo"]["state"] == "FAILED"
        assert now["mnoConfiguration"]["smsAtt"]["state"] == "DONE"
        assert now["smsConfiguration"]["campaignId"] == ""
        pending = now["smsConfiguration"]["scheduledProvisioning"]
        assert pending["status"] == 3
        assert pending["errorCodes"] == [11]

    async def test_magic_platform_failure_fails_the_waiting_campaign(self, api, run):
        await import_number(api, "+12025550106")
        await run(DELAY)
        now = await get(api, "+12025550106")
        assert now["smsProvisioning"]["state"] == "FAILED"
        assert now["campaignProvisioning"]["state"] == "FAILED"
        assert now["campaignProvisioning"]["errorCode"] == "NUMBER_PROVISIONING_FAILED"

    async def test_toll_free_numbers_cannot_join_a_10dlc_campaign(self, api, run):
        await import_number(api, "+18885550123")
        await run(DELAY)
        now = await get(api, "+18885550123")
        assert now["smsConfiguration"]["servicePlanId"] == "plan-a"
        assert now["campaignProvisioning"]["errorCode"] == "TFN_NOT_ALLOWED"


class TestDelete:
    async def test_delete(self, api):
        await import_number(api)
        response = await api.delete(f"/importedNumbers/%2B{NUMBER[1:]}")
        assert response.status_code == 200
        assert (await api.get(f"/importedNumbers/{NUMBER}")).status_code == 404
        assert (await api.delete(f"/importedNumbers/{NUMBER}")).status_code == 404
        await import_number(api)  # may be imported again
