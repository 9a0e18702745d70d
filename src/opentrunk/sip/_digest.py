"""HTTP Digest for SIP (RFC 3261 §22, RFC 2617, RFC 7616): headers and hashes.

Passwords are never needed here: a credential is stored as
``HA1 = H(username ":" realm ":" password)``, computed once by ``compute_ha1`` when the
credential is created, one HA1 per hash function (MD5, SHA-256). ``digest_response``
computes what a client must send; the verifier (``DigestAuthenticator``, in
``_authenticator``) compares it.

Only ``qop=auth`` is supported (``auth-int`` would make the verifier hash bodies, and
no SIP trunk uses it); the ``-sess`` algorithm variants are.
"""

from __future__ import annotations

import enum
import hashlib
import ipaddress
import re
from dataclasses import dataclass

from ._abnf import AUTH_PARAM, TOKEN
from ._address import quote_string, unquote_string
from ._errors import RemoteProtocolError
from ._uri import AbsoluteUri, SipUri, Uri, parse_uri

__all__ = [
    "DigestAlgorithm",
    "DigestChallenge",
    "DigestCredentials",
    "compute_ha1",
    "digest_response",
    "digest_uri_matches",
]

# credentials = ("Digest" LWS digest-response) / other-response
_SCHEME = re.compile(rf"[ \t]*({TOKEN})(?:[ \t]+(.*))?", re.DOTALL)


class DigestAlgorithm(enum.StrEnum):
    MD5 = "MD5"
    MD5_SESS = "MD5-sess"
    SHA256 = "SHA-256"
    SHA256_SESS = "SHA-256-sess"

    @classmethod
    def parse(cls, text: str) -> DigestAlgorithm:
        """Case-insensitive, as RFC 7616 §3.3 allows."""
        for member in cls:
            if member.value.lower() == text.lower():
                return member
        raise RemoteProtocolError(f"unsupported digest algorithm {text!r}")

    @property
    def base(self) -> DigestAlgorithm:
        """The algorithm whose HA1 is stored: ``SHA-256-sess`` → ``SHA-256``."""
        return DigestAlgorithm(self.value.removesuffix("-sess"))

    @property
    def is_session(self) -> bool:
        return self.value.endswith("-sess")

    def hash(self, text: str) -> str:
        data = text.encode("utf-8", "surrogateescape")
        if self.value.startswith("MD5"):
            return hashlib.md5(data).hexdigest()
        return hashlib.sha256(data).hexdigest()


def compute_ha1(
    username: str, realm: str, password: str, algorithm: DigestAlgorithm = DigestAlgorithm.MD5
) -> str:
    """``H(username:realm:password)``, lower-case hex: the only form a password is kept in.

    >>> compute_ha1("Mufasa", "testrealm@host.com", "Circle Of Life")
    '939e7578ed9e3c518a452acee763bce9'
    """
    return algorithm.base.hash(f"{username}:{realm}:{password}")


def digest_response(
    *,
    ha1: str,
    algorithm: DigestAlgorithm,
    method: str,
    uri: str,
    nonce: str,
    qop: str | None = None,
    nc: str | None = None,
    cnonce: str | None = None,
) -> str:
    """The ``response`` value for these inputs (RFC 2617 §3.2.2.1, RFC 7616 §3.4.1).

    ``ha1`` is the stored ``H(username:realm:password)``; for the ``-sess`` variants the
    session key is derived here from it, the nonce and the cnonce.
    """
    if algorithm.is_session:
        if cnonce is None:
            raise RemoteProtocolError("a -sess algorithm needs a cnonce")
        ha1 = algorithm.hash(f"{ha1}:{nonce}:{cnonce}")
    ha2 = algorithm.hash(f"{method}:{uri}")
    if qop is None:
        return algorithm.hash(f"{ha1}:{nonce}:{ha2}")
    return algorithm.hash(f"{ha1}:{nonce}:{nc}:{cnonce}:{qop}:{ha2}")


