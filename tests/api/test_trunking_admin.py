"""The operator's ``PATCH /admin/projects/{projectId}/trunks/{sipTrunkId}``: a trunk's
``callsPerSecond`` (read-only in the EST API; Sinch sets it on request), recorded as a
configuration change so the SIP edge reloads the project."""

from __future__ import annotations

from base64 import b64encode
from collections.abc import AsyncIterator
from datetime import timedelta
from typing import Any

import httpx
import pytest
from fastapi import FastAPI
from pydantic import SecretStr

from opentrunk.api.state import AppState
from opentrunk.clock import ManualClock
from opentrunk.config import Settings
from opentrunk.kit.timefmt import format_rfc3339
from opentrunk.trunking.config_versions import config_versions
from opentrunk.trunking.routing import load_project_routes
from tests.api.factories import error_of, make_trunk, reason_of, violated_fields
from tests.conftest import KEY_ID, KEY_SECRET, PROJECT_ID, Tenant

ADMIN_TOKEN = "trunking-admin-token-for-tests"
ROOT = "http://opentrunk.test"


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock(frozen=True)


@pytest.fixture
def settings(settings: Settings) -> Settings:
    return settings.model_copy(update={"admin_token": SecretStr(ADMIN_TOKEN)})


@pytest.fixture
async def admin(app: FastAPI) -> AsyncIterator[httpx.AsyncClient]:
    async with httpx.AsyncClient(
        transport=httpx.ASGITransport(app=app),
        base_url=f"{ROOT}/admin/projects/{PROJECT_ID}",
        headers={"Authorization": f"Bearer {ADMIN_TOKEN}"},
    ) as client:
        yield client


async def _versions(state: AppState) -> dict[str, int]:
    async with state.database.read_session() as session:
        return await config_versions(session)


async def _edge_limit(state: AppState, trunk_id: str) -> int:
    """The limit in the project's routes as the SIP edge loads them."""
    async with state.database.read_session() as session:
        routes = await load_project_routes(session, PROJECT_ID)
    return next(t.calls_per_second for t in routes.trunks if t.id == trunk_id)


async def test_sets_calls_per_second_and_answers_the_trunk(
    admin: httpx.AsyncClient, api: httpx.AsyncClient, clock: ManualClock
) -> None:
    trunk = await make_trunk(api)
    assert trunk["callsPerSecond"] == 1
    clock.advance(timedelta(minutes=5))
    response = await admin.patch(f"/trunks/{trunk['id']}", json={"callsPerSecond": 50})
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["callsPerSecond"] == 50
    assert body["updateTime"] == format_rfc3339(clock.now())
    assert body["createTime"] == trunk["createTime"] != body["updateTime"]
    # The same trunk, in the same shape, as the public API answers it.
    assert body == (await api.get(f"/trunks/{trunk['id']}")).json()
    assert {k: v for k, v in body.items() if k not in ("callsPerSecond", "updateTime")} == {
        k: v for k, v in trunk.items() if k not in ("callsPerSecond", "updateTime")
    }


async def test_the_sip_edge_is_told(
    admin: httpx.AsyncClient, api: httpx.AsyncClient, state: AppState
) -> None:
    trunk = await make_trunk(api)
    before = (await _versions(state))[PROJECT_ID]
    published = []
    async with state.changes.subscribe() as feed:
        response = await admin.patch(f"/trunks/{trunk['id']}", json={"callsPerSecond": 25})
        while not feed.empty():
            published.append(feed.get_nowait())
    assert response.status_code == 200, response.text
    assert published == [PROJECT_ID]  # an edge in this process reloads the project
    assert (await _versions(state))[PROJECT_ID] == before + 1  # one in another process too
    assert await _edge_limit(state, trunk["id"]) == 25


@pytest.mark.parametrize("limit", [1, 2, 1_000_000])
async def test_the_range_is_1_to_a_million(
    admin: httpx.AsyncClient, api: httpx.AsyncClient, limit: int
) -> None:
    trunk = await make_trunk(api)
    response = await admin.patch(f"/trunks/{trunk['id']}", json={"callsPerSecond": limit})
    assert response.status_code == 200, response.text
    assert response.json()["callsPerSecond"] == limit


async def test_the_public_api_keeps_the_operators_limit(
    admin: httpx.AsyncClient, api: httpx.AsyncClient
) -> None:
    trunk = await make_trunk(api)
    await admin.patch(f"/trunks/{trunk['id']}", json={"callsPerSecond": 40})
    replaced = await api.put(
        f"/trunks/{trunk['id']}",
        json={"name": "Renamed", "hostName": trunk["hostName"], "callsPerSecond": 1},
    )
    assert replaced.status_code == 200, replaced.text
    assert replaced.json()["callsPerSecond"] == 40  # still read-only there


