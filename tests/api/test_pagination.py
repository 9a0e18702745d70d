"""Page parameters: what the OpenAPI document allows is served, anything else is a 400 in
the error format (never a database error)."""

from __future__ import annotations

import pytest

from tests.api.factories import error_of, make_trunk, violated_fields


@pytest.mark.parametrize("path", ["/trunks", "/accessControlLists", "/calls", "/calls/export"])
async def test_a_page_number_beyond_32_bits_is_400(api, path):
    # It used to reach the database as an OFFSET that overflowed a 64-bit integer: 500.
    response = await api.get(path, params={"page": "60035470305332528414720", "size": 192})
    assert response.status_code == 400
    assert violated_fields(response) == {"page"}


async def test_the_largest_32_bit_page_is_an_empty_page(api):
    await make_trunk(api)
    response = await api.get("/trunks", params={"page": 2**31 - 1})
    assert response.status_code == 200
    body = response.json()
    assert body["trunks"] == []
    assert body["totalItems"] == 1
    assert body["pageNumber"] == 2**31 - 1


@pytest.mark.parametrize("name", ["page", "size"])
@pytest.mark.parametrize("path", ["/trunks", "/calls"])
async def test_an_empty_page_parameter_is_not_a_number(api, path, name):
    response = await api.get(f"{path}?{name}=")
    assert response.status_code == 400
    assert violated_fields(response) == {name}


class TestExportPageSize:
    """The export shares the document's page size: default and maximum 500."""

    async def test_more_than_500_per_page_is_400(self, api):
        response = await api.get("/calls/export", params={"size": 501})
        assert response.status_code == 400
        assert error_of(response)["status"] == "INVALID_ARGUMENT"
        assert violated_fields(response) == {"size"}

    async def test_500_per_page_is_served(self, api):
        response = await api.get("/calls/export", params={"size": 500})
        assert response.status_code == 200
        assert response.headers["content-type"].startswith("application/csv")
