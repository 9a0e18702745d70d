"""OAuth2 tokens: fetched once, renewed before they expire, and renewed once after a
401 that says ``expired``; HTTP Basic as the alternative."""

from __future__ import annotations

from datetime import timedelta

import pytest

from opentrunk.sdk import AsyncClient, AuthenticationError


def _paths(sent) -> list[str]:
    return [r.url.path.rsplit("/", 1)[-1] for r in sent]


async def test_one_token_for_many_calls(client: AsyncClient, sent):
    await client.trunks.create(name="A", host_name="tok")
    [t async for t in client.trunks.list()]
    await client.country_permissions.get("US")
    assert _paths(sent) == ["token", "trunks", "trunks", "US"]
    assert sent[0].headers["authorization"].startswith("Basic ")
    assert all(r.headers["authorization"].startswith("Bearer ") for r in sent[1:])


async def test_renewed_shortly_before_it_expires(client: AsyncClient, sent, clock):
    await client.country_permissions.get("US")
    clock.advance(timedelta(minutes=55))  # the SDK reads the same clock: 5 minutes left
    await client.country_permissions.get("US")
    clock.advance(timedelta(minutes=4, seconds=30))  # 30 s left: renewed before use
    await client.country_permissions.get("US")
    assert _paths(sent) == ["token", "US", "US", "token", "US"]


async def test_renewed_once_after_an_expired_401(make_client, sent, clock):
    # This client's own clock does not move, so it learns of the expiry from the server.
    client = make_client(clock=lambda: 0.0)
    await client.country_permissions.get("US")
    clock.advance(timedelta(hours=2))
    sent.clear()
    assert (await client.country_permissions.get("US")).iso_code == "US"
    assert _paths(sent) == ["US", "token", "US"]
    first, retried = sent[0], sent[2]
    assert first.headers["authorization"] != retried.headers["authorization"]


async def test_a_401_that_is_not_expiry_is_raised(make_client, sent, clock):
    client = make_client(clock=lambda: 0.0)
    await client.country_permissions.get("US")
    client._transport._token = type(client._transport._token)("garbage", None)  # type: ignore[misc]
    sent.clear()
    with pytest.raises(AuthenticationError):
        await client.country_permissions.get("US")
    assert _paths(sent) == ["US"]


async def test_basic_auth_sends_the_key_every_time(make_client, sent):
    client = make_client(auth="basic")
    await client.country_permissions.get("US")
    await client.country_permissions.get("CA")
    assert _paths(sent) == ["US", "CA"]
    assert all(r.headers["authorization"].startswith("Basic ") for r in sent)
