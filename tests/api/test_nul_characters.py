"""NUL (U+0000) in anything a client sends is a client error: PostgreSQL can neither store
nor look up text holding it, which used to surface as a 500 there."""

from __future__ import annotations

import base64

import pytest

from tests.api.factories import error_of, make_trunk, violated_fields
from tests.conftest import KEY_SECRET, PROJECT_ID


async def test_in_a_body_field(api):
    response = await api.post("/trunks", json={"name": "Acme\x00", "hostName": "acme"})
    assert response.status_code == 400
    assert violated_fields(response) == {"name"}
    assert (await api.get("/trunks")).json()["totalItems"] == 0


async def test_in_a_nested_body_field(api):
    body = {"name": "Office", "ipRanges": [{"ipAddress": "203.0.113.1", "description": "a\x00"}]}
    response = await api.post("/accessControlLists", json=body)
    assert response.status_code == 400
    assert violated_fields(response) == {"ipRanges[0].description"}


async def test_in_a_bare_array_body(api):
    trunk = await make_trunk(api)
    response = await api.put(f"/trunks/{trunk['id']}/credentialLists", json=["01AB\x00"])
    assert response.status_code == 400
    error_of(response)


@pytest.mark.parametrize(
    "path",
    ["/trunks/01AB%00CD", "/accessControlLists/%00", "/trunks?domain=a%00b",
     "/calls?trunkId=%00", "/phoneNumbers?sipTrunkId=%00"],
)  # fmt: skip
async def test_in_a_path_or_query_parameter(api, path):
    response = await api.get(path)
    assert response.status_code == 400
    assert error_of(response)["status"] == "INVALID_ARGUMENT"


async def test_in_the_project_id(api, http):
    token = api.headers["Authorization"]
    response = await http.get("/v1/projects/a%00b/trunks", headers={"Authorization": token})
    assert response.status_code == 400
    assert violated_fields(response) == {"projectId"}


def _basic(key_id: str) -> dict[str, str]:
    encoded = base64.b64encode(f"{key_id}:{KEY_SECRET}".encode()).decode()
    return {"Authorization": f"Basic {encoded}"}


async def test_in_a_basic_key_id(http):
    response = await http.get(f"/v1/projects/{PROJECT_ID}/trunks", headers=_basic("key\x00"))
    assert response.status_code == 401


async def test_in_a_key_id_asking_for_a_token(http):
    form = {"grant_type": "client_credentials"}
    response = await http.post("/oauth2/token", data=form, headers=_basic("key\x00"))
    assert response.status_code == 401
    assert response.json()["error"] == "invalid_client"
    form |= {"client_id": "key\x00", "client_secret": KEY_SECRET}
    assert (await http.post("/oauth2/token", data=form)).status_code == 401
