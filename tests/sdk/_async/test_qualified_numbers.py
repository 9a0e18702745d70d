"""``client.qualified_numbers``: qualification, the voice challenge, text-enabling."""

from __future__ import annotations

import pytest

from opentrunk.sdk import AsyncClient, BadRequestError, NotFoundError
from opentrunk.sdk.types import Address, AuthorisedPerson, DirectLoaInfo
from tests.sdk.conftest import AUTOPILOT_DELAY

NUMBER = "+12025550100"
LOA = DirectLoaInfo(
    authorised_person=AuthorisedPerson(first_name="John", last_name="Smith", email="j@example.com"),
    address=Address(
        building_number="2433",
        street="Vesta Drive",
        city="Chicago",
        state="IL",
        postal_code="60647",
        country="US",
    ),
    current_voice_carrier="Verizon",
)


async def test_add_review_list_get_delete(client: AsyncClient, run):
    (added, refused) = await client.qualified_numbers.add([NUMBER, "+12025550101"])
    assert added.global_process_state == "GLOBAL_PROCESS_STATE_ELIGIBLE_CHECK_PENDING"
    assert added.hosted_number is not None
    assert added.hosted_number.status == 0  # a number on the wire, as documented
    await run(AUTOPILOT_DELAY)

    eligible = client.qualified_numbers.list(states="GLOBAL_PROCESS_STATE_ELIGIBLE")
    assert [n.phone_number async for n in eligible] == [NUMBER]
    both = client.qualified_numbers.list(
        states=["GLOBAL_PROCESS_STATE_ELIGIBLE", "GLOBAL_PROCESS_STATE_NOT_ELIGIBLE"],
        order_by="createdTime",
        region_code="US",
    )
    assert sorted([n.phone_number async for n in both]) == [NUMBER, refused.phone_number]
    not_eligible = await client.qualified_numbers.get(refused.phone_number)
    assert not_eligible.osr_eligibility is not None
    assert not_eligible.osr_eligibility.status == "FAILED"

    await client.qualified_numbers.delete(NUMBER)
    with pytest.raises(NotFoundError):
        await client.qualified_numbers.get(NUMBER)


async def test_voice_challenge(client: AsyncClient):
    await client.qualified_numbers.add([NUMBER])
    pending = await client.qualified_numbers.send_voice_challenge(NUMBER)
    assert pending.global_process_state == "GLOBAL_PROCESS_STATE_VERIFICATION_PENDING"
    (call,) = await client.sandbox.challenge_calls(phone_number=NUMBER)
    verified = await client.qualified_numbers.verify_voice_challenge(NUMBER, code=call.code)
    assert verified.global_process_state == "GLOBAL_PROCESS_STATE_VERIFIED"


async def test_text_enable_returns_the_order_id(client: AsyncClient, run):
    await client.qualified_numbers.add([NUMBER])
    await run(AUTOPILOT_DELAY)
    order_id = await client.qualified_numbers.text_enable_numbers(
        numbers=[NUMBER],
        region_code="US",
        service_plan_id="plan-a",
        campaign_id="CAMP001",
        loa=LOA,
        display_name="Front desk",
    )
    await run()  # the jobs due now: the letter is written and sent for signature
    order = await client.hosting_orders.get(order_id)
    assert (order.type, order.state) == ("TYPE_TEXT_ENABLE", "WAITING_FOR_LOA_SIGNATURE")
    assert order.text_enable_info is not None
    assert order.text_enable_info.authorised_person == LOA.authorised_person
    (email,) = await client.sandbox.emails(to="j@example.com")
    assert email.hosting_order_id == order_id
    assert (await client.sandbox.email_attachment(email.id)).startswith(b"%PDF")


async def test_toll_free_text_enable(client: AsyncClient, run):
    await client.qualified_numbers.add(["+18335870229"])
    await run(AUTOPILOT_DELAY)
    order = await client.qualified_numbers.text_enable_toll_free_numbers(
        numbers=["+18335870229"], region_code="US", service_plan_id="plan-a", loa=LOA
    )
    assert (order.type, order.state) == ("TYPE_TEXT_ENABLE", "SUBMITTED")
    await run()
    order = await client.hosting_orders.get(order.hosting_order_id)
    assert order.state == "WAITING_FOR_LOA_SIGNATURE"


async def test_only_qualified_numbers_can_be_text_enabled(client: AsyncClient):
    await client.qualified_numbers.add([NUMBER])  # still under review
    with pytest.raises(BadRequestError) as caught:
        await client.qualified_numbers.text_enable_numbers(
            numbers=[NUMBER], region_code="US", service_plan_id="p", loa=LOA
        )
    assert "ELIGIBLE" in caught.value.message
