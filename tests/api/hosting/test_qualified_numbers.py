"""Qualified numbers: adding, listing, the invoice review, the voice challenge, the
operator's decisions."""

from __future__ import annotations

import pytest

from tests.api.hosting.conftest import DELAY, error_of, violated

PROJECT = "/admin/projects/3acb7ae1-cf3d-4112-ba5e-3a9d8c71cd47"
NUMBER = "+12025550100"


async def add(api, *numbers):
    response = await api.post("/qualifiedNumbers:addNumbers", json={"phoneNumbers": list(numbers)})
    assert response.status_code == 200, response.text
    return response.json()["qualifiedNumbers"]


async def state_of(api, number=NUMBER):
    response = await api.get(f"/qualifiedNumbers/{number}")
    assert response.status_code == 200, response.text
    return response.json()["globalProcessState"].removeprefix("GLOBAL_PROCESS_STATE_")


async def challenge_code(admin, number=NUMBER):
    calls = (await admin.get("/sandbox/challengeCalls", params={"phoneNumber": number})).json()
    return calls["challengeCalls"][0]["code"]


class TestAdd:
    async def test_added_numbers_wait_for_the_review(self, api):
        (number,) = await add(api, NUMBER)
        assert number["phoneNumber"] == NUMBER
        assert number["regionCode"] == "US"
        assert number["globalProcessState"] == "GLOBAL_PROCESS_STATE_ELIGIBLE_CHECK_PENDING"
        assert number["osrEligibility"] == {"status": "IN_PROGRESS", "error": ""}
        assert number["ownershipVerification"] == {"status": "WAITING", "error": ""}
        assert number["hostedNumber"] == {"status": 0, "error": ""}

    async def test_canadian_and_toll_free_regions(self, api):
        numbers = await add(api, "+14165550100", "+18005550100")
        assert [n["regionCode"] for n in numbers] == ["CA", "US"]

    async def test_adding_again_returns_the_number_as_it_is(self, api, run):
        await add(api, NUMBER)
        await run(DELAY)
        (again,) = await add(api, NUMBER)
        assert again["globalProcessState"] == "GLOBAL_PROCESS_STATE_ELIGIBLE"

    @pytest.mark.parametrize(
        ("numbers", "field"),
        [
            (["12025550100"], "phoneNumbers[0]"),
            (["+442071838750"], "phoneNumbers[0]"),
            (["+18765550100"], "phoneNumbers[0]"),
            ([NUMBER, NUMBER], "phoneNumbers[1]"),
            ([], "phoneNumbers"),
        ],
    )
    async def test_bad_numbers_are_400_and_nothing_is_added(self, api, numbers, field):
        response = await api.post("/qualifiedNumbers:addNumbers", json={"phoneNumbers": numbers})
        assert response.status_code == 400
        assert field in violated(response)
        assert error_of(response)["status"] == "INVALID_ARGUMENT"
        listed = await api.get(
            "/qualifiedNumbers", params={"states": "GLOBAL_PROCESS_STATE_UNSPECIFIED"}
        )
        assert listed.json()["totalSize"] == 0

    async def test_at_most_500_per_request(self, api):
        numbers = [f"+1202555{i:04d}" for i in range(501)]
        response = await api.post("/qualifiedNumbers:addNumbers", json={"phoneNumbers": numbers})
        assert response.status_code == 400
        assert "500" in error_of(response)["message"]


class TestList:
    async def test_states_is_required(self, api):
        response = await api.get("/qualifiedNumbers")
        assert response.status_code == 400
        body = error_of(response)
        assert "'states'" in body["message"]
        assert violated(response) == {"states"}

    async def test_filter_paginate_and_order(self, api, run):
        await add(api, *(f"+1202555{i:04d}" for i in range(200, 205)))
        await add(api, "+12025550101")  # magic: NOT_ELIGIBLE
        await run(DELAY)
        eligible = "GLOBAL_PROCESS_STATE_ELIGIBLE"
        page = (
            await api.get("/qualifiedNumbers", params={"states": eligible, "pageSize": 2})
        ).json()
        assert page["totalSize"] == 5
        assert [n["phoneNumber"] for n in page["qualifiedNumbers"]] == [
            "+12025550200",
            "+12025550201",
        ]
        seen = [n["phoneNumber"] for n in page["qualifiedNumbers"]]
        while page["nextPageToken"]:
            page = (
                await api.get(
                    "/qualifiedNumbers",
                    params={"states": eligible, "pageSize": 2, "pageToken": page["nextPageToken"]},
                )
            ).json()
            seen += [n["phoneNumber"] for n in page["qualifiedNumbers"]]
        assert seen == [f"+1202555{i:04d}" for i in range(200, 205)]
        both = await api.get(
            "/qualifiedNumbers",
            params=[("states", eligible), ("states", "GLOBAL_PROCESS_STATE_NOT_ELIGIBLE")],
        )
        assert both.json()["totalSize"] == 6
        comma = await api.get(
            "/qualifiedNumbers", params={"states": f"{eligible},GLOBAL_PROCESS_STATE_NOT_ELIGIBLE"}
        )
        assert comma.json()["totalSize"] == 6
        newest = await api.get(
            "/qualifiedNumbers",
            params={"states": eligible, "orderBy": "createdTime desc", "pageSize": 1},
        )
        assert newest.json()["qualifiedNumbers"][0]["phoneNumber"] == "+12025550204"

    @pytest.mark.parametrize(
        ("params", "field"),
        [
            ({"states": "NOPE"}, "states"),
            ({"states": "GLOBAL_PROCESS_STATE_ELIGIBLE", "pageToken": "garbage!"}, "pageToken"),
            ({"states": "GLOBAL_PROCESS_STATE_ELIGIBLE", "orderBy": "phoneNumber"}, "orderBy"),
            ({"states": "GLOBAL_PROCESS_STATE_ELIGIBLE", "pageSize": "ten"}, "pageSize"),
            ({"states": "GLOBAL_PROCESS_STATE_ELIGIBLE", "regionCode": "SE"}, "regionCode"),
        ],
    )
    async def test_bad_parameters_are_400(self, api, params, field):
        response = await api.get("/qualifiedNumbers", params=params)
        assert response.status_code == 400
        assert field in violated(response)


