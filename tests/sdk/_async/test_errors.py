"""What the caller catches: one class per status, with the server's error document."""

from __future__ import annotations

import pytest

from opentrunk.sdk import (
    AsyncClient,
    AuthenticationError,
    BadRequestError,
    ConflictError,
    NotFoundError,
    PayloadTooLargeError,
    PermissionDeniedError,
)
from opentrunk.sdk.types import IpRangeInput


async def test_not_found_carries_the_body(client: AsyncClient):
    with pytest.raises(NotFoundError) as caught:
        await client.trunks.get("01HA2E80QCBX185VVP21PJG9CT")
    error = caught.value
    assert error.status_code == 404
    assert error.body is not None
    assert (error.body.code, error.body.status) == (404, "NOT_FOUND")
    assert "01HA2E80QCBX185VVP21PJG9CT" in error.message


async def test_bad_request_names_the_fields(client: AsyncClient):
    with pytest.raises(BadRequestError) as caught:
        await client.trunks.create(name="x", host_name="not a host")
    assert [v.field for v in caught.value.field_violations] == ["hostName"]
    assert caught.value.reason == "VALIDATION_FAILED"


async def test_conflict(client: AsyncClient):
    await client.trunks.create(name="A", host_name="taken")
    with pytest.raises(ConflictError) as caught:
        await client.trunks.create(name="B", host_name="taken")
    assert caught.value.body is not None
    assert caught.value.body.status == "ALREADY_EXISTS"


async def test_wrong_secret_is_an_authentication_error(make_client):
    client = make_client(key_secret="not-the-secret")
    with pytest.raises(AuthenticationError) as caught:
        await client.trunks.get("x")
    # The token endpoint answered, in OAuth2's own error shape.
    assert caught.value.request.url.path == "/oauth2/token"
    assert caught.value.body is not None
    assert caught.value.body.status == "invalid_client"


async def test_basic_auth_with_a_wrong_secret(make_client):
    client = make_client(auth="basic", key_secret="not-the-secret")
    with pytest.raises(AuthenticationError) as caught:
        await client.trunks.get("x")
    assert caught.value.request.url.path.endswith("/trunks/x")


async def test_another_project_is_permission_denied(make_client):
    client = make_client(project_id="someone-else")
    with pytest.raises(PermissionDeniedError):
        await client.trunks.create(name="A", host_name="elsewhere")


async def test_too_large_a_body(client: AsyncClient):
    ranges = [IpRangeInput(ip_address="203.0.113.1", description="x" * 200)] * 400
    with pytest.raises(PayloadTooLargeError) as caught:
        await client.acls.create(name="Huge", ip_ranges=ranges)
    assert caught.value.status_code == 413
