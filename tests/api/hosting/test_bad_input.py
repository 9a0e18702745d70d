"""Bad input of every kind is a 4xx in this API's flat error format, never a 500, and
leaves nothing behind."""

from __future__ import annotations

import pytest

from tests.api.hosting.conftest import error_of

WRITES = [
    ("POST", "/importedNumbers"),
    ("PATCH", "/importedNumbers/+12025550100"),
    ("POST", "/hostingOrders:importNumbers"),
    ("POST", "/hostingOrders:textEnableNumbers"),
    ("POST", "/hostingOrders:textEnableTollFreeNumbers"),
    ("POST", "/qualifiedNumbers:addNumbers"),
    ("POST", "/qualifiedNumbers:textEnableNumbers"),
    ("POST", "/qualifiedNumbers:textEnableTollFreeNumbers"),
    ("POST", "/qualifiedNumbers/+12025550100:verifyVoiceChallenge"),
]
BODIES = [
    b"null", b"[]", b'"text"', b"123", b"{", b'{"numbers": "+12025550100"}',
    b'{"numbers": [1, 2]}', b'{"phoneNumbers": [null]}', b'{"regionCode": ["US"]}',
    b'{"smsConfiguration": "p"}', b'{"directLoaInfo": []}', b'{"code": {"a": 1}}',
    b'{"scheduledOsrUpdateTime": "yesterday", "numbers": ["+12025550100"]}',
    b'{"callbackUrl": "not a url", "regionCode": "US", "numbers": ["+12025550100"], '
    b'"servicePlanId": "p"}',
    b'{"displayName": "' + b"x" * 300 + b'"}',
]  # fmt: skip


@pytest.mark.parametrize(("method", "path"), WRITES)
async def test_odd_bodies_are_4xx_in_the_flat_format(api, method, path):
    for body in BODIES:
        response = await api.request(
            method, path, content=body, headers={"Content-Type": "application/json"}
        )
        assert 400 <= response.status_code < 500, (body, response.text)
        error_of(response)
    listed = await api.get(
        "/hostingOrders",
        params={"states": "", "type": "", "servicePlanId": "", "campaignId": ""},
    )
    assert listed.json()["totalSize"] == 0


@pytest.mark.parametrize(
    "path",
    ["/importedNumbers/abc", "/qualifiedNumbers/%2B", "/hostingOrders/x/numbers/+1",
     "/qualifiedNumbers/+1202555010012345678", "/importedNumbers/%00"],
)  # fmt: skip
async def test_garbage_paths(api, path):
    response = await api.get(path)
    assert 400 <= response.status_code < 500
    error_of(response)


async def test_unknown_verb_is_a_404_in_the_flat_format(api):
    response = await api.post("/qualifiedNumbers:removeNumbers", json={})
    assert response.status_code in (404, 405)
    error_of(response)
