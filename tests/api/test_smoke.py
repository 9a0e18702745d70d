async def test_create_and_get_trunk(api):
    created = await api.post("/trunks", json={"name": "t", "hostName": "abc"})
    assert created.status_code == 201, created.text
    got = await api.get(f"/trunks/{created.json()['id']}")
    assert got.json()["domain"] == "abc.pstn.sinch.com"
