"""Access control lists, IP ranges, and their links to trunks."""

from __future__ import annotations

import pytest

from tests.api.factories import error_of, make_acl, make_trunk, reason_of, violated_fields


class TestAcl:
    async def test_create_echoes_ranges_with_defaults(self, api):
        response = await api.post(
            "/accessControlLists",
            json={
                "name": "My Access Control List",
                "ipRanges": [{"description": "Location 1", "ipAddress": "15.15.15.15"}],
            },
        )
        assert response.status_code == 200
        acl = response.json()
        assert acl["enabled"] is True
        assert acl["updateTime"] is None
        (ip_range,) = acl["ipRanges"]
        assert ip_range["range"] == 32
        assert ip_range["description"] == "Location 1"
        assert ip_range["accessControlListId"] == acl["id"]
        assert ip_range["projectId"] == acl["projectId"]
        assert len(ip_range["id"]) == 26

    async def test_ranges_as_cidr_strings_are_400(self, api):
        response = await api.post(
            "/accessControlLists", json={"name": "a", "ipRanges": ["15.15.15.0/24"]}
        )
        assert response.status_code == 400
        assert "ipRanges[0]" in violated_fields(response)

    @pytest.mark.parametrize(
        ("ip", "prefix"),
        [("300.1.1.1", 32), ("not-an-ip", 32), ("10.0.0.0", 33), ("10.0.0.0", 0),
         ("10.0.0.5", 24), ("2001:db8::1", 32)],
    )  # fmt: skip
    async def test_invalid_ranges_are_400_and_nothing_is_stored(self, api, ip, prefix):
        response = await api.post(
            "/accessControlLists",
            json={"name": "a", "ipRanges": [{"ipAddress": ip, "range": prefix}]},
        )
        assert response.status_code == 400
        error_of(response)
        assert (await api.get("/accessControlLists")).json()["totalItems"] == 0

    async def test_at_least_one_range_on_create(self, api):
        response = await api.post("/accessControlLists", json={"name": "a", "ipRanges": []})
        assert response.status_code == 400
        assert "ipRanges" in violated_fields(response)

    async def test_put_replaces_name_and_ranges_when_given(self, api):
        acl = await make_acl(api, ("198.51.100.0", 24), ("203.0.113.7", 32))
        kept = await api.put(f"/accessControlLists/{acl['id']}", json={"name": "Renamed"})
        assert kept.status_code == 200
        assert kept.json()["enabled"] is True
        assert [r["id"] for r in kept.json()["ipRanges"]] == [r["id"] for r in acl["ipRanges"]]
        replaced = await api.put(
            f"/accessControlLists/{acl['id']}",
            json={
                "name": "Renamed",
                "enabled": False,
                "ipRanges": [{"ipAddress": "192.0.2.0", "range": 28}],
            },
        )
        body = replaced.json()
        assert body["enabled"] is False
        assert [(r["ipAddress"], r["range"]) for r in body["ipRanges"]] == [("192.0.2.0", 28)]
        assert body["updateTime"] is not None

    async def test_list_includes_ranges(self, api):
        await make_acl(api, ("198.51.100.0", 24), name="one")
        await make_acl(api, ("192.0.2.1", 32), ("192.0.2.2", 32), name="two")
        body = (await api.get("/accessControlLists")).json()
        assert body["totalItems"] == 2
        assert [len(a["ipRanges"]) for a in body["accessControlLists"]] == [1, 2]

    async def test_acl_linked_to_a_trunk_cannot_be_deleted(self, api):
        acl = await make_acl(api)
        trunk = await make_trunk(api)
        await api.post(
            f"/trunks/{trunk['id']}/accessControlLists", json={"accessControlListIds": [acl["id"]]}
        )
        response = await api.delete(f"/accessControlLists/{acl['id']}")
        assert response.status_code == 400
        assert reason_of(response) == "ACL_ATTACHED_TO_TRUNK"
        await api.delete(f"/trunks/{trunk['id']}/accessControlLists/{acl['id']}")
        assert (await api.delete(f"/accessControlLists/{acl['id']}")).status_code == 204
        assert (await api.get(f"/accessControlLists/{acl['id']}")).status_code == 404