def digest_uri_matches(digest_uri: str, request_uri: Uri | str) -> bool:
    """Whether the ``uri`` of digest credentials names the request's Request-URI.

    The server must check it (RFC 3261 §22.4, RFC 2617 §3.2.2.5, RFC 7616 §3.4.6):
    the response only covers the ``uri`` the client put in the credentials, so without
    this check credentials captured from a call to one number (or trunk) could be sent
    again with a call to another.

    The same text always matches. Otherwise both are compared as SIP URIs (RFC 3261
    §19.1.4) on what names the destination: the scheme, the user part (case-sensitive,
    ``%HH`` escapes undone), the host (case-insensitive, without a trailing dot, IP
    addresses in any spelling) and the port (absent is not 5060). URI parameters and
    headers are left out: they do not change where the edge sends the request, and some
    clients drop them from the digest ``uri``. Any other scheme must match textually
    (the scheme case-insensitively).

    >>> digest_uri_matches("sip:+1555@TRUNK.example.com", "sip:+1555@trunk.example.com;user=phone")
    True
    >>> digest_uri_matches("sip:+1999@trunk.example.com", "sip:+1555@trunk.example.com")
    False
    """
    if digest_uri == str(request_uri):
        return True
    try:
        theirs = parse_uri(digest_uri)
        ours = parse_uri(request_uri) if isinstance(request_uri, str) else request_uri
    except RemoteProtocolError:
        return False
    if isinstance(theirs, SipUri) and isinstance(ours, SipUri):
        return (
            theirs.scheme == ours.scheme
            and theirs.user_decoded == ours.user_decoded
            and theirs.port == ours.port
            and _same_host(theirs.host, ours.host)
        )
    if isinstance(theirs, AbsoluteUri) and isinstance(ours, AbsoluteUri):
        return theirs.scheme == ours.scheme and theirs.rest == ours.rest
    return False


def _same_host(a: str, b: str) -> bool:
    a, b = a.lower().rstrip("."), b.lower().rstrip(".")
    if a == b:
        return True
    try:
        return ipaddress.ip_address(a) == ipaddress.ip_address(b)
    except ValueError:
        return False


def parse_auth_header(value: str) -> tuple[str, dict[str, str]]:
    """Split ``Digest a=b, c="d"`` into its scheme and unquoted, lower-cased params.

    Never split on its commas before this: they belong to the header (RFC 3261 §7.3.1).
    """
    head = _SCHEME.fullmatch(value)
    if head is None:
        raise RemoteProtocolError(f"invalid authentication header {value[:60]!r}")
    scheme, rest = head.group(1), (head.group(2) or "").rstrip(" \t")
    params: dict[str, str] = {}
    pos, end = 0, len(rest)
    while pos < end:
        match = AUTH_PARAM.match(rest, pos)
        if match is None or match.end() == pos:
            raise RemoteProtocolError(f"invalid authentication parameters {rest[:60]!r}")
        name = match.group(1).lower()
        if name in params:
            raise RemoteProtocolError(f"duplicate authentication parameter {name}")
        params[name] = unquote_string(match.group(2))
        pos = match.end()
    return scheme, params


@dataclass(frozen=True, slots=True)
class DigestChallenge:
    """A WWW-Authenticate / Proxy-Authenticate value.

    >>> str(DigestChallenge(realm="sip.example.com", nonce="abc"))
    'Digest realm="sip.example.com", nonce="abc", algorithm=MD5, qop="auth"'
    """

    realm: str
    nonce: str
    algorithm: DigestAlgorithm = DigestAlgorithm.MD5
    qop: tuple[str, ...] = ("auth",)
    opaque: str | None = None
    stale: bool = False

    def __str__(self) -> str:
        parts = [
            f"realm={quote_string(self.realm)}",
            f"nonce={quote_string(self.nonce)}",
            f"algorithm={self.algorithm.value}",
        ]
        if self.qop:
            parts.append(f"qop={quote_string(','.join(self.qop))}")
        if self.opaque is not None:
            parts.append(f"opaque={quote_string(self.opaque)}")
        if self.stale:
            parts.append("stale=TRUE")
        return "Digest " + ", ".join(parts)

    @classmethod
    def parse(cls, value: str) -> DigestChallenge:
        scheme, params = parse_auth_header(value)
        if scheme.lower() != "digest":
            raise RemoteProtocolError(f"unsupported authentication scheme {scheme!r}")
        try:
            realm, nonce = params["realm"], params["nonce"]
        except KeyError as exc:
            raise RemoteProtocolError(f"digest challenge without {exc.args[0]}") from None
        qop = tuple(q.strip(" \t") for q in params["qop"].split(",")) if "qop" in params else ()
        return cls(
            realm=realm,
            nonce=nonce,
            algorithm=DigestAlgorithm.parse(params.get("algorithm", "MD5")),
            qop=qop,
            opaque=params.get("opaque"),
            stale=params.get("stale", "").lower() == "true",
        )


