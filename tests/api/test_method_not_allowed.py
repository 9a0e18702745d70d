"""A method a path does not serve is 405, and ``Allow`` names every method it does serve,
not only those of the first route that matched the path."""

from __future__ import annotations

import pytest

from tests.api.factories import error_of


@pytest.mark.parametrize(
    ("path", "allowed"),
    [
        ("/trunks", "GET, POST"),
        ("/trunks/01ABC", "GET, PUT, DELETE"),
        ("/accessControlLists/01ABC", "GET, PUT, DELETE"),
        ("/accessControlLists/01ABC/ipRanges/01DEF", "PUT, DELETE"),
        ("/trunks/01ABC/credentialLists", "GET, POST, PUT"),
        ("/countryPermissions/US", "GET, PUT"),
    ],
)
async def test_allow_lists_every_method_of_the_path(api, path, allowed):
    response = await api.request("PATCH", path)
    assert response.status_code == 405
    assert response.headers["allow"] == allowed
    assert error_of(response)["status"] == "METHOD_NOT_ALLOWED"
