"""OAuth2 access tokens: HS256 JWTs signed with a key shared by every node.

The official Node SDK decodes the token's middle segment to read ``exp`` and refreshes
a minute early; on a 401 whose ``WWW-Authenticate`` contains ``expired`` it fetches a
new token and retries, so an expired token must be reported exactly that way.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import jwt

from opentrunk.errors import Unauthenticated

__all__ = ["IssuedToken", "TokenClaims", "TokenIssuer"]

_ISSUER = "opentrunk"
_EXPIRED_CHALLENGE = 'Bearer error="invalid_token", error_description="The access token expired"'
_INVALID_CHALLENGE = 'Bearer error="invalid_token", error_description="The access token is invalid"'


@dataclass(frozen=True, slots=True)
class IssuedToken:
    access_token: str
    expires_in: int


@dataclass(frozen=True, slots=True)
class TokenClaims:
    project_id: str
    key_id: str


class TokenIssuer:
    def __init__(self, signing_key: str, ttl_seconds: int) -> None:
        self._key = signing_key
        self._ttl = ttl_seconds
        self._verified: dict[str, tuple[TokenClaims, int]] = {}

    def issue(self, *, project_id: str, key_id: str, now: datetime) -> IssuedToken:
        issued_at = int(now.timestamp())
        claims = {
            "iss": _ISSUER,
            "sub": key_id,
            "project": project_id,
            "iat": issued_at,
            "exp": issued_at + self._ttl,
        }
        return IssuedToken(jwt.encode(claims, self._key, algorithm="HS256"), self._ttl)

    def verify(self, token: str, *, now: datetime) -> TokenClaims:
        # A client sends the same token on every call for an hour: remember what its
        # signature check found, and still check the expiry against the clock each time.
        known = self._verified.get(token)
        if known is None:
            known = self._decode(token)
            if len(self._verified) >= 10_000:
                self._verified.clear()
            self._verified[token] = known
        claims, expires_at = known
        if expires_at <= int(now.timestamp()):
            raise Unauthenticated(
                "The access token expired", headers={"WWW-Authenticate": _EXPIRED_CHALLENGE}
            )
        return claims

    def _decode(self, token: str) -> tuple[TokenClaims, int]:
        try:
            claims = jwt.decode(
                token,
                self._key,
                algorithms=["HS256"],
                issuer=_ISSUER,
                options={
                    "require": ["exp", "iat", "sub"],
                    "verify_exp": False,
                    "verify_iat": False,
                    "verify_nbf": False,
                },
            )
        except jwt.PyJWTError:
            raise Unauthenticated(
                "The access token is invalid", headers={"WWW-Authenticate": _INVALID_CHALLENGE}
            ) from None
        # Time claims are checked by verify() against the injectable clock (the sandbox
        # moves it), not by the JWT library against the wall clock: a token issued on an
        # advanced sandbox clock has an "iat" in the real future.
        project = claims.get("project")
        if not isinstance(project, str):
            raise Unauthenticated(
                "The access token is invalid", headers={"WWW-Authenticate": _INVALID_CHALLENGE}
            )
        return TokenClaims(project_id=project, key_id=str(claims["sub"])), int(claims["exp"])
