"""OAuth2 token endpoint, Bearer and Basic on API calls, expiry and project isolation."""

from __future__ import annotations

import base64
import json
from datetime import timedelta

import pytest

from tests.api.factories import error_of, make_trunk
from tests.conftest import KEY_ID, KEY_SECRET, PROJECT_ID

TRUNKS = f"/v1/projects/{PROJECT_ID}/trunks"


def _jwt_claims(token: str) -> dict[str, object]:
    payload = token.split(".")[1]
    claims: dict[str, object] = json.loads(
        base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4))
    )
    return claims


class TestTokenEndpoint:
    async def test_client_credentials_with_basic(self, http, clock):
        response = await http.post(
            "/oauth2/token", data={"grant_type": "client_credentials"}, auth=(KEY_ID, KEY_SECRET)
        )
        assert response.status_code == 200
        body = response.json()
        assert body["token_type"] == "bearer"
        assert body["expires_in"] == 3600
        assert "scope" in body
        claims = _jwt_claims(body["access_token"])
        assert claims["exp"] == int(clock.now().timestamp()) + 3600

    async def test_credentials_in_the_form_body(self, http):
        response = await http.post(
            "/oauth2/token",
            data={
                "grant_type": "client_credentials",
                "client_id": KEY_ID,
                "client_secret": KEY_SECRET,
            },
        )
        assert response.status_code == 200

    async def test_wrong_secret_is_401(self, http):
        response = await http.post(
            "/oauth2/token", data={"grant_type": "client_credentials"}, auth=(KEY_ID, "nope")
        )
        assert response.status_code == 401
        assert response.json()["error"] == "invalid_client"

    async def test_unknown_key_is_401(self, http):
        response = await http.post(
            "/oauth2/token", data={"grant_type": "client_credentials"}, auth=("who", KEY_SECRET)
        )
        assert response.status_code == 401

    async def test_other_grant_type_is_400(self, http):
        response = await http.post(
            "/oauth2/token", data={"grant_type": "password"}, auth=(KEY_ID, KEY_SECRET)
        )
        assert response.status_code == 400
        assert response.json()["error"] == "unsupported_grant_type"


class TestApiAuthentication:
    async def test_missing_credentials_is_401(self, http):
        response = await http.get(TRUNKS)
        assert response.status_code == 401
        assert error_of(response)["status"] == "UNAUTHENTICATED"
        assert "Bearer" in response.headers["www-authenticate"]

    async def test_basic_auth_is_accepted(self, http):
        response = await http.get(TRUNKS, auth=(KEY_ID, KEY_SECRET))
        assert response.status_code == 200

    async def test_basic_auth_with_wrong_secret_is_401(self, http):
        response = await http.get(TRUNKS, auth=(KEY_ID, KEY_SECRET + "x"))
        assert response.status_code == 401

    @pytest.mark.parametrize("header", ["Bearer not-a-jwt", "Bearer ", "Token abc", "Basic !!!"])
    async def test_garbage_credentials_are_401(self, http, header):
        response = await http.get(TRUNKS, headers={"Authorization": header})
        assert response.status_code == 401
        error_of(response)

    async def test_token_signed_by_someone_else_is_401(self, http):
        import jwt

        forged = jwt.encode(
            {"iss": "opentrunk", "sub": KEY_ID, "project": PROJECT_ID, "iat": 0, "exp": 2**31},
            "not-the-signing-key-" * 3,
            algorithm="HS256",
        )
        response = await http.get(TRUNKS, headers={"Authorization": f"Bearer {forged}"})
        assert response.status_code == 401
        assert "expired" not in response.headers["www-authenticate"]

    async def test_expired_token_says_expired(self, http, api, clock):
        assert (await api.get("/trunks")).status_code == 200
        clock.advance(timedelta(seconds=3601))
        response = await api.get("/trunks")
        assert response.status_code == 401
        # The official SDK refreshes its token when this header contains "expired".
        assert "expired" in response.headers["www-authenticate"]
        assert "expired" in error_of(response)["message"]


class TestProjectIsolation:
    async def test_key_of_another_project_is_403(self, api, other_tenant):
        response = await other_tenant.client.get(f"/../{PROJECT_ID}/trunks")
        assert response.status_code == 403
        assert error_of(response)["status"] == "PERMISSION_DENIED"

    async def test_basic_key_of_another_project_is_403(self, http, other_tenant):
        response = await http.get(TRUNKS, auth=(other_tenant.key_id, other_tenant.key_secret))
        assert response.status_code == 403

    async def test_rows_of_another_project_are_invisible(self, api, other_tenant):
        trunk = await make_trunk(api, "mine")
        theirs = other_tenant.client
        assert (await theirs.get(f"/trunks/{trunk['id']}")).status_code == 404
        assert (
            await theirs.put(f"/trunks/{trunk['id']}", json={"name": "x", "hostName": "x"})
        ).status_code == 404
        assert (await theirs.delete(f"/trunks/{trunk['id']}")).status_code == 404
        assert (await theirs.get("/trunks")).json()["totalItems"] == 0
        assert (await api.get(f"/trunks/{trunk['id']}")).status_code == 200

    async def test_added_project_is_reachable_by_the_adding_key(self, api, http, other_tenant):
        child = "babywolf-howl-over-hill-silverforest"
        response = await api.post("/addProjects", json={"projectIds": [child, PROJECT_ID]})
        assert response.status_code == 200
        # The caller's own project is already known to EST, so only the child is added.
        assert response.json() == {"addedProjects": [child]}
        again = await api.post("/addProjects", json={"projectIds": [child]})
        assert again.json() == {"addedProjects": []}
        created = await http.post(
            f"/v1/projects/{child}/trunks",
            json={"name": "Child", "hostName": "child-trunk"},
            headers={"Authorization": api.headers["Authorization"]},
        )
        assert created.status_code == 201
        assert created.json()["projectId"] == child
        # A project added by someone else stays out of reach.
        other = await other_tenant.client.get(f"/../{child}/trunks")
        assert other.status_code == 403


async def test_tokens_issued_on_an_advanced_clock_are_accepted(http, clock):
    """The sandbox clock may run days ahead of real time: a token issued then carries an
    "iat" in the real future, and must still be accepted."""
    clock.advance(timedelta(days=3))
    token = (
        await http.post(
            "/oauth2/token", data={"grant_type": "client_credentials"}, auth=(KEY_ID, KEY_SECRET)
        )
    ).json()["access_token"]
    response = await http.get(TRUNKS, headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 200
