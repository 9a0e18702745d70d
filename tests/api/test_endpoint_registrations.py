"""``GET .../endpoints/{id}/registrations``: the live REGISTER bindings the SIP edge
stored for a registered endpoint (opentrunk's own route, read-only)."""

from __future__ import annotations

from datetime import timedelta

from opentrunk.kit.ids import new_ulid
from opentrunk.store.models import SipRegistration
from tests.api.factories import make_credential_list, make_trunk
from tests.conftest import PROJECT_ID


async def _registered_endpoint(api):  # type: ignore[no-untyped-def]
    trunk = await make_trunk(api)
    await make_credential_list(api, "pbx01")
    response = await api.post(
        f"/trunks/{trunk['id']}/endpoints",
        json={"name": "PBX", "isRegistered": True, "credentialUsername": "pbx01", "priority": 1},
    )
    assert response.status_code == 201, response.text
    return trunk, response.json()


async def _store(state, trunk, endpoint, contact: str, expires_in: timedelta) -> None:  # type: ignore[no-untyped-def]
    now = state.clock.now()
    async with state.database.write_session() as session:
        session.add(
            SipRegistration(
                id=new_ulid(),
                project_id=PROJECT_ID,
                sip_trunk_id=trunk["id"],
                sip_endpoint_id=endpoint["id"],
                contact=contact,
                target="udp:192.0.2.50:5062",
                source="udp:192.0.2.50:5062",
                user_agent="PBX 1.0",
                expire_time=now + expires_in,
                create_time=now,
            )
        )
        await session.commit()


async def test_live_bindings_are_listed(api, state) -> None:
    trunk, endpoint = await _registered_endpoint(api)
    await _store(state, trunk, endpoint, "sip:pbx01@192.0.2.50:5062", timedelta(minutes=30))
    await _store(state, trunk, endpoint, "sip:pbx01@192.0.2.51:5062", timedelta(minutes=-1))
    response = await api.get(f"/trunks/{trunk['id']}/endpoints/{endpoint['id']}/registrations")
    assert response.status_code == 200
    body = response.json()
    assert body["totalItems"] == 1
    (registration,) = body["registrations"]
    assert registration["contact"] == "sip:pbx01@192.0.2.50:5062"
    assert registration["sipEndpointId"] == endpoint["id"]
    assert (registration["target"], registration["userAgent"]) == ("udp:192.0.2.50:5062", "PBX 1.0")
    assert registration["expireTime"].endswith("Z")


async def test_an_unregistered_endpoint_has_none(api) -> None:
    trunk, endpoint = await _registered_endpoint(api)
    response = await api.get(f"/trunks/{trunk['id']}/endpoints/{endpoint['id']}/registrations")
    assert response.status_code == 200
    assert response.json()["registrations"] == []


async def test_an_unknown_endpoint_is_404(api) -> None:
    trunk = await make_trunk(api)
    response = await api.get(f"/trunks/{trunk['id']}/endpoints/01NOPE/registrations")
    assert response.status_code == 404


async def test_another_projects_endpoint_is_404(api, other_tenant) -> None:
    trunk, endpoint = await _registered_endpoint(api)
    response = await other_tenant.client.get(
        f"/trunks/{trunk['id']}/endpoints/{endpoint['id']}/registrations"
    )
    assert response.status_code in (403, 404)
