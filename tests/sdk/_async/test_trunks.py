"""``client.trunks``: the trunk itself, its ACL and credential-list links, its numbers."""

from __future__ import annotations

import pytest

from opentrunk.sdk import AsyncClient, BadRequestError, NotFoundError
from opentrunk.sdk.types import CredentialInput, IpRangeInput

PASSWORD = "SecurePassword1234"


class TestTrunk:
    async def test_create_get_update_delete(self, client: AsyncClient):
        trunk = await client.trunks.create(name="Main office", host_name="acme-main")
        assert trunk.domain == "acme-main.pstn.sinch.com"
        assert trunk.calls_per_second == 1
        assert trunk.enable_caller_name is False
        assert trunk.update_time is None
        assert (await client.trunks.get(trunk.id)).name == "Main office"

        updated = await client.trunks.update(
            trunk.id,
            name="HQ",
            host_name="acme-hq",
            enable_call_forward=True,
            call_forward_number="+15551234567",
        )
        assert (updated.name, updated.domain) == ("HQ", "acme-hq.pstn.sinch.com")
        assert updated.call_forward_number == "+15551234567"
        assert updated.update_time is not None

        await client.trunks.delete(trunk.id)
        with pytest.raises(NotFoundError):
            await client.trunks.get(trunk.id)

    async def test_create_with_options(self, client: AsyncClient):
        trunk = await client.trunks.create(
            name="Fwd",
            host_name="fwd",
            enable_caller_name=True,
            enable_call_forward=True,
            call_forward_number="+15550001111",
        )
        assert trunk.enable_caller_name is True
        assert trunk.enable_call_forward is True

    async def test_list_follows_pages_lazily(self, client: AsyncClient, sent):
        for n in range(5):
            await client.trunks.create(name=f"Trunk {n}", host_name=f"t{n}")
        sent.clear()
        paginator = client.trunks.list(size=2)
        assert sent == []  # nothing is sent before iteration
        names = [t.name async for t in paginator]
        assert sorted(names) == [f"Trunk {n}" for n in range(5)]
        pages = [r.url.params.get("page") for r in sent if r.url.path.endswith("/trunks")]
        assert pages == [None, "2", "3"]

    async def test_pages_and_first_page(self, client: AsyncClient):
        for n in range(3):
            await client.trunks.create(name=f"Trunk {n}", host_name=f"p{n}")
        pages = [page async for page in client.trunks.list(size=2).pages()]
        assert [len(p.items) for p in pages] == [2, 1]
        assert [p.page_number for p in pages] == [1, 2]
        assert {p.total for p in pages} == {3}
        second = await client.trunks.list(page=2, size=2).first_page()
        assert (second.page_number, len(second.items)) == (2, 1)

    async def test_list_by_domain(self, client: AsyncClient):
        wanted = await client.trunks.create(name="A", host_name="wanted")
        await client.trunks.create(name="B", host_name="other")
        found = [t.id async for t in client.trunks.list(domain="wanted.pstn.sinch.com")]
        assert found == [wanted.id]


class TestAccessControlListLinks:
    async def test_add_list_remove(self, client: AsyncClient):
        trunk = await client.trunks.create(name="T", host_name="acl-links")
        first = await client.acls.create(
            name="A", ip_ranges=[IpRangeInput(ip_address="203.0.113.1")]
        )
        second = await client.acls.create(
            name="B", ip_ranges=[IpRangeInput(ip_address="203.0.113.2")]
        )
        added = await client.trunks.add_access_control_lists(trunk.id, [first.id, second.id])
        assert added == [first.id, second.id]
        linked = [i async for i in client.trunks.list_access_control_lists(trunk.id)]
        assert sorted(linked) == sorted([first.id, second.id])

        await client.trunks.remove_access_control_list(trunk.id, first.id)
        assert [i async for i in client.trunks.list_access_control_lists(trunk.id)] == [second.id]
        assert [t.id async for t in client.acls.list_trunks(second.id)] == [trunk.id]

    async def test_adding_nothing_returns_nothing(self, client: AsyncClient):
        trunk = await client.trunks.create(name="T", host_name="empty-links")
        assert await client.trunks.add_access_control_lists(trunk.id, []) == []


class TestCredentialListLinks:
    async def test_add_replace_list_remove(self, client: AsyncClient):
        trunk = await client.trunks.create(name="T", host_name="cred-links")
        office, remote = [
            await client.credential_lists.create(
                name=name, credentials=[CredentialInput(username=name.lower(), password=PASSWORD)]
            )
            for name in ("Office", "Remote")
        ]
        assert await client.trunks.add_credential_lists(trunk.id, [office.id]) == [office.id]
        listed = [c async for c in client.trunks.list_credential_lists(trunk.id)]
        assert [(c.name, [x.username for x in c.credentials]) for c in listed] == [
            ("Office", ["office"])
        ]

        assert await client.trunks.replace_credential_lists(trunk.id, [remote.id]) == [remote.id]
        listed = [c async for c in client.trunks.list_credential_lists(trunk.id, sort="name,desc")]
        assert [c.id for c in listed] == [remote.id]
        assert [t.id async for t in client.credential_lists.list_trunks(remote.id)] == [trunk.id]

        await client.trunks.remove_credential_list(trunk.id, remote.id)
        assert [c async for c in client.trunks.list_credential_lists(trunk.id)] == []


class TestPhoneNumbers:
    async def test_add_and_list_numbers_of_a_trunk(self, client: AsyncClient):
        trunk = await client.trunks.create(name="T", host_name="numbers")
        other = await client.trunks.create(name="O", host_name="others")
        number = await client.trunks.add_phone_number(trunk.id, "+15552229999")
        assert (number.phone_number, number.sip_trunk_id) == ("+15552229999", trunk.id)
        assert number.country_code == "US"
        await client.trunks.add_phone_number(other.id, "+15552228888")
        numbers = [n.phone_number async for n in client.trunks.list_phone_numbers(trunk.id)]
        assert numbers == ["+15552229999"]

    async def test_a_trunk_with_numbers_cannot_be_deleted(self, client: AsyncClient):
        trunk = await client.trunks.create(name="T", host_name="busy")
        await client.trunks.add_phone_number(trunk.id, "+15552227777")
        with pytest.raises(BadRequestError) as caught:
            await client.trunks.delete(trunk.id)
        assert caught.value.reason == "TRUNK_HAS_PHONE_NUMBERS"
