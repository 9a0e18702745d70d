"""URIs (RFC 3261 §19.1, §25) and parameter lists.

``parse_uri`` returns a ``SipUri`` for ``sip:``/``sips:`` and an ``AbsoluteUri`` for
anything else (``tel:``, ``http:``, an unknown scheme): the edge routes on SIP URIs
and only carries the others. Escaped characters (``%41``) are kept as written; the
``*_decoded`` properties unescape them (RFC 3261 §19.1.4 compares the unescaped form).

IPv6 hosts are stored without their brackets (``::1``), the way a socket wants them,
and get them back when the URI is written out.
"""

from __future__ import annotations

import functools
import ipaddress
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from urllib.parse import unquote

from ._abnf import ABSOLUTE_URI_REST, HOSTPORT, PASSWORD, SCHEME, URI_HEADER, URI_PARAM, USER
from ._errors import RemoteProtocolError

__all__ = ["AbsoluteUri", "Params", "SipUri", "Uri", "format_host", "parse_uri"]


class Params:
    """An ordered list of ``;name=value`` parameters with case-insensitive names.

    A parameter without a value (``;lr``) has the value ``""``; a missing one reads as
    None. Quoted values keep their quotes.

    >>> p = Params([("branch", "z9hG4bK1"), ("rport", "")])
    >>> p.get("BRANCH"), p.get("rport"), p.get("received"), str(p)
    ('z9hG4bK1', '', None, ';branch=z9hG4bK1;rport')
    """

    __slots__ = ("_items",)

    def __init__(self, items: Iterable[tuple[str, str]] = ()) -> None:
        self._items = tuple(items)

    def get(self, name: str) -> str | None:
        name = name.lower()
        for key, value in self._items:
            if key.lower() == name:
                return value
        return None

    def __contains__(self, name: object) -> bool:
        return isinstance(name, str) and self.get(name) is not None

    def __iter__(self) -> Iterator[tuple[str, str]]:
        return iter(self._items)

    def __len__(self) -> int:
        return len(self._items)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Params):
            return NotImplemented
        return self._items == other._items

    def __hash__(self) -> int:
        return hash(self._items)

    def __repr__(self) -> str:
        return f"Params({list(self._items)!r})"

    def __str__(self) -> str:
        return "".join(f";{k}={v}" if v else f";{k}" for k, v in self._items)

    def with_param(self, name: str, value: str = "") -> Params:
        """A copy where ``name`` has ``value``: replaced in place, or appended."""
        lowered = name.lower()
        items = list(self._items)
        for i, (key, _) in enumerate(items):
            if key.lower() == lowered:
                items[i] = (key, value)
                return Params(items)
        items.append((name, value))
        return Params(items)

    def without(self, name: str) -> Params:
        lowered = name.lower()
        return Params(item for item in self._items if item[0].lower() != lowered)


def format_host(host: str) -> str:
    """A host as written in a URI or Via: IPv6 addresses get their brackets back."""
    return f"[{host}]" if ":" in host else host


def parse_host(text: str, *, what: str) -> str:
    """Strip and check the brackets of an IPv6 reference; other hosts pass through."""
    if text.startswith("["):
        try:
            ipaddress.IPv6Address(text[1:-1])
        except ValueError:
            raise RemoteProtocolError(f"invalid IPv6 reference in {what}: {text!r}") from None
        return text[1:-1]
    return text


def parse_port(text: str | None, *, what: str) -> int | None:
    if text is None:
        return None
    port = int(text)
    if port > 65535:
        raise RemoteProtocolError(f"port out of range in {what}: {text}")
    return port


@dataclass(frozen=True, slots=True)
class SipUri:
    """A ``sip:`` or ``sips:`` URI.

    >>> uri = parse_uri("sip:+15551234567@trunk.pstn.example.com:5060;user=phone")
    >>> uri.user, uri.host, uri.port, uri.params.get("user")
    ('+15551234567', 'trunk.pstn.example.com', 5060, 'phone')
    """

    scheme: str
    user: str | None
    host: str
    port: int | None = None
    password: str | None = None
    params: Params = field(default_factory=Params)
    #: the ``?name=value&...`` part, raw
    headers: tuple[tuple[str, str], ...] = ()

    def __str__(self) -> str:
        parts = [self.scheme, ":"]
        if self.user is not None:
            parts.append(self.user)
            if self.password is not None:
                parts += (":", self.password)
            parts.append("@")
        parts.append(format_host(self.host))
        if self.port is not None:
            parts += (":", str(self.port))
        if self.params:
            parts.append(str(self.params))
        if self.headers:
            parts += ("?", "&".join(f"{k}={v}" for k, v in self.headers))
        return "".join(parts)

    @property
    def user_decoded(self) -> str | None:
        """The user part with ``%HH`` escapes undone."""
        return None if self.user is None else unquote(self.user, errors="surrogateescape")

    @property
    def transport(self) -> str | None:
        return self.params.get("transport")

    @property
    def maddr(self) -> str | None:
        return self.params.get("maddr")

    @property
    def lr(self) -> bool:
        """Whether the URI carries ``;lr`` (a loose router, RFC 3261 §16.4)."""
        return "lr" in self.params

    def with_params(self, **params: str) -> SipUri:
        new = self.params
        for name, value in params.items():
            new = new.with_param(name, value)
        return SipUri(
            self.scheme, self.user, self.host, self.port, self.password, new, self.headers
        )


