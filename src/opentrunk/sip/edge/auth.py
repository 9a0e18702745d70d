"""Digest authentication against a trunk's credential lists (INVITE: 407 and
Proxy-Authorization; REGISTER: 401 and Authorization).

Credentials are the HA1s the API stored for the edge's one realm (the domain suffix);
the password itself never exists here. The outcome says what to answer:

* ``OK``: the username and response are right (``username`` is set);
* ``CHALLENGE``: no credentials for our realm, or a nonce that is not ours any more
  (forged, replayed, from before a restart with another secret): answer with a fresh
  challenge;
* ``STALE``: the right password on an expired nonce: challenge with ``stale=true`` so
  the client retries without asking its user;
* ``FORBIDDEN``: an unknown username or a wrong response: 403 (for REGISTER, Sinch
  answers 401; the registrar decides).
"""

from __future__ import annotations

import enum
from collections.abc import Mapping, Sequence

from opentrunk.sip import (
    DigestAlgorithm,
    DigestAuthenticator,
    DigestCredentials,
    DigestVerdict,
    RemoteProtocolError,
)
from opentrunk.trunking.routing import CredentialHash

__all__ = ["DigestOutcome", "challenge_header", "check_digest"]


class DigestOutcome(enum.Enum):
    OK = "ok"
    CHALLENGE = "challenge"
    STALE = "stale"
    FORBIDDEN = "forbidden"


def check_digest(
    authenticator: DigestAuthenticator,
    values: Sequence[str],
    *,
    realm: str,
    method: str,
    credentials: Mapping[str, CredentialHash],
    now: float,
) -> tuple[DigestOutcome, str | None]:
    """Check the (Proxy-)Authorization header values of a request."""
    for value in values:
        try:
            creds = DigestCredentials.parse(value)
        except RemoteProtocolError:
            continue
        if creds.realm != realm:
            continue  # credentials for another hop
        stored = credentials.get(creds.username)
        if stored is None:
            return DigestOutcome.FORBIDDEN, creds.username
        base = creds.algorithm.base
        ha1 = stored.ha1_md5 if base is DigestAlgorithm.MD5 else stored.ha1_sha256
        verdict = authenticator.verify(creds, method=method, ha1=ha1, now=now, realm=realm)
        if verdict is DigestVerdict.OK:
            return DigestOutcome.OK, creds.username
        if verdict is DigestVerdict.STALE:
            return DigestOutcome.STALE, creds.username
        if verdict is DigestVerdict.BAD_RESPONSE:
            return DigestOutcome.FORBIDDEN, creds.username
        return DigestOutcome.CHALLENGE, creds.username
    return DigestOutcome.CHALLENGE, None


def challenge_header(
    authenticator: DigestAuthenticator, realm: str, now: float, *, stale: bool
) -> str:
    return str(authenticator.challenge(realm, now, stale=stale))
