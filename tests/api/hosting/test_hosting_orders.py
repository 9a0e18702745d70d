"""Hosting orders: import orders, text-enable orders with each LOA type, the LOA signing
page, the per-number steps, the report, the rules and the operator's results."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest

from tests.api.hosting.conftest import DELAY, error_of, violated

PROJECT = "/admin/projects/3acb7ae1-cf3d-4112-ba5e-3a9d8c71cd47"
DIRECT = {
    "authorisedPerson": {"firstName": "John", "lastName": "Smith", "email": "john@acme.test"},
    "address": {
        "buildingNumber": "2433",
        "street": "Vesta Drive",
        "city": "Chicago",
        "state": "IL",
        "postalCode": "60647",
        "country": "US",
    },
    "currentVoiceCarrier": "Verizon",
}
RESELLER = {**DIRECT, "businessName": "Acme, Inc."}
LIST = {"states": "HOSTING_ORDER_STATE_UNSPECIFIED", "type": "HOSTING_ORDER_TYPE_UNSPECIFIED",
        "servicePlanId": "", "campaignId": ""}  # fmt: skip


async def qualify(api, run, *numbers):
    response = await api.post("/qualifiedNumbers:addNumbers", json={"phoneNumbers": list(numbers)})
    assert response.status_code == 200, response.text
    await run(DELAY)


async def order(api, order_id):
    response = await api.get(f"/hostingOrders/{order_id}")
    assert response.status_code == 200, response.text
    return response.json()


async def numbers_of(api, order_id, **params):
    response = await api.get(f"/hostingOrders/{order_id}/numbers", params=params)
    assert response.status_code == 200, response.text
    return response.json()


async def signing_link(admin, order_id):
    emails = (await admin.get("/sandbox/emails")).json()["emails"]
    (email,) = [e for e in emails if e["hostingOrderId"] == order_id]
    return email, re.search(r"http://opentrunk\.test(/loa/\S+)", email["body"]).group(1)


async def until_final(api, run, order_id, rounds=10):
    for _ in range(rounds):
        body = await order(api, order_id)
        if body["state"] in ("COMPLETED", "REJECTED"):
            return body
        await run(DELAY)
    raise AssertionError(f"order still {body['state']}")


class TestImportOrder:
    async def test_import_order_runs_to_completed(self, api, run):
        response = await api.post(
            "/hostingOrders:importNumbers",
            json={
                "displayName": "Import numbers order",
                "regionCode": "US",
                "numbers": ["+17724295286", "+17724295287"],
                "servicePlanId": "07d6c2621f364b68856fe4938b7bb78f",
                "campaignId": "C3O8OGA",
                "migrateToSinchTmo": True,
            },
        )
        assert response.status_code == 200, response.text
        body = response.json()
        assert body["state"] == "SUBMITTED"
        assert body["type"] == "IMPORT"
        assert body["migrateToSinchTmo"] is True
        assert re.fullmatch(r"[0-9a-z]{26}", body["hostingOrderId"])
        assert "textEnableInfo" not in body
        order_id = body["hostingOrderId"]
        await run()
        assert (await order(api, order_id))["state"] == "IN_PROGRESS"
        first = await numbers_of(api, order_id)
        assert first["totalSize"] == 2
        assert first["numbers"][0]["osrUpdate"]["state"] == "DONE"
        assert first["numbers"][0]["platformProvisioning"] == {
            "servicePlanId": "07d6c2621f364b68856fe4938b7bb78f",
            "state": "IN_PROGRESS",
        }
        final = await until_final(api, run, order_id)
        assert final["state"] == "COMPLETED"
        report = (await api.get(f"/hostingOrders/{order_id}/report")).json()
        assert report == {"total": 2, "osrUpdated": 2, "smsProvisioned": 2, "addedToCampaign": 2,
                          "ongoingManualAction": 0}  # fmt: skip
        imported = (await api.get("/importedNumbers/+17724295286")).json()
        assert imported["smsConfiguration"]["campaignId"] == "C3O8OGA"
        assert imported["smsConfiguration"]["migrateToSinchTmo"] is True

    async def test_at_most_five_numbers(self, api):
        numbers = [f"+1772429{i:04d}" for i in range(6)]
        response = await api.post(
            "/hostingOrders:importNumbers",
            json={"regionCode": "US", "numbers": numbers, "servicePlanId": "p"},
        )
        assert response.status_code == 400
        assert "at most 5" in error_of(response)["message"]
        assert (await api.get("/hostingOrders", params=LIST)).json()["totalSize"] == 0

    async def test_numbers_being_imported_are_409(self, api):
        body = {"regionCode": "US", "numbers": ["+17724295286"], "servicePlanId": "p"}
        assert (await api.post("/hostingOrders:importNumbers", json=body)).status_code == 200
        again = await api.post("/hostingOrders:importNumbers", json=body)
        assert again.status_code == 409
        single = await api.post(
            "/importedNumbers",
            json={
                "phoneNumber": "+17724295286",
                "regionCode": "US",
                "smsConfiguration": {"servicePlanId": "p"},
            },
        )
        assert single.status_code == 409


class TestTextEnable:
    async def test_direct_loa_signed_on_the_page(self, api, admin, http, run):
        await qualify(api, run, "+12025550300", "+12025550301")
        response = await api.post(
            "/hostingOrders:textEnableNumbers",
            json={
                "regionCode": "US",
                "numbers": ["+12025550300", "+12025550301"],
                "servicePlanId": "plan",
                "campaignId": "C3O8OGA",
                "directLoaInfo": DIRECT,
                "migrateToSinchTmo": True,
                "callbackUrl": "https://example.test/cb",
            },
        )
        assert response.status_code == 200, response.text
        body = response.json()
        assert (body["state"], body["type"]) == ("SUBMITTED", "TYPE_TEXT_ENABLE")
        assert body["migrateToSinchTmo"] is False  # read-only outside :importNumbers
        info = body["textEnableInfo"]
        assert info == body["hostingOrderInfo"]
        assert info["loaType"] == "Direct"
        assert info["authorisedPerson"]["email"] == "john@acme.test"
        assert info["currentVoiceCarrier"] == "Verizon"
        order_id = body["hostingOrderId"]
        qualified = (await api.get("/qualifiedNumbers/+12025550300")).json()
        assert qualified["globalProcessState"] == "GLOBAL_PROCESS_STATE_HOSTING_IN_PROGRESS"

        await run()
        assert (await order(api, order_id))["state"] == "WAITING_FOR_LOA_SIGNATURE"
        email, link = await signing_link(admin, order_id)
        assert email["to"] == "john@acme.test"
        assert email["attachment"] == f"loa-{order_id}.pdf"
        pdf = await admin.get(f"/sandbox/emails/{email['id']}/attachment")
        assert pdf.content.startswith(b"%PDF-")
        page = await http.get(link)
        assert page.status_code == 200
        assert "+12025550301" in page.text
        assert "<form" in page.text
        assert (await http.get(f"{link}/signed.pdf")).status_code == 404

        unticked = await http.post(link, data={"signer": "John Smith", "decision": "sign"})
        assert unticked.status_code == 400
        signed = await http.post(
            link, data={"signer": "John Smith", "agree": "yes", "decision": "sign"}
        )
        assert signed.status_code == 200, signed.text
        assert (await order(api, order_id))["state"] == "IN_PROGRESS"
        letter = await http.get(f"{link}/signed.pdf")
        assert letter.headers["content-type"] == "application/pdf"
        assert letter.content.startswith(b"%PDF-")
        twice = await http.post(link, data={"signer": "X", "agree": "yes", "decision": "sign"})
        assert twice.status_code == 400

        steps = (await numbers_of(api, order_id))["numbers"][0]
        assert steps["osrUpdate"]["state"] == "IN_PROGRESS"
        assert steps["osrUpdate"]["nnid"] == "999999"
        assert steps["platformProvisioning"]["state"] == "WAITING"
        report = (await api.get(f"/hostingOrders/{order_id}/report")).json()
        assert report["ongoingManualAction"] == 2
        final = await until_final(api, run, order_id)
        assert final["state"] == "COMPLETED"
        qualified = (await api.get("/qualifiedNumbers/+12025550300")).json()
        assert qualified["globalProcessState"] == "GLOBAL_PROCESS_STATE_HOSTING_DONE"
        assert qualified["hostedNumber"] == {"status": 1, "error": ""}
        imported = (await api.get("/importedNumbers/+12025550301")).json()
        assert imported["smsConfiguration"]["servicePlanId"] == "plan"
        events = (await admin.get(f"{PROJECT}/hostingOrders/{order_id}/events")).json()["events"]
        order_moves = [(e["from"], e["to"]) for e in events if e["subject"] == "hosting_order"]
        assert order_moves == [
            ("HOSTING_ORDER_STATE_UNSPECIFIED", "SUBMITTED"),
            ("SUBMITTED", "WAITING_FOR_LOA_SIGNATURE"),
            ("WAITING_FOR_LOA_SIGNATURE", "IN_PROGRESS"),
            ("IN_PROGRESS", "COMPLETED"),
        ]

    async def test_reseller_loa_signed_by_the_autopilot(self, api, admin, run):
        await qualify(api, run, "+12025550310")
        response = await api.post(
            "/qualifiedNumbers:textEnableNumbers",
            json={"regionCode": "US", "numbers": ["+12025550310"], "servicePlanId": "p",
                  "campaignId": "C1", "resellerLoaInfo": RESELLER},
        )  # fmt: skip
        assert response.status_code == 200, response.text
        assert set(response.json()) == {"hostingOrderId"}
        order_id = response.json()["hostingOrderId"]
        body = await order(api, order_id)
        assert body["textEnableInfo"]["businessName"] == "Acme, Inc."
        assert body["textEnableInfo"]["loaType"] == "Reseller"
        final = await until_final(api, run, order_id)
        assert final["state"] == "COMPLETED"
        signed = await admin.get(
            f"{PROJECT}/hostingOrders/{order_id}/loa.pdf", params={"signed": "true"}
        )
        assert signed.content.startswith(b"%PDF-")

    async def test_blanket_loa_skips_signing(self, api, admin, run):
        await qualify(api, run, "+12025550320")
        response = await api.post(
            "/hostingOrders:textEnableNumbers",
            json={"regionCode": "US", "numbers": ["+12025550320"], "servicePlanId": "p",
                  "campaignId": "C1", "blanketLoaInfo": {}},
        )  # fmt: skip
        order_id = response.json()["hostingOrderId"]
        assert "authorisedPerson" not in response.json()["textEnableInfo"]
        await run()
        assert (await order(api, order_id))["state"] == "IN_PROGRESS"
        assert not [e for e in (await admin.get("/sandbox/emails")).json()["emails"]
                    if e["hostingOrderId"] == order_id]  # fmt: skip

    async def test_scheduled_osr_update_time_obeys_the_clock(self, api, clock, run):
        await qualify(api, run, "+12025550330")
        at = clock.now() + timedelta(hours=5)
        when = at.isoformat().replace("+00:00", "Z")
        response = await api.post(
            "/hostingOrders:textEnableNumbers",
            json={"regionCode": "US", "numbers": ["+12025550330"], "servicePlanId": "p",
                  "blanketLoaInfo": {}, "scheduledOsrUpdateTime": when},
        )  # fmt: skip
        order_id = response.json()["hostingOrderId"]
        assert response.json()["scheduledOsrUpdateTime"].startswith(at.strftime("%Y-%m-%dT%H:%M"))
        await run(DELAY * 3)
        assert (await numbers_of(api, order_id))["numbers"][0]["osrUpdate"]["state"] == "WAITING"
        await run(5 * 3600)
        assert (await numbers_of(api, order_id))["numbers"][0]["osrUpdate"][
            "state"
        ] == "IN_PROGRESS"
        assert (await until_final(api, run, order_id))["state"] == "COMPLETED"

    async def test_only_qualified_numbers(self, api, run):
        body = {
            "regionCode": "US",
            "numbers": ["+12025550340"],
            "servicePlanId": "p",
            "blanketLoaInfo": {},
        }
        missing = await api.post("/hostingOrders:textEnableNumbers", json=body)
        assert missing.status_code == 404
        await api.post("/qualifiedNumbers:addNumbers", json={"phoneNumbers": ["+12025550340"]})
        pending = await api.post("/hostingOrders:textEnableNumbers", json=body)
        assert pending.status_code == 400
        assert "ELIGIBLE_CHECK_PENDING" in error_of(pending)["message"]

    @pytest.mark.parametrize(
        "loa",
        [{}, {"directLoaInfo": DIRECT, "blanketLoaInfo": {}},
         {"directLoaInfo": DIRECT, "resellerLoaInfo": RESELLER}],
    )  # fmt: skip
    async def test_exactly_one_loa(self, api, run, loa):
        await qualify(api, run, "+12025550350")
        response = await api.post(
            "/hostingOrders:textEnableNumbers",
            json={"regionCode": "US", "numbers": ["+12025550350"], "servicePlanId": "p", **loa},
        )
        assert response.status_code == 400
        assert "Exactly one Letter of Authorization" in error_of(response)["message"]

    async def test_incomplete_loa_is_400(self, api, run):
        await qualify(api, run, "+12025550350")
        loa = {**DIRECT, "address": {"street": "Main"}}
        response = await api.post(
            "/hostingOrders:textEnableNumbers",
            json={
                "regionCode": "US",
                "numbers": ["+12025550350"],
                "servicePlanId": "p",
                "directLoaInfo": loa,
            },
        )
        assert response.status_code == 400
        assert "directLoaInfo.address.city" in violated(response)

    async def test_at_most_500_numbers(self, api):
        numbers = [f"+1202555{i:04d}" for i in range(501)]
        response = await api.post(
            "/hostingOrders:textEnableNumbers",
            json={
                "regionCode": "US",
                "numbers": numbers,
                "servicePlanId": "p",
                "blanketLoaInfo": {},
            },
        )
        assert response.status_code == 400
        assert "at most 500" in error_of(response)["message"]


class TestTollFree:
    async def test_toll_free_with_zipwhip_time_moved_to_the_next_day(
        self, api, http, admin, clock, run
    ):
        await qualify(api, run, "+18335870229")
        soon = clock.now() + timedelta(minutes=1)
        response = await api.post(
            "/hostingOrders:textEnableTollFreeNumbers",
            json={
                "allOf": {"projectId": "3acb7ae1-cf3d-4112-ba5e-3a9d8c71cd47", "regionCode": "US"},
                "numbers": ["+18335870229"],
                "servicePlanId": "p",
                "directLoaInfo": {**DIRECT, "scheduledZipwhipProvisioningTime": soon.isoformat()},
            },
        )
        assert response.status_code == 200, response.text
        order_id = response.json()["hostingOrderId"]
        assert "campaignId" not in response.json()
        await run()
        _, link = await signing_link(admin, order_id)
        await run(120)  # the LOA is signed after the requested time...
        await http.post(link, data={"signer": "John Smith", "agree": "yes", "decision": "sign"})
        body = await order(api, order_id)
        expected = soon + timedelta(days=1)  # ...so provisioning moves to the next day
        assert body["scheduledOsrUpdateTime"].startswith(expected.strftime("%Y-%m-%dT%H:%M"))
        number = (await numbers_of(api, order_id))["numbers"][0]
        assert number["osrUpdate"]["state"] == "WAITING"
        assert number["campaignProvisioning"]["state"] == "STATE_UNSPECIFIED"
        await run(24 * 3600)
        assert (await until_final(api, run, order_id))["state"] == "COMPLETED"

    @pytest.mark.parametrize(
        ("extra", "field"),
        [({"campaignId": "C1"}, "campaignId"), ({"nnid": "1"}, "nnid"),
         ({"blanketLoaInfo": {}}, "blanketLoaInfo")],
    )  # fmt: skip
    async def test_toll_free_takes_no_campaign_nnid_or_blanket(self, api, extra, field):
        response = await api.post(
            "/qualifiedNumbers:textEnableTollFreeNumbers",
            json={"regionCode": "US", "numbers": ["+18335870229"], "servicePlanId": "p",
                  "directLoaInfo": DIRECT, **extra},
        )  # fmt: skip
        assert response.status_code == 400
        assert field in violated(response)

    async def test_local_numbers_are_refused(self, api):
        response = await api.post(
            "/hostingOrders:textEnableTollFreeNumbers",
            json={"regionCode": "US", "numbers": ["+12025550100"], "servicePlanId": "p",
                  "resellerLoaInfo": RESELLER},
        )  # fmt: skip
        assert response.status_code == 400
        assert "numbers[0]" in violated(response)


class TestOutcomes:
    async def test_partial_success_and_failure_codes(self, api, run):
        numbers = ["+12025550400", "+12025550105", "+12025550106", "+12025550110", "+18005550400"]
        await qualify(api, run, *numbers)
        response = await api.post(
            "/hostingOrders:textEnableNumbers",
            json={"regionCode": "US", "numbers": numbers, "servicePlanId": "p", "campaignId": "C1",
                  "blanketLoaInfo": {}},
        )  # fmt: skip
        order_id = response.json()["hostingOrderId"]
        assert (await until_final(api, run, order_id))["state"] == "COMPLETED"
        by_number = {n["phoneNumber"]: n for n in (await numbers_of(api, order_id))["numbers"]}
        assert by_number["+12025550105"]["osrUpdate"]["state"] == "FAILED"
        assert by_number["+12025550105"]["platformProvisioning"]["state"] == "WAITING"
        assert by_number["+12025550106"]["platformProvisioning"]["state"] == "FAILED"
        assert by_number["+12025550110"]["smsTmo"]["errorCode"] == "CAMPAIGN_NOT_AVAILABLE"
        assert by_number["+12025550110"]["campaignProvisioning"]["state"] == "FAILED"
        assert by_number["+18005550400"]["smsAtt"]["errorCode"] == "TFN_NOT_ALLOWED"
        report = (await api.get(f"/hostingOrders/{order_id}/report")).json()
        assert report == {"total": 5, "osrUpdated": 4, "smsProvisioned": 3, "addedToCampaign": 1,
                          "ongoingManualAction": 0}  # fmt: skip
        failed = await numbers_of(api, order_id, osrUpdateState="FAILED")
        assert [n["phoneNumber"] for n in failed["numbers"]] == ["+12025550105"]
        states = {
            n: (await api.get(f"/qualifiedNumbers/{n}")).json()["globalProcessState"]
            for n in numbers
        }
        assert states["+12025550105"] == "GLOBAL_PROCESS_STATE_HOSTING_FAILED"
        assert states["+12025550110"] == "GLOBAL_PROCESS_STATE_HOSTING_DONE"  # hosted, not linked
        assert (await api.get("/importedNumbers/+12025550106")).status_code == 404

    async def test_loa_declined(self, api, run):
        await qualify(api, run, "+12025550104", "+12025550410")
        response = await api.post(
            "/hostingOrders:textEnableNumbers",
            json={"regionCode": "US", "numbers": ["+12025550104", "+12025550410"],
                  "servicePlanId": "p", "directLoaInfo": DIRECT},
        )  # fmt: skip
        order_id = response.json()["hostingOrderId"]
        assert (await until_final(api, run, order_id))["state"] == "REJECTED"
        qualified = (await api.get("/qualifiedNumbers/+12025550410")).json()
        assert qualified["globalProcessState"] == "GLOBAL_PROCESS_STATE_HOSTING_FAILED"
        assert "declined" in qualified["hostedNumber"]["error"]
        # A failed number may be text-enabled again.
        again = await api.post(
            "/hostingOrders:textEnableNumbers",
            json={"regionCode": "US", "numbers": ["+12025550410"], "servicePlanId": "p",
                  "blanketLoaInfo": {}},
        )  # fmt: skip
        assert again.status_code == 200

    async def test_declined_on_the_page(self, api, admin, http, run):
        await qualify(api, run, "+12025550420")
        response = await api.post(
            "/hostingOrders:textEnableNumbers",
            json={"regionCode": "US", "numbers": ["+12025550420"], "servicePlanId": "p",
                  "directLoaInfo": DIRECT},
        )  # fmt: skip
        order_id = response.json()["hostingOrderId"]
        await run()
        _, link = await signing_link(admin, order_id)
        declined = await http.post(link, data={"decision": "decline", "reason": "Not mine"})
        assert declined.status_code == 200
        assert (await order(api, order_id))["state"] == "REJECTED"

    async def test_operator_rejects_and_illegal_moves_are_refused(self, api, admin, run):
        await qualify(api, run, "+12025550430")
        response = await api.post(
            "/hostingOrders:textEnableNumbers",
            json={"regionCode": "US", "numbers": ["+12025550430"], "servicePlanId": "p",
                  "blanketLoaInfo": {}},
        )  # fmt: skip
        order_id = response.json()["hostingOrderId"]
        await run()
        done = await admin.post(
            f"{PROJECT}/hostingOrders/{order_id}:completeStep",
            json={"step": "platformProvisioning", "outcome": "DONE"},
        )
        assert done.status_code == 400  # the OSR update comes first
        osr = await admin.post(
            f"{PROJECT}/hostingOrders/{order_id}:completeStep",
            json={"step": "osrUpdate", "outcome": "DONE", "phoneNumbers": ["+12025550430"]},
        )
        assert osr.status_code == 200, osr.text
        rejected = await admin.post(
            f"{PROJECT}/hostingOrders/{order_id}:reject", json={"reason": "Fraud"}
        )
        assert rejected.json()["state"] == "REJECTED"
        again = await admin.post(f"{PROJECT}/hostingOrders/{order_id}:reject", json={})
        assert again.status_code == 400
        assert "REJECTED" in again.json()["message"]
        await run(DELAY * 3)  # the autopilot leaves a rejected order alone
        assert (await order(api, order_id))["state"] == "REJECTED"

    async def test_magic_rejection(self, api, run):
        await qualify(api, run, "+12025550107")
        response = await api.post(
            "/hostingOrders:textEnableNumbers",
            json={"regionCode": "US", "numbers": ["+12025550107"], "servicePlanId": "p",
                  "blanketLoaInfo": {}},
        )  # fmt: skip
        assert (await until_final(api, run, response.json()["hostingOrderId"]))[
            "state"
        ] == "REJECTED"


class TestList:
    @pytest.mark.parametrize("missing", ["states", "type", "servicePlanId", "campaignId"])
    async def test_all_four_filters_are_required(self, api, missing):
        params = dict(LIST)
        del params[missing]
        response = await api.get("/hostingOrders", params=params)
        assert response.status_code == 400
        assert f"'{missing}'" in error_of(response)["message"]
        assert violated(response) == {missing}

    async def test_filters(self, api, run):
        for plan in ("p1", "p2"):
            await api.post(
                "/hostingOrders:importNumbers",
                json={
                    "regionCode": "US",
                    "numbers": [f"+1772429{plan[-1]}000"],
                    "servicePlanId": plan,
                },
            )
        await run()
        in_progress = {**LIST, "states": "IN_PROGRESS", "type": "IMPORT"}
        assert (await api.get("/hostingOrders", params=in_progress)).json()["totalSize"] == 2
        p1 = await api.get("/hostingOrders", params={**in_progress, "servicePlanId": "p1"})
        assert [o["servicePlanId"] for o in p1.json()["hostingOrders"]] == ["p1"]
        text = await api.get("/hostingOrders", params={**LIST, "type": "TYPE_TEXT_ENABLE"})
        assert text.json()["totalSize"] == 0
        newest = await api.get(
            "/hostingOrders", params={**LIST, "orderBy": "-createdTime", "pageSize": 1}
        )
        assert newest.json()["hostingOrders"][0]["servicePlanId"] == "p2"
        assert newest.json()["nextPageToken"]

    async def test_unknown_order_and_number(self, api):
        assert (await api.get("/hostingOrders/01arz3nhyrtsv4rrffq69g5fav")).status_code == 404
        response = await api.post(
            "/hostingOrders:importNumbers",
            json={"regionCode": "US", "numbers": ["+17724295286"], "servicePlanId": "p"},
        )
        order_id = response.json()["hostingOrderId"]
        number = await api.get(f"/hostingOrders/{order_id.upper()}/numbers/%2B17724295286")
        assert number.status_code == 200
        assert (await api.get(f"/hostingOrders/{order_id}/numbers/+17724295200")).status_code == 404