@pytest.mark.parametrize(
    "body",
    [
        {"callsPerSecond": 0},
        {"callsPerSecond": -5},
        {"callsPerSecond": 1_000_001},
        {"callsPerSecond": 10**30},
        {"callsPerSecond": True},
        {"callsPerSecond": False},
        {"callsPerSecond": 5.0},
        {"callsPerSecond": 2.5},
        {"callsPerSecond": "5"},
        {"callsPerSecond": None},
        {"callsPerSecond": [5]},
        {"callsPerSecond": {"value": 5}},
        {},
        {"cps": 5},
    ],
    ids=repr,
)
async def test_anything_but_an_integer_in_range_is_400(
    admin: httpx.AsyncClient, api: httpx.AsyncClient, state: AppState, body: dict[str, Any]
) -> None:
    trunk = await make_trunk(api)
    before = await _versions(state)
    response = await admin.patch(f"/trunks/{trunk['id']}", json=body)
    assert response.status_code == 400, response.text
    assert error_of(response)["status"] == "INVALID_ARGUMENT"
    assert violated_fields(response) == {"callsPerSecond"}
    assert reason_of(response) == "VALIDATION_FAILED"
    unchanged = (await api.get(f"/trunks/{trunk['id']}")).json()
    assert unchanged == trunk
    assert await _versions(state) == before


@pytest.mark.parametrize(
    "content",
    [b"", b"null", b"[]", b"[5]", b"5", b'"5"', b"{", b"callsPerSecond=5", b"\x00\xff"],
    ids=repr,
)
async def test_a_body_that_is_not_an_object_is_400(
    admin: httpx.AsyncClient, api: httpx.AsyncClient, content: bytes
) -> None:
    trunk = await make_trunk(api)
    response = await admin.patch(
        f"/trunks/{trunk['id']}", content=content, headers={"Content-Type": "application/json"}
    )
    assert response.status_code == 400, response.text
    assert error_of(response)["status"] == "INVALID_ARGUMENT"
    assert (await api.get(f"/trunks/{trunk['id']}")).json()["callsPerSecond"] == 1


async def test_an_unknown_trunk_is_404(admin: httpx.AsyncClient) -> None:
    response = await admin.patch("/trunks/01HZZZZZZZZZZZZZZZZZZZZZZZ", json={"callsPerSecond": 5})
    assert response.status_code == 404
    assert error_of(response)["status"] == "NOT_FOUND"


async def test_another_projects_trunk_is_404(
    admin: httpx.AsyncClient, api: httpx.AsyncClient, other_tenant: Tenant
) -> None:
    theirs = await make_trunk(other_tenant.client, "theirs")
    response = await admin.patch(f"/trunks/{theirs['id']}", json={"callsPerSecond": 5})
    assert response.status_code == 404
    assert error_of(response)["status"] == "NOT_FOUND"
    # Under an unknown project too.
    response = await admin.patch(
        f"{ROOT}/admin/projects/no-such-project/trunks/{theirs['id']}", json={"callsPerSecond": 5}
    )
    assert response.status_code == 404
    assert error_of(response)["status"] == "NOT_FOUND"
    assert (await other_tenant.client.get(f"/trunks/{theirs['id']}")).json()["callsPerSecond"] == 1
    # Under its own project, the operator sets it.
    response = await admin.patch(
        f"{ROOT}/admin/projects/{other_tenant.project_id}/trunks/{theirs['id']}",
        json={"callsPerSecond": 5},
    )
    assert response.status_code == 200, response.text
    assert (await other_tenant.client.get(f"/trunks/{theirs['id']}")).json()["callsPerSecond"] == 5


@pytest.mark.parametrize(
    "headers",
    [
        {},
        {"Authorization": "Bearer wrong-token"},
        {"Authorization": "Bearer "},
        {"Authorization": "Basic " + b64encode(f"{KEY_ID}:{KEY_SECRET}".encode()).decode()},
    ],
    ids=["none", "wrong", "empty", "project key"],
)
async def test_only_the_admin_token_may(
    app: FastAPI, api: httpx.AsyncClient, headers: dict[str, str]
) -> None:
    trunk = await make_trunk(api)
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url=ROOT) as client:
        response = await client.patch(
            f"/admin/projects/{PROJECT_ID}/trunks/{trunk['id']}",
            json={"callsPerSecond": 5},
            headers=headers,
        )
    assert response.status_code == 401
    assert error_of(response)["status"] == "UNAUTHENTICATED"
    assert (await api.get(f"/trunks/{trunk['id']}")).json()["callsPerSecond"] == 1


async def test_a_project_key_is_not_the_admin(api: httpx.AsyncClient) -> None:
    """The project's own Bearer access token does not open the operator route either."""
    trunk = await make_trunk(api)
    response = await api.patch(
        f"{ROOT}/admin/projects/{PROJECT_ID}/trunks/{trunk['id']}",
        json={"callsPerSecond": 5},
    )
    assert response.status_code == 401
    assert error_of(response)["status"] == "UNAUTHENTICATED"