class TestIpRanges:
    async def test_add_list_update_delete(self, api):
        acl = await make_acl(api, ("198.51.100.0", 24))
        base = f"/accessControlLists/{acl['id']}/ipRanges"
        added = await api.post(
            base, json={"ipAddress": "203.0.113.0", "range": 25, "description": "DC"}
        )
        assert added.status_code == 200
        new = added.json()
        assert (new["ipAddress"], new["range"]) == ("203.0.113.0", 25)
        listed = (await api.get(base)).json()
        assert listed["totalItems"] == 2
        assert [r["id"] for r in listed["ipRanges"]][-1] == new["id"]
        updated = await api.put(
            f"{base}/{new['id']}", json={"ipAddress": "203.0.113.128", "range": 25}
        )
        assert updated.status_code == 200
        # PUT replaces: the omitted description is cleared.
        assert updated.json()["description"] is None
        assert updated.json()["updateTime"] is not None
        assert (await api.delete(f"{base}/{new['id']}")).status_code == 204
        assert (await api.get(base)).json()["totalItems"] == 1
        assert (await api.delete(f"{base}/{new['id']}")).status_code == 404

    async def test_range_of_another_acl_is_not_found(self, api):
        first = await make_acl(api, name="a")
        second = await make_acl(api, name="b")
        range_id = first["ipRanges"][0]["id"]
        response = await api.put(
            f"/accessControlLists/{second['id']}/ipRanges/{range_id}",
            json={"ipAddress": "192.0.2.1"},
        )
        assert response.status_code == 404

    async def test_invalid_update_keeps_the_range(self, api):
        acl = await make_acl(api, ("198.51.100.0", 24))
        rng = acl["ipRanges"][0]
        response = await api.put(
            f"/accessControlLists/{acl['id']}/ipRanges/{rng['id']}",
            json={"ipAddress": "198.51.100.9", "range": 24},
        )
        assert response.status_code == 400
        assert "host bits" in error_of(response)["message"]
        stored = (await api.get(f"/accessControlLists/{acl['id']}")).json()["ipRanges"][0]
        assert stored == rng


class TestTrunkLinks:
    async def test_add_list_remove(self, api):
        trunk = await make_trunk(api)
        acls = [await make_acl(api, name=f"a{i}") for i in range(3)]
        ids = [a["id"] for a in acls]
        added = await api.post(
            f"/trunks/{trunk['id']}/accessControlLists", json={"accessControlListIds": ids[:2]}
        )
        assert added.status_code == 200
        assert added.json() == {"accessControlListIds": ids[:2]}
        # Adding appends; the response echoes only what was sent.
        again = await api.post(
            f"/trunks/{trunk['id']}/accessControlLists", json={"accessControlListIds": ids[1:]}
        )
        assert again.json() == {"accessControlListIds": ids[1:]}
        listed = (await api.get(f"/trunks/{trunk['id']}/accessControlLists")).json()
        assert sorted(listed["accessControlListIds"]) == sorted(ids)
        assert listed["totalItems"] == 3
        trunks = (await api.get(f"/accessControlLists/{ids[0]}/trunks")).json()
        assert [t["id"] for t in trunks["trunks"]] == [trunk["id"]]
        removed = await api.delete(f"/trunks/{trunk['id']}/accessControlLists/{ids[0]}")
        assert removed.status_code == 204
        listed = (await api.get(f"/trunks/{trunk['id']}/accessControlLists")).json()
        assert sorted(listed["accessControlListIds"]) == sorted(ids[1:])

    async def test_empty_add_answers_an_empty_object(self, api):
        trunk = await make_trunk(api)
        response = await api.post(
            f"/trunks/{trunk['id']}/accessControlLists", json={"accessControlListIds": []}
        )
        assert response.status_code == 200
        assert response.json() == {}

    async def test_unknown_or_foreign_acl_is_404_and_nothing_is_linked(self, api, other_tenant):
        trunk = await make_trunk(api)
        mine = await make_acl(api)
        theirs = (
            await other_tenant.client.post(
                "/accessControlLists", json={"name": "x", "ipRanges": [{"ipAddress": "192.0.2.1"}]}
            )
        ).json()
        response = await api.post(
            f"/trunks/{trunk['id']}/accessControlLists",
            json={"accessControlListIds": [mine["id"], theirs["id"]]},
        )
        assert response.status_code == 404
        assert theirs["id"] in error_of(response)["message"]
        listed = (await api.get(f"/trunks/{trunk['id']}/accessControlLists")).json()
        assert listed["accessControlListIds"] == []
