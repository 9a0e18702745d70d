"""Small builders that create resources through the public API."""

from __future__ import annotations

from typing import Any

import httpx

PASSWORD = "SecurePassword1234"


async def make_trunk(api: httpx.AsyncClient, host: str = "acme", **extra: Any) -> dict[str, Any]:
    response = await api.post("/trunks", json={"name": f"Trunk {host}", "hostName": host, **extra})
    assert response.status_code == 201, response.text
    body: dict[str, Any] = response.json()
    return body


async def make_acl(
    api: httpx.AsyncClient, *ranges: tuple[str, int], name: str = "Office"
) -> dict[str, Any]:
    ip_ranges = [{"ipAddress": ip, "range": prefix} for ip, prefix in ranges] or [
        {"ipAddress": "203.0.113.10"}
    ]
    response = await api.post("/accessControlLists", json={"name": name, "ipRanges": ip_ranges})
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


async def make_credential_list(
    api: httpx.AsyncClient, *usernames: str, name: str = "PBX users"
) -> dict[str, Any]:
    credentials = [{"username": u, "password": PASSWORD} for u in usernames or ("pbx01",)]
    response = await api.post("/credentialLists", json={"name": name, "credentials": credentials})
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


def error_of(response: httpx.Response) -> dict[str, Any]:
    """The body of an error response, checked to be in the API's one error format."""
    body: dict[str, Any] = response.json()
    assert set(body) == {"code", "status", "message", "details"}, body
    assert body["code"] == response.status_code
    assert isinstance(body["message"], str)
    assert body["message"]
    return body


def reason_of(response: httpx.Response) -> str | None:
    for detail in error_of(response)["details"]:
        if detail["type"] == "ErrorInfo":
            reason: str = detail["reason"]
            return reason
    return None


def violated_fields(response: httpx.Response) -> set[str]:
    fields: set[str] = set()
    for detail in error_of(response)["details"]:
        if detail["type"] == "BadRequest":
            fields |= {v["field"] for v in detail["fieldViolations"]}
    return fields