class TestGetAndDelete:
    async def test_plus_and_escaped_plus_in_the_path(self, api):
        await add(api, NUMBER)
        for path in (f"/qualifiedNumbers/{NUMBER}", "/qualifiedNumbers/%2B12025550100"):
            assert (await api.get(path)).json()["phoneNumber"] == NUMBER

    async def test_unknown_is_404_and_garbage_400(self, api):
        response = await api.get("/qualifiedNumbers/+12025559999")
        assert response.status_code == 404
        assert error_of(response) | {"code": "404", "status": "NOT_FOUND"} == error_of(response)
        assert (await api.get("/qualifiedNumbers/not-a-number")).status_code == 400

    async def test_delete(self, api):
        await add(api, NUMBER)
        response = await api.delete(f"/qualifiedNumbers/{NUMBER}")
        assert response.status_code == 200
        assert (await api.get(f"/qualifiedNumbers/{NUMBER}")).status_code == 404
        assert (await api.delete(f"/qualifiedNumbers/{NUMBER}")).status_code == 404

    async def test_other_projects_see_nothing(self, api, other_tenant):
        await add(api, NUMBER)
        assert (await other_tenant.client.get(f"/qualifiedNumbers/{NUMBER}")).status_code == 404


class TestReview:
    async def test_autopilot_reviews_after_the_delay(self, api, run):
        await add(api, NUMBER, "+12025550101")
        await run(DELAY - 1)
        assert await state_of(api) == "ELIGIBLE_CHECK_PENDING"
        await run(1)
        assert await state_of(api) == "ELIGIBLE"
        rejected = (await api.get("/qualifiedNumbers/+12025550101")).json()
        assert rejected["globalProcessState"] == "GLOBAL_PROCESS_STATE_NOT_ELIGIBLE"
        assert rejected["osrEligibility"]["status"] == "FAILED"
        assert rejected["osrEligibility"]["error"]

    async def test_operator_review_comes_first(self, api, admin, run):
        await add(api, NUMBER)
        response = await admin.post(
            f"{PROJECT}/qualifiedNumbers/{NUMBER}:review",
            json={"eligible": False, "reason": "Invoice is for another number"},
        )
        assert response.status_code == 200, response.text
        await run(DELAY)  # the autopilot finds nothing left to do
        number = (await api.get(f"/qualifiedNumbers/{NUMBER}")).json()
        assert number["globalProcessState"] == "GLOBAL_PROCESS_STATE_NOT_ELIGIBLE"
        assert number["osrEligibility"]["error"] == "Invoice is for another number"
        again = await admin.post(
            f"{PROJECT}/qualifiedNumbers/{NUMBER}:review", json={"eligible": True}
        )
        assert again.status_code == 400
        assert "NOT_ELIGIBLE" in again.json()["message"]

    async def test_operator_api_needs_the_admin_token(self, api, http):
        await add(api, NUMBER)
        response = await http.post(
            f"{PROJECT}/qualifiedNumbers/{NUMBER}:review", json={"eligible": True}
        )
        assert response.status_code in (401, 403)


