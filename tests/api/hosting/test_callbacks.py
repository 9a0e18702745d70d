"""Callbacks of every documented workflow, delivered over HTTP to a real receiver on
loopback that checks ``X-Sinch-Signature`` and the Standard Webhooks signature of each."""

from __future__ import annotations

from tests.api.hosting.conftest import DELAY
from tests.api.hosting.test_hosting_orders import DIRECT, signing_link, until_final

PROJECT_ID = "3acb7ae1-cf3d-4112-ba5e-3a9d8c71cd47"


class TestCallbackConfiguration:
    async def test_get_and_patch(self, api):
        first = await api.get("/callbackConfiguration")
        assert first.status_code == 200
        assert first.json()["projectId"] == PROJECT_ID
        assert first.json()["hmacSecret"]  # a random secret from the start
        changed = await api.patch("/callbackConfiguration", json={"hmacSecret": "s3cret"})
        assert changed.json() == {"projectId": PROJECT_ID, "hmacSecret": "s3cret"}
        assert (await api.get("/callbackConfiguration")).json()["hmacSecret"] == "s3cret"

    async def test_errors_use_the_nested_envelope(self, api):
        response = await api.patch("/callbackConfiguration", json={"hmacSecret": "x" * 300})
        assert response.status_code == 400
        error = response.json()["error"]
        assert error["code"] == 400
        assert error["status"] == "INVALID_ARGUMENT"
        assert error["details"][0]["type"] == "BadRequest"

    async def test_other_operations_use_the_flat_envelope(self, api):
        response = await api.get("/importedNumbers/+12025559999")
        assert response.status_code == 404
        assert set(response.json()) == {"code", "message", "status", "details"} or set(
            response.json()
        ) == {"code", "message", "status"}
        assert response.json()["code"] == "404"


class TestImportedNumberCallbacks:
    async def test_import_link_unlink_delete(self, api, run, receiver):
        number = "+12025550500"
        response = await api.post(
            "/importedNumbers",
            json={"phoneNumber": number, "regionCode": "US", "callbackUrl": receiver.url,
                  "smsConfiguration": {"servicePlanId": "p", "campaignId": "C1"}},
        )  # fmt: skip
        assert response.status_code == 200
        await run(DELAY)
        await run(DELAY)
        await api.patch(
            f"/importedNumbers/{number}",
            json={"smsConfiguration": {"campaignId": "", "servicePlanId": ""}},
        )
        await run(DELAY)
        await run(DELAY)
        await api.delete(f"/importedNumbers/{number}")
        await run()
        assert receiver.events() == [
            (number, "PROVISIONING_TO_SMS_PLATFORM", "SUCCEEDED", None),
            (number, "LINK_TO_10DLC_CAMPAIGN", "SUCCEEDED", None),
            (number, "UNLINK_TO_10DLC_CAMPAIGN", "SUCCEEDED", None),
            (number, "DEPROVISIONING_TO_SMS_PLATFORM", "SUCCEEDED", None),
            (number, "DELETE", "SUCCEEDED", None),
        ]
        payload = receiver.verified()[0]
        assert payload["resourceType"] == "IMPORTED_NUMBER"
        assert payload["projectId"] == PROJECT_ID
        assert len(payload["eventId"]) == 26
        assert payload["timestamp"].endswith("Z")
        assert "failureCode" not in payload

    async def test_every_failure_code(self, api, run, receiver):
        codes = ["CAMPAIGN_NOT_AVAILABLE", "EXCEEDED_10DLC_LIMIT", "NUMBER_PROVISIONING_FAILED",
                 "PARTNER_SERVICE_UNAVAILABLE", "CAMPAIGN_PENDING_ACCEPTANCE", "MNO_SHARING_ERROR",
                 "CAMPAIGN_PROVISIONING_FAILED", "CAMPAIGN_EXPIRED", "CAMPAIGN_MNO_REJECTED",
                 "CAMPAIGN_MNO_SUSPENDED", "CAMPAIGN_MNO_REVIEW", "INSUFFICIENT_BALANCE",
                 "MOCK_CAMPAIGN_NOT_ALLOWED", "TFN_NOT_ALLOWED", "INVALID_NNID"]  # fmt: skip
        for i in range(len(codes)):
            response = await api.post(
                "/importedNumbers",
                json={"phoneNumber": f"+1202555{110 + i:04d}", "regionCode": "US",
                      "callbackUrl": receiver.url,
                      "smsConfiguration": {"servicePlanId": "p", "campaignId": "C1"}},
            )  # fmt: skip
            assert response.status_code == 200, response.text
        await run(DELAY)
        await run(DELAY)
        links = [e for e in receiver.events() if e[1] == "LINK_TO_10DLC_CAMPAIGN"]
        assert [(e[2], e[3]) for e in sorted(links)] == [("FAILED", code) for code in codes]


