"""``client.callback_configuration``: the secret hosting callbacks are signed with."""

from __future__ import annotations

import pytest

from opentrunk.sdk import AsyncClient, BadRequestError


async def test_get_and_update(client: AsyncClient):
    before = await client.callback_configuration.get()
    assert before.project_id == client.project_id
    after = await client.callback_configuration.update(hmac_secret="my-hmac-secret")
    assert after.hmac_secret == "my-hmac-secret"
    assert (await client.callback_configuration.get()).hmac_secret == "my-hmac-secret"


async def test_errors_in_the_nested_shape_are_read(client: AsyncClient):
    with pytest.raises(BadRequestError) as caught:
        await client.callback_configuration.update(hmac_secret="x" * 10_000)
    assert caught.value.body is not None
    assert caught.value.body.code == 400
    assert caught.value.body.status == "INVALID_ARGUMENT"