class TestVoiceChallenge:
    async def test_right_code_verifies(self, api, admin):
        await add(api, NUMBER)
        sent = await api.post(f"/qualifiedNumbers/{NUMBER}:sendVoiceChallenge")
        assert sent.status_code == 200
        assert sent.json()["globalProcessState"] == "GLOBAL_PROCESS_STATE_VERIFICATION_PENDING"
        assert sent.json()["ownershipVerification"]["status"] == "IN_PROGRESS"
        code = await challenge_code(admin)
        assert len(code) == 6
        assert code.isdigit()
        verified = await api.post(
            "/qualifiedNumbers/%2B12025550100:verifyVoiceChallenge", json={"code": code}
        )
        assert verified.status_code == 200
        assert verified.json()["globalProcessState"] == "GLOBAL_PROCESS_STATE_VERIFIED"
        assert verified.json()["ownershipVerification"] == {"status": "DONE", "error": ""}

    async def test_wrong_codes_fail_then_block(self, api, admin):
        await add(api, NUMBER)
        await api.post(f"/qualifiedNumbers/{NUMBER}:sendVoiceChallenge", json={})
        code = await challenge_code(admin)
        wrong = "000000" if code != "000000" else "111111"
        first = await api.post(
            f"/qualifiedNumbers/{NUMBER}:verifyVoiceChallenge", json={"code": wrong}
        )
        assert first.status_code == 200
        assert first.json()["globalProcessState"] == "GLOBAL_PROCESS_STATE_VERIFICATION_FAILED"
        assert "2 attempts left" in first.json()["ownershipVerification"]["error"]
        # A new challenge does not reset the count.
        await api.post(f"/qualifiedNumbers/{NUMBER}:sendVoiceChallenge")
        for _ in range(2):
            last = await api.post(
                f"/qualifiedNumbers/{NUMBER}:verifyVoiceChallenge", json={"code": wrong}
            )
        assert last.json()["globalProcessState"] == "GLOBAL_PROCESS_STATE_VERIFICATION_BLOCKED"
        late = await api.post(
            f"/qualifiedNumbers/{NUMBER}:verifyVoiceChallenge",
            json={"code": await challenge_code(admin)},
        )
        assert late.status_code == 400
        refused = await api.post(f"/qualifiedNumbers/{NUMBER}:sendVoiceChallenge")
        assert refused.status_code == 400
        assert "VERIFICATION_BLOCKED" in refused.json()["message"]

    async def test_a_failed_try_can_be_retried_with_the_same_code(self, api, admin):
        await add(api, NUMBER)
        await api.post(f"/qualifiedNumbers/{NUMBER}:sendVoiceChallenge")
        code = await challenge_code(admin)
        await api.post(f"/qualifiedNumbers/{NUMBER}:verifyVoiceChallenge", json={"code": "x"})
        again = await api.post(
            f"/qualifiedNumbers/{NUMBER}:verifyVoiceChallenge", json={"code": code}
        )
        assert again.json()["globalProcessState"] == "GLOBAL_PROCESS_STATE_VERIFIED"

    async def test_codes_expire_after_ten_minutes(self, api, admin, run):
        await add(api, NUMBER)
        await api.post(f"/qualifiedNumbers/{NUMBER}:sendVoiceChallenge")
        code = await challenge_code(admin)
        await run(600)
        expired = await api.post(
            f"/qualifiedNumbers/{NUMBER}:verifyVoiceChallenge", json={"code": code}
        )
        assert expired.json()["globalProcessState"] == "GLOBAL_PROCESS_STATE_VERIFICATION_FAILED"
        assert "expired" in expired.json()["ownershipVerification"]["error"]

    @pytest.mark.parametrize(
        ("number", "state"),
        [("+12025550102", "VERIFICATION_FAILED"), ("+12025550103", "VERIFICATION_BLOCKED")],
    )
    async def test_magic_numbers_force_the_outcome(self, api, admin, number, state):
        await add(api, number)
        await api.post(f"/qualifiedNumbers/{number}:sendVoiceChallenge")
        code = await challenge_code(admin, number)
        result = await api.post(
            f"/qualifiedNumbers/{number}:verifyVoiceChallenge", json={"code": code}
        )
        assert result.json()["globalProcessState"] == f"GLOBAL_PROCESS_STATE_{state}"

    async def test_verify_without_a_challenge_is_400(self, api):
        await add(api, NUMBER)
        response = await api.post(
            f"/qualifiedNumbers/{NUMBER}:verifyVoiceChallenge", json={"code": "1"}
        )
        assert response.status_code == 400
        assert "sendVoiceChallenge" in error_of(response)["message"]

    async def test_code_is_required(self, api):
        await add(api, NUMBER)
        response = await api.post(f"/qualifiedNumbers/{NUMBER}:verifyVoiceChallenge", json={})
        assert response.status_code == 400
        assert "code" in violated(response)

    async def test_operator_unblocks(self, api, admin):
        await add(api, "+12025550103")
        await api.post("/qualifiedNumbers/+12025550103:sendVoiceChallenge")
        await api.post("/qualifiedNumbers/+12025550103:verifyVoiceChallenge", json={"code": "1"})
        response = await admin.post(
            f"{PROJECT}/qualifiedNumbers/+12025550103:recordVerification",
            json={"result": "VERIFIED"},
        )
        assert response.json()["globalProcessState"] == "GLOBAL_PROCESS_STATE_VERIFIED"