@dataclass(frozen=True, slots=True)
class DigestCredentials:
    """An Authorization / Proxy-Authorization value."""

    username: str
    realm: str
    nonce: str
    uri: str
    response: str
    algorithm: DigestAlgorithm = DigestAlgorithm.MD5
    qop: str | None = None
    nc: str | None = None
    cnonce: str | None = None
    opaque: str | None = None

    def __str__(self) -> str:
        parts = [
            f"username={quote_string(self.username)}",
            f"realm={quote_string(self.realm)}",
            f"nonce={quote_string(self.nonce)}",
            f"uri={quote_string(self.uri)}",
            f"response={quote_string(self.response)}",
            f"algorithm={self.algorithm.value}",
        ]
        if self.qop is not None:
            parts += (
                f"qop={self.qop}",
                f"nc={self.nc}",
                f"cnonce={quote_string(self.cnonce or '')}",
            )
        if self.opaque is not None:
            parts.append(f"opaque={quote_string(self.opaque)}")
        return "Digest " + ", ".join(parts)

    @classmethod
    def parse(cls, value: str) -> DigestCredentials:
        """Parse a Digest Authorization value; any other scheme (RFC 4475 "regaut01")
        or a missing field raises ``RemoteProtocolError``."""
        scheme, params = parse_auth_header(value)
        if scheme.lower() != "digest":
            raise RemoteProtocolError(f"unsupported authentication scheme {scheme!r}")
        try:
            fields = {name: params[name] for name in ("username", "realm", "nonce", "uri")}
            response = params["response"]
        except KeyError as exc:
            raise RemoteProtocolError(f"digest credentials without {exc.args[0]}") from None
        return cls(
            **fields,
            response=response.lower(),
            algorithm=DigestAlgorithm.parse(params.get("algorithm", "MD5")),
            qop=params.get("qop"),
            nc=params.get("nc"),
            cnonce=params.get("cnonce"),
            opaque=params.get("opaque"),
        )

    @classmethod
    def build(
        cls,
        challenge: DigestChallenge,
        *,
        username: str,
        ha1: str,
        method: str,
        uri: str,
        cnonce: str | None = None,
        nc: int = 1,
    ) -> DigestCredentials:
        """What a client answers to ``challenge`` (the edge uses it towards carriers
        that challenge us; the tests use it as the client)."""
        qop = "auth" if "auth" in challenge.qop else None
        nc_text = f"{nc:08x}" if qop else None
        if qop is not None and cnonce is None:
            raise RemoteProtocolError("qop=auth needs a cnonce")
        response = digest_response(
            ha1=ha1,
            algorithm=challenge.algorithm,
            method=method,
            uri=uri,
            nonce=challenge.nonce,
            qop=qop,
            nc=nc_text,
            cnonce=cnonce,
        )
        return cls(
            username=username,
            realm=challenge.realm,
            nonce=challenge.nonce,
            uri=uri,
            response=response,
            algorithm=challenge.algorithm,
            qop=qop,
            nc=nc_text,
            cnonce=cnonce if qop else None,
            opaque=challenge.opaque,
        )
