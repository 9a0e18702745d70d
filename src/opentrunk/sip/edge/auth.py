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
* ``FORBIDDEN``: an unknown username, a wrong response, or credentials whose ``uri``
  is not the Request-URI (lifted from a request to another number or trunk, RFC 3261
  §22.4): 403 (for REGISTER, Sinch answers 401; the registrar decides). RFC 2617
  §3.2.2.5 suggests 400 for the ``uri`` case; Kamailio's ``auth`` module does not
  make that check at all, so the refusal stays the one for bad credentials. A ``uri``
  naming the edge itself (``sip:<edge host>:<edge port>``, what SIPp sends) is
  accepted as well.
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
    SipUri,
    Uri,
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
    uri: Uri,
    credentials: Mapping[str, CredentialHash],
    now: float,
    server_uri: SipUri | None = None,
) -> tuple[DigestOutcome, str | None]:
    """Check the (Proxy-)Authorization header values of a request whose Request-URI
    is ``uri``; a digest ``uri`` naming the edge itself (``server_uri``) is accepted
    too (SIPp sends that one)."""
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
        verdict = authenticator.verify(
            creds, method=method, ha1=ha1, now=now, realm=realm, uri=uri, server_uri=server_uri
        )
        if verdict is DigestVerdict.OK:
            return DigestOutcome.OK, creds.username
        if verdict is DigestVerdict.STALE:
            return DigestOutcome.STALE, creds.username
        if verdict is DigestVerdict.BAD_RESPONSE or verdict is DigestVerdict.WRONG_URI:
            return DigestOutcome.FORBIDDEN, creds.username
        return DigestOutcome.CHALLENGE, creds.username
    return DigestOutcome.CHALLENGE, None


def challenge_header(
    authenticator: DigestAuthenticator, realm: str, now: float, *, stale: bool
) -> str:
    return str(authenticator.challenge(realm, now, stale=stale))
