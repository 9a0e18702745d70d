"""When a cached token is renewed: a minute before the JWT's ``exp`` (or ``expires_in``
when the token is not a JWT), halfway through a shorter life, never when unknown."""

from __future__ import annotations

import base64
import json

import httpx
import pytest

from opentrunk.sdk import APIResponseValidationError
from opentrunk.sdk._token import AccessToken

NOW = 1_700_000_000.0


def _answer(body: dict[str, object]) -> httpx.Response:
    return httpx.Response(200, json=body, request=httpx.Request("POST", "http://auth/oauth2/token"))


def _jwt(exp: float) -> str:
    claims = base64.urlsafe_b64encode(json.dumps({"exp": exp}).encode()).decode().rstrip("=")
    return f"eyJhbGciOiJIUzI1NiJ9.{claims}.c2ln"


def test_the_jwt_exp_wins_over_expires_in():
    token = AccessToken.from_response(
        _answer({"access_token": _jwt(NOW + 3600), "expires_in": 60}), NOW
    )
    assert token.fresh(NOW + 3539)
    assert not token.fresh(NOW + 3540)  # a minute early


def test_expires_in_when_the_token_is_opaque():
    token = AccessToken.from_response(_answer({"access_token": "opaque", "expires_in": 3600}), NOW)
    assert token.fresh(NOW + 3539)
    assert not token.fresh(NOW + 3540)


def test_a_short_life_is_renewed_halfway():
    token = AccessToken.from_response(_answer({"access_token": "opaque", "expires_in": 30}), NOW)
    assert token.fresh(NOW + 14)
    assert not token.fresh(NOW + 15)


def test_unknown_expiry_is_reused_until_rejected():
    token = AccessToken.from_response(_answer({"access_token": "opaque"}), NOW)
    assert token.fresh(NOW + 10**9)


@pytest.mark.parametrize("body", [{}, {"access_token": ""}, {"access_token": 5}])
def test_no_token_is_an_error(body):
    with pytest.raises(APIResponseValidationError):
        AccessToken.from_response(_answer(body), NOW)
