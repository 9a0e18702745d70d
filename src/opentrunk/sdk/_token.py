"""OAuth2 client-credentials tokens, as Sinch's own SDK handles them.

The token is fetched once and reused. It is refreshed shortly before it expires (a minute
early, or halfway through a shorter life), the expiry read from the JWT's ``exp`` claim or
else ``expires_in``; a token whose expiry is unknown is reused until it is rejected. A
``401`` whose ``WWW-Authenticate`` says ``expired`` drops the token, and the request is
sent once more with a new one.
"""

from __future__ import annotations

import base64
import binascii
import json
from dataclasses import dataclass

import httpx

from opentrunk.sdk._errors import APIResponseValidationError
from opentrunk.sdk._request import APIRequest

__all__ = ["AccessToken", "basic_authorization", "says_expired", "token_request"]

_EARLY = 60.0


@dataclass(frozen=True, slots=True)
class AccessToken:
    value: str
    #: Epoch seconds after which the token is renewed before use; ``None``: never.
    refresh_at: float | None

    def fresh(self, now: float) -> bool:
        return self.refresh_at is None or now < self.refresh_at

    @classmethod
    def from_response(cls, response: httpx.Response, now: float) -> AccessToken:
        try:
            data = json.loads(response.content)
            value = data["access_token"]
            if not isinstance(value, str) or not value:
                raise KeyError("access_token")
        except (ValueError, KeyError, TypeError):
            raise APIResponseValidationError(
                "The token endpoint answered without an access_token", response=response
            ) from None
        expires_at = _jwt_expiry(value)
        if expires_at is None and isinstance(data.get("expires_in"), int | float):
            expires_at = now + float(data["expires_in"])
        if expires_at is None:
            return cls(value, None)
        return cls(value, expires_at - min(_EARLY, max(0.0, expires_at - now) / 2))


def _jwt_expiry(token: str) -> float | None:
    parts = token.split(".")
    if len(parts) != 3:
        return None
    try:
        claims = json.loads(base64.urlsafe_b64decode(parts[1] + "=" * (-len(parts[1]) % 4)))
    except (ValueError, binascii.Error):
        return None
    exp = claims.get("exp") if isinstance(claims, dict) else None
    return float(exp) if isinstance(exp, int | float) else None


def token_request() -> APIRequest:
    return APIRequest(
        "POST",
        "auth",
        "/oauth2/token",
        form={"grant_type": "client_credentials"},
        retryable=True,
    )


def basic_authorization(key_id: str, key_secret: str) -> str:
    raw = f"{key_id}:{key_secret}".encode()
    return "Basic " + base64.b64encode(raw).decode("ascii")


def says_expired(response: httpx.Response) -> bool:
    challenge = response.headers.get("www-authenticate", "")
    return response.status_code == 401 and "expired" in challenge.lower()
