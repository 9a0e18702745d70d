"""Verifying digest credentials with stateless nonces.

A nonce is ``base64url(issued-at ‖ salt ‖ HMAC-SHA256(secret, issued-at ‖ salt ‖
realm)[:16])``. Any node holding the secret verifies it without shared state, and it
expires ``nonce_ttl`` seconds after issue: an expired nonce with a correct response
answers ``STALE`` (re-challenge with ``stale=TRUE``, the client retries without asking
its user). A nonce minted with another secret, for another realm, or tampered with
is ``BAD_NONCE``.

Replay protection: with ``qop=auth`` each request carries a nonce-count that must grow
per nonce. The highest count seen per nonce is kept in a bounded in-memory table
(least recently used out first). When a nonce is evicted, every nonce issued up to
that one's issue time is treated as stale from then on, so forgetting never reopens a
replay window; the client merely gets a fresh nonce.

Limitation with several nodes: the table is per process. A captured request can be
replayed once against each other node sharing the secret, within the nonce lifetime.
Keep ``nonce_ttl`` short, or pin a client to a node, if that matters; a shared store
(Redis) could hold the table instead.

Time is always passed in (``now``, in seconds); nothing here reads a clock.
"""

from __future__ import annotations

import base64
import binascii
import enum
import hmac
import os
import re
from collections import OrderedDict
from collections.abc import Callable

from ._digest import (
    DigestAlgorithm,
    DigestChallenge,
    DigestCredentials,
    digest_response,
    digest_uri_matches,
)
from ._uri import SipUri, Uri

__all__ = ["DigestAuthenticator", "DigestVerdict"]

_MAC_SIZE = 16
_SALT_SIZE = 8
_NONCE_SIZE = 8 + _SALT_SIZE + _MAC_SIZE
# How far in the future a nonce's issue time may be: clocks of nodes sharing the
# secret drift a little.
_CLOCK_SKEW = 30.0
_NC = re.compile(r"[0-9a-fA-F]{8}")


class DigestVerdict(enum.Enum):
    OK = "ok"
    #: correct response, but the nonce expired or was forgotten: re-challenge with
    #: ``stale=True``
    STALE = "stale"
    #: the nonce is not ours (another secret, another realm, tampered, garbled)
    BAD_NONCE = "bad_nonce"
    #: the nonce-count did not grow: a replayed request
    REPLAYED = "replayed"
    #: the response does not match: wrong password (or wrong HA1)
    BAD_RESPONSE = "bad_response"
    #: the credentials' ``uri`` is not the Request-URI: lifted from another request
    #: (RFC 3261 §22.4, RFC 2617 §3.2.2.5); refuse them like a wrong password
    WRONG_URI = "wrong_uri"
    #: the credentials do not fit the request: other realm, unsupported qop, missing
    #: nc/cnonce
    MISMATCH = "mismatch"


