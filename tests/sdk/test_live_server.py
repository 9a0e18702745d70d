"""Both clients against a real ``opentrunk serve`` over the network: OAuth2 against the
real token endpoint, every EST resource once, and a hosting order followed to its end
with the SDK's sleep advancing the sandbox clock (no real waiting)."""

from __future__ import annotations

import httpx
import pytest

from opentrunk.sdk import AsyncClient, Client, ConflictError, NotFoundError
from opentrunk.sdk.types import CredentialInput, IpRangeInput
from tests.sdk.live import PROJECT_ID, LiveServer, live_server  # noqa: F401

PASSWORD = "SecurePassword1234"


def _client(server: LiveServer, **options: object) -> Client:
    env = server.env
    return Client(
        project_id=env["SINCH_PROJECT_ID"],
        key_id=env["SINCH_KEY_ID"],
        key_secret=env["SINCH_KEY_SECRET"],
        base_url=server.url,
        admin_token=env["OPENTRUNK_ADMIN_TOKEN"],
        **options,  # type: ignore[arg-type]
    )


def test_the_environment_is_enough(live_server: LiveServer, monkeypatch):  # noqa: F811
    for name, value in live_server.env.items():
        monkeypatch.setenv(name, value)
    with Client() as client:
        assert client.project_id == PROJECT_ID
        assert {c.iso_code for c in client.country_permissions.list() if c.enabled} >= {"US"}


def test_a_trunk_set_up_end_to_end(live_server: LiveServer):  # noqa: F811
    with _client(live_server) as client:
        trunk = client.trunks.create(name="Live", host_name="live-trunk")
        acl = client.acls.create(name="Office", ip_ranges=[IpRangeInput(ip_address="192.0.2.1")])
        client.trunks.add_access_control_lists(trunk.id, [acl.id])
        phones = client.credential_lists.create(
            name="Phones", credentials=[CredentialInput(username="live1", password=PASSWORD)]
        )
        client.trunks.add_credential_lists(trunk.id, [phones.id])
        client.endpoints.create(trunk.id, name="PBX", address="192.0.2.10")
        client.endpoints.create(trunk.id, name="Desk", credential_username="live1", priority=2)
        client.phone_numbers.assign("+15557770001", sip_trunk_id=trunk.id)
        rule = client.call_blocking_rules.create(direction="OUTBOUND", callee_match="+1900")

        assert [e.name for e in client.endpoints.list(trunk.id)] == ["PBX", "Desk"]
        assert [n.phone_number for n in client.trunks.list_phone_numbers(trunk.id)] == [
            "+15557770001"
        ]
        assert list(client.calls.find(trunk_id=trunk.id)) == []
        with client.calls.export(trunk_id=trunk.id) as export:
            assert next(export.iter_lines()).startswith('"Timestamp"')
        with pytest.raises(ConflictError):
            client.trunks.create(name="Again", host_name="live-trunk")

        client.call_blocking_rules.delete(rule.id)
        client.phone_numbers.unassign("+15557770001")
        client.trunks.delete(trunk.id)
        with pytest.raises(NotFoundError):
            client.trunks.get(trunk.id)


async def test_the_async_client_over_the_network(live_server: LiveServer):  # noqa: F811
    env = live_server.env
    async with AsyncClient(
        project_id=env["SINCH_PROJECT_ID"],
        key_id=env["SINCH_KEY_ID"],
        key_secret=env["SINCH_KEY_SECRET"],
        base_url=live_server.url,
    ) as client:
        trunk = await client.trunks.create(name="Async", host_name="live-async")
        assert [t.id async for t in client.trunks.list(domain=trunk.domain)] == [trunk.id]
        await client.trunks.delete(trunk.id)


def test_a_hosting_order_to_its_end(live_server: LiveServer):  # noqa: F811
    admin = _client(live_server)
    # The sandbox's time passes instead of real time while the client waits.
    with admin, _client(live_server, sleep=lambda s: admin.sandbox.advance_clock(s)) as client:
        order = client.hosting_orders.import_numbers(
            numbers=["+12025550701", "+12025550702"],
            region_code="US",
            service_plan_id="live-plan",
        )
        final = client.hosting_orders.wait(order.hosting_order_id, interval=2)
        assert final.state == "COMPLETED"
        report = client.hosting_orders.report(order.hosting_order_id)
        assert (report.total, report.sms_provisioned) == (2, 2)
        assert client.imported_numbers.get("+12025550701").sms_configuration is not None


def test_basic_auth_and_a_wrong_key(live_server: LiveServer):  # noqa: F811
    with _client(live_server, auth="basic") as client:
        assert client.country_permissions.get("US").enabled
    response = httpx.post(
        f"{live_server.url}/oauth2/token",
        data={"grant_type": "client_credentials"},
        auth=("live-key-id", "wrong"),
    )
    assert response.status_code == 401
