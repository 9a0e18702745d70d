"""``:sendVoiceChallenge`` places a real SIP call through the PSTN gateway (here the
built-in simulator), carrying the code; the code heard on that call verifies the
number. Outside the sandbox, which keeps challenges in its inbox instead."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

import pytest
from sqlalchemy import select

from opentrunk.config import Settings
from opentrunk.sip.daemon import SipDaemon
from opentrunk.sip.daemon.challenges import CODE_HEADER
from opentrunk.store.models import VoiceChallenge

NUMBER = "+12025550100"


@pytest.fixture
def settings(settings: Settings) -> Settings:
    return settings.model_copy(update={"sandbox": False, "sip_port": 0, "sip_drain_seconds": 0})


@pytest.fixture
async def daemon(settings: Settings, state) -> AsyncIterator[SipDaemon]:  # type: ignore[no-untyped-def]
    sip = SipDaemon(settings, database=state.database, clock=state.clock, changes=state.changes)
    await sip.start()
    try:
        yield sip
    finally:
        await sip.stop()


async def test_the_challenge_call_carries_the_code_that_verifies(api, state, daemon) -> None:  # type: ignore[no-untyped-def]
    response = await api.post("/qualifiedNumbers:addNumbers", json={"phoneNumbers": [NUMBER]})
    assert response.status_code == 200, response.text
    sent = await api.post(f"/qualifiedNumbers/{NUMBER}:sendVoiceChallenge")
    assert sent.status_code == 200, sent.text

    simulator, dialer = daemon.simulator, daemon.dialer
    assert simulator is not None
    assert dialer is not None
    await dialer.dial()  # what its loop does every second
    for _ in range(200):  # the call goes over real loopback sockets
        if any(call.number == NUMBER and call.answered for call in simulator.history):
            break
        await asyncio.sleep(0.02)
    call = next(call for call in simulator.history if call.number == NUMBER)
    assert call.answered
    code = call.extra_headers[CODE_HEADER]
    assert code in call.extra_headers["Subject"]

    await dialer.dial()  # marks the answered call placed (unless its loop just did)
    for _ in range(100):
        async with state.database.read_session() as session:
            challenge = await session.scalar(select(VoiceChallenge))
        assert challenge is not None
        if challenge.status == "PLACED":
            break
        await asyncio.sleep(0.02)
    assert (challenge.status, challenge.phone_number) == ("PLACED", NUMBER)

    verified = await api.post(
        f"/qualifiedNumbers/{NUMBER}:verifyVoiceChallenge", json={"code": code}
    )
    assert verified.status_code == 200, verified.text
    assert verified.json()["globalProcessState"] == "GLOBAL_PROCESS_STATE_VERIFIED"