class DigestAuthenticator:
    """Issues challenges and verifies credentials for one secret.

    >>> auth = DigestAuthenticator(b"shared secret", nonce_ttl=300)
    >>> challenge = auth.challenge("sip.example.com", now=1000.0)
    >>> ha1 = compute_ha1("alice", "sip.example.com", "pw")  # doctest: +SKIP
    >>> creds = DigestCredentials.build(challenge, username="alice", ha1=ha1,
    ...     method="INVITE", uri="sip:bob@sip.example.com", cnonce="x")  # doctest: +SKIP
    >>> auth.verify(creds, method="INVITE", ha1=ha1, now=1001.0)  # doctest: +SKIP
    <DigestVerdict.OK: 'ok'>
    """

    def __init__(
        self,
        secret: bytes,
        *,
        nonce_ttl: float = 300.0,
        max_tracked_nonces: int = 100_000,
        allow_no_qop: bool = False,
        random_bytes: Callable[[int], bytes] = os.urandom,
    ) -> None:
        if not secret:
            raise ValueError("the nonce secret must not be empty")
        self._secret = secret
        self.nonce_ttl = nonce_ttl
        self.max_tracked_nonces = max_tracked_nonces
        #: RFC 2069 clients send no qop, hence no nonce-count: replay protection for
        #: them is only the nonce lifetime, so they are refused unless allowed here.
        self.allow_no_qop = allow_no_qop
        self._random_bytes = random_bytes
        # nonce → (issued at in ms, highest nonce-count accepted)
        self._seen: OrderedDict[str, tuple[int, int]] = OrderedDict()
        self._forgotten_up_to_ms = -1

    # --- nonces ---------------------------------------------------------------------

    def make_nonce(self, realm: str, now: float) -> str:
        issued = int(now * 1000).to_bytes(8, "big", signed=True)
        body = issued + self._random_bytes(_SALT_SIZE)
        return base64.urlsafe_b64encode(body + self._mac(body, realm)).decode().rstrip("=")

    def _mac(self, body: bytes, realm: str) -> bytes:
        message = body + realm.encode("utf-8", "surrogateescape")
        return hmac.digest(self._secret, message, "sha256")[:_MAC_SIZE]

    def _issued_ms(self, nonce: str, realm: str) -> int | None:
        """The issue time of a nonce this secret minted for this realm, else None."""
        if len(nonce) != 43:  # 32 bytes, unpadded base64
            return None
        try:
            raw = base64.urlsafe_b64decode(nonce + "=")
        except (binascii.Error, ValueError):
            return None
        body, mac = raw[: 8 + _SALT_SIZE], raw[8 + _SALT_SIZE :]
        if len(raw) != _NONCE_SIZE or not hmac.compare_digest(mac, self._mac(body, realm)):
            return None
        return int.from_bytes(body[:8], "big", signed=True)

    def challenge(
        self,
        realm: str,
        now: float,
        *,
        algorithm: DigestAlgorithm = DigestAlgorithm.MD5,
        stale: bool = False,
        opaque: str | None = None,
    ) -> DigestChallenge:
        """A fresh challenge for a 401 (WWW-Authenticate) or 407 (Proxy-Authenticate)."""
        return DigestChallenge(
            realm=realm,
            nonce=self.make_nonce(realm, now),
            algorithm=algorithm,
            qop=("auth",),
            opaque=opaque,
            stale=stale,
        )

    # --- verification ---------------------------------------------------------------

    def verify(
        self,
        credentials: DigestCredentials,
        *,
        method: str,
        ha1: str,
        now: float,
        realm: str | None = None,
        uri: Uri | str | None = None,
        server_uri: SipUri | None = None,
    ) -> DigestVerdict:
        """Check ``credentials`` against the stored ``ha1`` for their algorithm's base
        (``credentials.algorithm.base``).

        ``realm``, when given, must equal the credentials' (else ``MISMATCH``). ``uri``
        is the request's Request-URI: when given, the credentials' ``uri`` must name it
        (``digest_uri_matches``), else ``WRONG_URI``; this catches credentials lifted
        from another request. A verdict of OK records the nonce-count, so the same
        request cannot be accepted twice.

        ``server_uri`` (``sip:host:port``, no user part) names this server itself: a
        digest ``uri`` naming it is accepted as well. SIPp's ``[authentication]`` sends
        ``sip:<remote_ip>:<remote_port>`` whatever the Request-URI, and Kamailio and
        Asterisk, which do not check the ``uri``, accept it. Such credentials are not
        bound to a destination, only to their nonce and nonce-count; the client chose
        that when it wrote them, and no one else can turn bound credentials into them,
        the ``uri`` being covered by the response.
        """
        if realm is not None and credentials.realm != realm:
            return DigestVerdict.MISMATCH
        if uri is not None and not (
            digest_uri_matches(credentials.uri, uri)
            or (server_uri is not None and digest_uri_matches(credentials.uri, server_uri))
        ):
            return DigestVerdict.WRONG_URI
        qop = credentials.qop
        if qop is None:
            if not self.allow_no_qop:
                return DigestVerdict.MISMATCH
            count = None
        elif qop.lower() != "auth" or credentials.cnonce is None or credentials.nc is None:
            return DigestVerdict.MISMATCH
        else:
            count = _nonce_count(credentials.nc)
            if count is None:
                return DigestVerdict.MISMATCH

        issued_ms = self._issued_ms(credentials.nonce, credentials.realm)
        if issued_ms is None:
            return DigestVerdict.BAD_NONCE
        now_ms = int(now * 1000)
        if issued_ms > now_ms + _CLOCK_SKEW * 1000:
            return DigestVerdict.BAD_NONCE

        expected = digest_response(
            ha1=ha1.lower(),
            algorithm=credentials.algorithm,
            method=method,
            uri=credentials.uri,
            nonce=credentials.nonce,
            qop=qop,
            nc=credentials.nc,
            cnonce=credentials.cnonce,
        )
        # The response is checked before freshness so that STALE always means "right
        # password, old nonce" (RFC 2617 §3.2.1), and before the nonce-count is
        # recorded so that garbage cannot burn a legitimate client's counts.
        if not hmac.compare_digest(expected, credentials.response.lower()):
            return DigestVerdict.BAD_RESPONSE
        if now_ms - issued_ms > self.nonce_ttl * 1000:
            return DigestVerdict.STALE
        if count is None:
            return DigestVerdict.OK
        return self._record(credentials.nonce, issued_ms, count)

    def _record(self, nonce: str, issued_ms: int, count: int) -> DigestVerdict:
        seen = self._seen.get(nonce)
        if seen is None:
            if issued_ms <= self._forgotten_up_to_ms:
                return DigestVerdict.STALE
        elif count <= seen[1]:
            return DigestVerdict.REPLAYED
        self._seen[nonce] = (issued_ms, count)
        self._seen.move_to_end(nonce)
        while len(self._seen) > self.max_tracked_nonces:
            _, (evicted_ms, _) = self._seen.popitem(last=False)
            self._forgotten_up_to_ms = max(self._forgotten_up_to_ms, evicted_ms)
        return DigestVerdict.OK


def _nonce_count(text: str) -> int | None:
    # nc-value = 8LHEX
    if _NC.fullmatch(text) is None:
        return None
    return int(text, 16)
