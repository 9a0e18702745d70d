"""Bad requests of every kind get a 4xx in the one error format, never a 500."""

from __future__ import annotations

import pytest

from tests.api.factories import error_of, reason_of


async def test_malformed_json(api):
    response = await api.post(
        "/trunks", content=b'{"name": "x",', headers={"Content-Type": "application/json"}
    )
    assert response.status_code == 400
    assert error_of(response)["message"].startswith("Failed to read HTTP message")
    assert reason_of(response) == "VALIDATION_FAILED"


async def test_empty_body(api):
    response = await api.post("/trunks", headers={"Content-Type": "application/json"})
    assert response.status_code == 400
    error_of(response)


async def test_declared_oversized_body_is_413(api):
    response = await api.post(
        "/trunks", content=b"{" + b" " * 70_000 + b"}", headers={"Content-Type": "application/json"}
    )
    assert response.status_code == 413
    assert error_of(response)["status"] == "PAYLOAD_TOO_LARGE"


async def test_streamed_oversized_body_is_413(api):
    async def chunks():
        for _ in range(20):
            yield b" " * 8192

    response = await api.post(
        "/trunks", content=chunks(), headers={"Content-Type": "application/json"}
    )
    assert response.status_code == 413
    assert (await api.get("/trunks")).json()["totalItems"] == 0


async def test_unknown_path_is_404_no_resource_found(api):
    response = await api.get("/nothingHere")
    assert response.status_code == 404
    assert reason_of(response) == "NO_RESOURCE_FOUND"


async def test_wrong_method_is_405_in_the_error_format(api):
    response = await api.patch("/trunks")
    assert response.status_code == 405
    error_of(response)


@pytest.mark.parametrize(
    "body",
    [b"null", b"[]", b'"text"', b"123", b'{"name": null, "hostName": null}',
     b'{"name": "\\ud800", "hostName": "x"}', b'{"name": {"a": 1}, "hostName": [1]}'],
)  # fmt: skip
async def test_odd_json_values_are_400(api, body):
    response = await api.post("/trunks", content=body, headers={"Content-Type": "application/json"})
    assert response.status_code == 400, response.text
    error_of(response)


async def test_very_long_strings_are_400(api):
    response = await api.post("/trunks", json={"name": "n" * 300, "hostName": "ok"})
    assert response.status_code == 400
