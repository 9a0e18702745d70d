"""``client.imported_numbers``, against the real hosting API and its sandbox autopilot."""

from __future__ import annotations

import pytest

from opentrunk.sdk import AsyncClient, BadRequestError, ConflictError, NotFoundError
from tests.sdk.conftest import AUTOPILOT_DELAY

NUMBER = "+12025550200"


async def test_import_provision_link_update_delete(client: AsyncClient, run):
    imported = await client.imported_numbers.create(
        phone_number=NUMBER,
        region_code="US",
        service_plan_id="plan-a",
        campaign_id="CAMP001",
        display_name="Front desk",
        callback_url="http://127.0.0.1:9/callbacks",  # refused at once
    )
    assert (imported.phone_number, imported.display_name) == (NUMBER, "Front desk")
    assert imported.sms_configuration is not None
    scheduled = imported.sms_configuration.scheduled_provisioning
    assert scheduled is not None
    assert (scheduled.service_plan_id, scheduled.campaign_id) == ("plan-a", "CAMP001")

    now = await client.imported_numbers.get(NUMBER)
    assert now.sms_provisioning is not None
    assert now.sms_provisioning.state == "IN_PROGRESS"
    await run(AUTOPILOT_DELAY)
    await run(AUTOPILOT_DELAY)
    now = await client.imported_numbers.get(NUMBER)
    assert now.sms_configuration is not None
    assert (now.sms_configuration.service_plan_id, now.sms_configuration.campaign_id) == (
        "plan-a",
        "CAMP001",
    )
    assert now.mno_configuration is not None
    assert now.mno_configuration.sms_tmo is not None
    assert now.mno_configuration.sms_tmo.state == "DONE"

    listed = [
        n.phone_number
        async for n in client.imported_numbers.list(service_plan_id="plan-a", campaign_id="CAMP001")
    ]
    assert listed == [NUMBER]
    by_pattern = client.imported_numbers.list(
        service_plan_id="plan-a", campaign_id="CAMP001", number_pattern="0200", search_pattern="END"
    )
    assert [n.phone_number async for n in by_pattern] == [NUMBER]

    renamed = await client.imported_numbers.update(NUMBER, display_name="Reception")
    assert renamed.display_name == "Reception"
    await client.imported_numbers.update(NUMBER, campaign_id="")  # unlink
    await run(AUTOPILOT_DELAY)
    unlinked = await client.imported_numbers.get(NUMBER)
    assert unlinked.sms_configuration is not None
    assert unlinked.sms_configuration.campaign_id == ""

    await client.imported_numbers.delete(NUMBER)
    with pytest.raises(NotFoundError) as caught:
        await client.imported_numbers.get(NUMBER)
    # The hosting API's own flat error shape, "code" a string.
    assert caught.value.body is not None
    assert (caught.value.body.code, caught.value.body.status) == (404, "NOT_FOUND")


async def test_importing_twice_is_a_conflict(client: AsyncClient):
    await client.imported_numbers.create(phone_number=NUMBER, region_code="US", service_plan_id="p")
    with pytest.raises(ConflictError):
        await client.imported_numbers.create(
            phone_number=NUMBER, region_code="US", service_plan_id="p"
        )


async def test_a_bad_number_names_the_field(client: AsyncClient):
    with pytest.raises(BadRequestError) as caught:
        await client.imported_numbers.create(
            phone_number="12025550200", region_code="US", service_plan_id="p"
        )
    assert [v.field.startswith("phoneNumber") for v in caught.value.field_violations] == [True]


async def test_token_pages(client: AsyncClient, run):
    for n in range(5):
        await client.imported_numbers.create(
            phone_number=f"+1202555030{n}", region_code="US", service_plan_id="plan-p"
        )
    await run(AUTOPILOT_DELAY)
    listing = client.imported_numbers.list(service_plan_id="plan-p", campaign_id="", page_size=2)
    pages = [page async for page in listing.pages()]
    assert [len(p.items) for p in pages] == [2, 2, 1]
    assert pages[0].total == 5
    assert pages[0].next_page_token
    assert pages[-1].next_page_token is None
    assert len({n.phone_number for p in pages for n in p.items}) == 5