class TestOrderCallbacks:
    async def test_text_enable_with_partial_success(self, api, admin, http, run, receiver):
        numbers = ["+12025550510", "+12025550105", "+12025550106", "+12025550113"]
        await api.post("/qualifiedNumbers:addNumbers", json={"phoneNumbers": numbers})
        await run(DELAY)
        response = await api.post(
            "/hostingOrders:textEnableNumbers",
            json={"regionCode": "US", "numbers": numbers, "servicePlanId": "p", "campaignId": "C1",
                  "directLoaInfo": DIRECT, "callbackUrl": receiver.url},
        )  # fmt: skip
        order_id = response.json()["hostingOrderId"]
        await run()
        _, link = await signing_link(admin, order_id)
        await http.post(link, data={"signer": "John Smith", "agree": "yes", "decision": "sign"})
        assert (await until_final(api, run, order_id))["state"] == "COMPLETED"
        await run()
        events = receiver.events()
        assert {p["resourceType"] for p in receiver.verified()} == {"HOSTING_ORDER_NUMBER"}
        by_number = {n: [e[1:] for e in events if e[0] == n] for n in numbers}
        assert by_number["+12025550510"] == [
            ("OSR_UPDATE", "SUCCEEDED", None),
            ("PROVISIONING_TO_SMS_PLATFORM", "SUCCEEDED", None),
            ("LINK_TO_10DLC_CAMPAIGN", "SUCCEEDED", None),
            ("HOSTING_PROCESS", "SUCCEEDED", None),
        ]
        assert by_number["+12025550105"] == [
            ("OSR_UPDATE", "FAILED", "INVALID_NNID"),
            ("HOSTING_PROCESS", "FAILED", None),
        ]
        assert by_number["+12025550106"] == [
            ("OSR_UPDATE", "SUCCEEDED", None),
            ("PROVISIONING_TO_SMS_PLATFORM", "FAILED", None),
            ("HOSTING_PROCESS", "FAILED", None),
        ]
        assert by_number["+12025550113"][2:] == [
            ("LINK_TO_10DLC_CAMPAIGN", "FAILED", "PARTNER_SERVICE_UNAVAILABLE"),
            ("HOSTING_PROCESS", "SUCCEEDED", None),
        ]

    async def test_failed_deliveries_are_retried_with_the_same_event_id(self, api, run, receiver):
        receiver.answers = [500, 503]
        await api.post(
            "/hostingOrders:importNumbers",
            json={"regionCode": "US", "numbers": ["+17724295286"], "servicePlanId": "p",
                  "callbackUrl": receiver.url},
        )  # fmt: skip
        await run()
        await run(DELAY)  # provisioned and hosted: both first attempts fail (500, 503)
        assert len(receiver.received) == 2
        for _ in range(4):
            await run(60)
        attempts = [c.headers["webhook-id"] for c in receiver.received]
        assert len(attempts) == 4
        assert sorted(set(attempts)) == sorted(attempts[:2])  # retried with the same ids
        assert [e[1] for e in receiver.events()] == [
            "PROVISIONING_TO_SMS_PLATFORM",
            "HOSTING_PROCESS",
        ]

    async def test_toll_free_with_reseller_loa(self, api, admin, http, run, receiver):
        number = "+18335550700"
        await api.post("/qualifiedNumbers:addNumbers", json={"phoneNumbers": [number]})
        await run(DELAY)
        response = await api.post(
            "/qualifiedNumbers:textEnableTollFreeNumbers",
            json={"regionCode": "US", "numbers": [number], "servicePlanId": "p",
                  "resellerLoaInfo": {**DIRECT, "businessName": "Acme"},
                  "callbackUrl": receiver.url},
        )  # fmt: skip
        order_id = response.json()["hostingOrderId"]
        await run()
        _, link = await signing_link(admin, order_id)
        await http.post(link, data={"signer": "John Smith", "agree": "yes", "decision": "sign"})
        assert (await until_final(api, run, order_id))["state"] == "COMPLETED"
        await run()
        assert receiver.events() == [
            (number, "OSR_UPDATE", "SUCCEEDED", None),
            (number, "PROVISIONING_TO_SMS_PLATFORM", "SUCCEEDED", None),
            (number, "HOSTING_PROCESS", "SUCCEEDED", None),
        ]