@dataclass(frozen=True, slots=True)
class AbsoluteUri:
    """A URI of any scheme but sip/sips, carried opaquely (``tel:+1555...``)."""

    scheme: str
    rest: str

    def __str__(self) -> str:
        return f"{self.scheme}:{self.rest}"


Uri = SipUri | AbsoluteUri

_NO_PARAMS = Params()


# Parsed values are immutable, so a bounded cache can share them: the From, To and
# Contact of a call come back in every message of it (INVITE, 100, 180, 200, ACK, BYE,
# 200), and a proxy reads each one. Long values are rare and not worth the memory.
CACHE_SIZE = 4096
CACHEABLE_LENGTH = 256


def parse_uri(text: str) -> Uri:
    """Parse a Request-URI or the URI inside ``<...>``.

    Raises ``RemoteProtocolError`` on anything the grammar does not allow.
    """
    if len(text) <= CACHEABLE_LENGTH:
        return _parse_uri_cached(text)
    return _parse_uri(text)


def _parse_uri(text: str) -> Uri:
    scheme, colon, rest = text.partition(":")
    if not colon or SCHEME.fullmatch(scheme) is None:
        raise RemoteProtocolError(f"invalid URI {text!r}")
    scheme = scheme.lower()
    if scheme in ("sip", "sips"):
        return _parse_sip_uri(scheme, rest, text)
    if ABSOLUTE_URI_REST.fullmatch(rest) is None:
        raise RemoteProtocolError(f"invalid URI {text!r}")
    return AbsoluteUri(scheme, rest)


_parse_uri_cached = functools.lru_cache(maxsize=CACHE_SIZE)(_parse_uri)


def _parse_sip_uri(scheme: str, rest: str, text: str) -> SipUri:
    user = password = None
    # Neither params nor headers may hold an unescaped "@", so the first one ends the
    # userinfo, even when the user part holds ";" or "?" (RFC 4475 "semiuri").
    userinfo, at, hostpart = rest.partition("@")
    if at:
        user, colon, password_text = userinfo.partition(":")
        if USER.fullmatch(user) is None:
            raise RemoteProtocolError(f"invalid user part in URI {text!r}")
        if colon:
            if PASSWORD.fullmatch(password_text) is None:
                raise RemoteProtocolError(f"invalid password in URI {text!r}")
            password = password_text
    else:
        hostpart = userinfo
    match = HOSTPORT.match(hostpart)
    if match is None:
        raise RemoteProtocolError(f"invalid host in URI {text!r}")
    host = parse_host(match.group(1), what="URI")
    port = parse_port(match.group(2), what="URI")
    tail = hostpart[match.end() :]
    params = _NO_PARAMS
    headers: tuple[tuple[str, str], ...] = ()
    if tail:
        param_text, question, header_text = tail.partition("?")
        if param_text:
            if param_text[0] != ";":
                raise RemoteProtocolError(f"invalid URI {text!r}")
            params = Params(_split_uri_params(param_text[1:], text))
        if question:
            headers = tuple(_split_uri_headers(header_text, text))
    return SipUri(scheme, user, host, port, password, params, headers)


def _split_uri_params(text: str, uri: str) -> Iterator[tuple[str, str]]:
    for param in text.split(";"):
        match = URI_PARAM.fullmatch(param)
        if match is None:
            raise RemoteProtocolError(f"invalid URI parameter {param!r} in {uri!r}")
        yield match.group(1), match.group(2) or ""


def _split_uri_headers(text: str, uri: str) -> Iterator[tuple[str, str]]:
    for header in text.split("&"):
        match = URI_HEADER.fullmatch(header)
        if match is None:
            raise RemoteProtocolError(f"invalid URI header {header!r} in {uri!r}")
        yield match.group(1), match.group(2)
