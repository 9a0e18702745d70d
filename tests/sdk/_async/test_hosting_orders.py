"""``client.hosting_orders``: import and text-enable orders, followed to their end with
the sandbox autopilot (the SDK's sleep advances the server's clock)."""

from __future__ import annotations

import pytest

from opentrunk.sdk import AsyncClient, WaitTimeoutError
from opentrunk.sdk.types import BlanketLoaInfo, ResellerLoaInfo
from tests.sdk._async.test_qualified_numbers import LOA
from tests.sdk.conftest import AUTOPILOT_DELAY

NUMBERS = ["+12025550300", "+12025550301"]


async def test_import_order_followed_to_completion(make_client, run):
    client: AsyncClient = make_client(sleep=run)
    order = await client.hosting_orders.import_numbers(
        numbers=NUMBERS,
        region_code="US",
        service_plan_id="plan-a",
        campaign_id="CAMP001",
        display_name="Import",
        callback_url="http://127.0.0.1:9/callbacks",  # refused at once
    )
    assert (order.type, order.region_code, order.display_name) == ("IMPORT", "US", "Import")
    following = client.hosting_orders.follow(order.hosting_order_id, max_wait=600)
    states = [o.state async for o in following]
    assert states[0] in ("SUBMITTED", "IN_PROGRESS")
    assert states[-1] == "COMPLETED"
    assert len(states) == len(set(states))  # one entry per change

    report = await client.hosting_orders.report(order.hosting_order_id)
    assert (report.total, report.sms_provisioned, report.added_to_campaign) == (2, 2, 2)
    numbers = [n async for n in client.hosting_orders.list_numbers(order.hosting_order_id)]
    assert [n.phone_number for n in numbers] == NUMBERS
    assert numbers[0].platform_provisioning is not None
    assert numbers[0].platform_provisioning.state == "DONE"
    done = client.hosting_orders.list_numbers(
        order.hosting_order_id, platform_provisioning_state="DONE", page_size=1
    )
    assert [p.total async for p in done.pages()] == [2, 2]
    one = await client.hosting_orders.get_number(order.hosting_order_id, NUMBERS[1])
    assert one.campaign_provisioning is not None
    assert one.campaign_provisioning.campaign_id == "CAMP001"
    assert (await client.imported_numbers.get(NUMBERS[0])).phone_number == NUMBERS[0]

    listed = client.hosting_orders.list(
        states="COMPLETED", type="IMPORT", service_plan_id="plan-a", campaign_id="CAMP001"
    )
    assert [o.hosting_order_id async for o in listed] == [order.hosting_order_id]


async def test_text_enable_waits_for_the_signature(make_client, run):
    client: AsyncClient = make_client(sleep=run)
    await client.qualified_numbers.add(NUMBERS)
    await run(AUTOPILOT_DELAY)
    order = await client.hosting_orders.text_enable_numbers(
        numbers=NUMBERS, region_code="US", service_plan_id="plan-a", campaign_id="C1", loa=LOA
    )
    assert order.state == "SUBMITTED"
    following = client.hosting_orders.follow(order.hosting_order_id, interval=1, max_wait=600)
    states = [o.state async for o in following]
    assert states == ["SUBMITTED", "WAITING_FOR_LOA_SIGNATURE", "IN_PROGRESS", "COMPLETED"]
    final = await client.hosting_orders.wait(order.hosting_order_id)
    assert final.state == "COMPLETED"  # already ended: no waiting


async def test_blanket_and_reseller_loas(client: AsyncClient, run):
    await client.qualified_numbers.add(NUMBERS)
    await run(AUTOPILOT_DELAY)
    blanket = await client.hosting_orders.text_enable_numbers(
        numbers=NUMBERS[:1], region_code="US", service_plan_id="p", loa=BlanketLoaInfo()
    )
    assert blanket.state != "WAITING_FOR_LOA_SIGNATURE"  # nothing to sign
    reseller = ResellerLoaInfo(business_name="Acme, Inc.", **LOA.model_dump())
    order = await client.hosting_orders.text_enable_numbers(
        numbers=NUMBERS[1:], region_code="US", service_plan_id="p", loa=reseller
    )
    assert order.text_enable_info is not None
    assert order.text_enable_info.business_name == "Acme, Inc."


async def test_toll_free_order(client: AsyncClient, run):
    await client.qualified_numbers.add(["+18335870229"])
    await run(AUTOPILOT_DELAY)
    order = await client.hosting_orders.text_enable_toll_free_numbers(
        numbers=["+18335870229"], region_code="US", service_plan_id="plan-a", loa=LOA
    )
    assert order.state == "SUBMITTED"


async def test_a_declined_loa_rejects_the_order(make_client, run):
    client: AsyncClient = make_client(sleep=run)
    declined = "+12025550104"  # sandbox magic number: the LOA is declined
    await client.qualified_numbers.add([declined])
    await run(AUTOPILOT_DELAY)
    order = await client.hosting_orders.text_enable_numbers(
        numbers=[declined], region_code="US", service_plan_id="p", loa=LOA
    )
    final = await client.hosting_orders.wait(order.hosting_order_id, interval=1, max_wait=600)
    assert final.state == "REJECTED"


async def test_waiting_gives_up_after_max_wait(make_client, run):
    slept: list[float] = []

    async def idle(seconds: float) -> None:  # time passes for nobody
        slept.append(seconds)

    client: AsyncClient = make_client(sleep=idle)
    await client.qualified_numbers.add(NUMBERS[:1])
    await run(AUTOPILOT_DELAY)
    order = await client.hosting_orders.text_enable_numbers(
        numbers=NUMBERS[:1], region_code="US", service_plan_id="p", loa=LOA
    )
    with pytest.raises(WaitTimeoutError, match="still SUBMITTED after 30 s"):
        await client.hosting_orders.wait(order.hosting_order_id, interval=10, max_wait=35)
    assert slept == [10, 10, 10]
