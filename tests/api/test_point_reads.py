"""GET of a trunk or an endpoint by id with a Bearer token is answered in front of the
routes (``api.point_reads``), straight from SQLite; every other case takes the routes.

The shortcut exists on a SQLite file only, so this module runs there; on PostgreSQL the
rest of the suite reads through the routes."""

from __future__ import annotations

import shutil
from datetime import timedelta
from pathlib import Path

import pytest

from opentrunk.store.point_reads import Unreadable
from tests.api.factories import error_of, make_trunk
from tests.conftest import KEY_ID, KEY_SECRET, PROJECT_ID


@pytest.fixture
def database_url(sqlite_template: Path, tmp_path: Path) -> str:
    path = tmp_path / "opentrunk.db"
    shutil.copyfile(sqlite_template, path)
    return f"sqlite+aiosqlite:///{path}"


def refuse_sessions(state, monkeypatch) -> None:
    """Any read through a session from here on fails the request loudly."""

    def refuse():
        raise AssertionError("read through a session")

    monkeypatch.setattr(state.database, "read_session", refuse)


@pytest.fixture
def no_sessions(state, monkeypatch):
    refuse_sessions(state, monkeypatch)


async def _endpoint(api, trunk_id: str, **extra) -> dict:
    body = {"name": "pbx", "address": "192.0.2.10", "priority": 2, **extra}
    response = await api.post(f"/trunks/{trunk_id}/endpoints", json=body)
    assert response.status_code == 201, response.text
    return response.json()


async def test_a_trunk_is_read_without_a_session_exactly_as_the_route_answers(
    api, http, state, monkeypatch
):
    trunk = await make_trunk(api, "fast", enableCallerName=True)
    path = f"/v1/projects/{PROJECT_ID}/trunks/{trunk['id']}"
    # HTTP Basic always takes the route.
    routed = await http.get(path, auth=(KEY_ID, KEY_SECRET))
    assert routed.status_code == 200
    refuse_sessions(state, monkeypatch)
    short = await api.get(f"/trunks/{trunk['id']}")

    assert short.status_code == 200
    assert short.content == routed.content
    assert short.headers["content-type"] == routed.headers["content-type"] == "application/json"
    assert short.headers["content-length"] == routed.headers["content-length"]
    body = short.json()
    assert body == trunk
    assert body["enableCallerName"] is True
    assert body["createTime"].endswith("Z")
    assert body["updateTime"] is None


async def test_an_endpoint_is_read_without_a_session_exactly_as_the_route_answers(
    api, http, state, monkeypatch
):
    trunk = await make_trunk(api, "fast")
    endpoint = await _endpoint(api, trunk["id"], enabled=False)
    path = f"/trunks/{trunk['id']}/endpoints/{endpoint['id']}"
    routed = await http.get(f"/v1/projects/{PROJECT_ID}{path}", auth=(KEY_ID, KEY_SECRET))
    refuse_sessions(state, monkeypatch)
    short = await api.get(path)

    assert short.status_code == 200
    assert short.content == routed.content
    assert short.json() == endpoint
    assert short.json()["enabled"] is False
    assert short.json()["port"] == 5060


async def test_reads_see_each_write_at_once(api):
    trunk = await make_trunk(api, "before")
    assert (await api.get(f"/trunks/{trunk['id']}")).json()["hostName"] == "before"

    updated = await api.put(f"/trunks/{trunk['id']}", json={"name": "n", "hostName": "after"})
    assert updated.status_code == 200
    body = (await api.get(f"/trunks/{trunk['id']}")).json()
    assert body["hostName"] == "after"
    assert body["updateTime"] is not None
    assert body == updated.json()

    assert (await api.delete(f"/trunks/{trunk['id']}")).status_code == 204
    gone = await api.get(f"/trunks/{trunk['id']}")
    assert gone.status_code == 404
    assert error_of(gone)["status"] == "NOT_FOUND"


async def test_an_expired_token_still_gets_the_routes_401(api, clock):
    trunk = await make_trunk(api, "fast")
    clock.advance(timedelta(hours=2))
    response = await api.get(f"/trunks/{trunk['id']}")
    assert response.status_code == 401
    assert "expired" in response.headers["www-authenticate"]


async def test_a_bad_token_still_gets_the_routes_401(api):
    trunk = await make_trunk(api, "fast")
    response = await api.get(f"/trunks/{trunk['id']}", headers={"Authorization": "Bearer nope"})
    assert response.status_code == 401
    assert error_of(response)["status"] == "UNAUTHENTICATED"


async def test_no_credentials_still_get_the_routes_401(api, http):
    trunk = await make_trunk(api, "fast")
    response = await http.get(f"/v1/projects/{PROJECT_ID}/trunks/{trunk['id']}")
    assert response.status_code == 401


async def test_other_projects_are_refused_as_the_routes_refuse_them(api, other_tenant):
    trunk = await make_trunk(api, "mine")
    # Their token on our project: 403.
    response = await other_tenant.client.get(
        f"http://opentrunk.test/v1/projects/{PROJECT_ID}/trunks/{trunk['id']}"
    )
    assert response.status_code == 403
    # Their project, our trunk's id: not found, as if it did not exist.
    response = await other_tenant.client.get(f"/trunks/{trunk['id']}")
    assert response.status_code == 404


async def test_an_endpoint_under_another_trunk_is_404(api):
    first = await make_trunk(api, "first")
    second = await make_trunk(api, "second")
    endpoint = await _endpoint(api, first["id"])
    response = await api.get(f"/trunks/{second['id']}/endpoints/{endpoint['id']}")
    assert response.status_code == 404
    assert error_of(response)["status"] == "NOT_FOUND"


async def test_a_query_string_takes_the_route(api, no_sessions):
    trunk = await make_trunk(api, "fast")
    with pytest.raises(AssertionError, match="read through a session"):
        await api.get(f"/trunks/{trunk['id']}", params={"x": "1"})


async def test_sqlite_unable_to_answer_takes_the_route(api, state, monkeypatch):
    trunk = await make_trunk(api, "fast")

    def busy(*_args, **_kwargs):
        raise Unreadable("database is locked")

    monkeypatch.setattr(state.database.point_reads, "one", busy)
    response = await api.get(f"/trunks/{trunk['id']}")
    assert response.status_code == 200
    assert response.json() == trunk
