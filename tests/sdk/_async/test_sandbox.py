"""``client.sandbox``: the clock, reset, the callbacks inbox and delivery faults; and the
callback verifiers, on the very bytes and headers the server sent."""

from __future__ import annotations

import base64

import pytest

from opentrunk.sdk import (
    AsyncClient,
    AuthenticationError,
    PermissionDeniedError,
    SDKError,
    StandardWebhook,
    verify_callback,
)
from opentrunk.sdk.types import CallbackEvent
from tests.sdk.conftest import AUTOPILOT_DELAY

RECEIVER = "http://127.0.0.1:9/callbacks"  # refused at once: every attempt fails


async def test_clock_advance_and_reset(client: AsyncClient, run):
    before = await client.sandbox.clock()
    assert before.offset_seconds == 0
    advanced = await client.sandbox.advance_clock(3600)
    assert advanced.offset_seconds == 3600
    assert (advanced.now - before.now).total_seconds() >= 3600
    assert (await client.sandbox.advance_clock(duration="PT30M")).offset_seconds == 5400

    await client.qualified_numbers.add(["+12025550100"])
    await client.sandbox.advance_clock(AUTOPILOT_DELAY)
    await run()
    qualified = await client.qualified_numbers.get("+12025550100")
    assert qualified.global_process_state == "GLOBAL_PROCESS_STATE_ELIGIBLE"

    reset = await client.sandbox.reset()
    assert reset.offset_seconds == 0
    remaining = client.qualified_numbers.list(states="GLOBAL_PROCESS_STATE_UNSPECIFIED")
    assert [n async for n in remaining] == []


async def test_advance_needs_an_amount(client: AsyncClient):
    with pytest.raises(ValueError, match="seconds or duration"):
        await client.sandbox.advance_clock()


async def test_callbacks_carry_signatures_the_verifiers_accept(client: AsyncClient, run):
    secret = "my-hmac-secret"
    await client.callback_configuration.update(hmac_secret=secret)
    await client.imported_numbers.create(
        phone_number="+12025550200",
        region_code="US",
        service_plan_id="plan-a",
        callback_url=RECEIVER,
    )
    await run(AUTOPILOT_DELAY)
    callbacks = [c async for c in client.sandbox.callbacks(url=RECEIVER)]
    assert callbacks
    callback = callbacks[0]
    event = CallbackEvent.model_validate_json(callback.body)
    assert (event.resource_id, event.event_type) == ("+12025550200", "PROVISIONING_TO_SMS_PLATFORM")
    attempt = callback.deliveries[0]
    assert attempt.succeeded is False
    headers = {k.lower(): v for k, v in attempt.request_headers.items()}
    assert verify_callback(callback.body, headers["x-sinch-signature"], secret)
    assert not verify_callback(callback.body, headers["x-sinch-signature"], "another")
    webhook = StandardWebhook(
        "whsec_" + base64.b64encode(secret.encode()).decode(),
        clock=lambda: float(headers["webhook-timestamp"]),
    )
    webhook.verify(callback.body, headers)
    pending = [c.event_id async for c in client.sandbox.callbacks(status="pending", page_size=1)]
    assert callback.event_id in pending


async def test_faults(client: AsyncClient):
    fault = await client.sandbox.add_fault(RECEIVER, count=2, mode="status", status_code=503)
    assert (fault.remaining, fault.status_code) == (2, 503)
    assert [f.id for f in await client.sandbox.faults()] == [fault.id]
    await client.sandbox.clear_faults()
    assert await client.sandbox.faults() == []


async def test_the_admin_token_is_needed(make_client):
    with pytest.raises((AuthenticationError, PermissionDeniedError)):
        await make_client(admin_token="wrong").sandbox.clock()
    with pytest.raises(SDKError, match="admin token"):
        await make_client(admin_token="").sandbox.clock()
