"""Typed views of the header values the edge reads: addresses, Via, CSeq.

Each ``parse_*`` function takes one header value (already unfolded and split from its
list) and raises ``RemoteProtocolError`` when it does not match the grammar.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field

from ._abnf import (
    CSEQ,
    MAGIC_COOKIE,
    QUOTED_DISPLAY,
    SEMI_PARAM,
    TOKEN_DISPLAY,
    VIA_HEAD,
    bounded_int,
)
from ._errors import RemoteProtocolError
from ._uri import (
    CACHE_SIZE,
    CACHEABLE_LENGTH,
    Params,
    SipUri,
    Uri,
    format_host,
    parse_host,
    parse_port,
    parse_uri,
)

__all__ = [
    "Address",
    "CSeq",
    "Via",
    "parse_address",
    "parse_cseq",
    "parse_params",
    "parse_via",
    "quote_string",
    "unquote_string",
]

_MAX_CSEQ = 2**32 - 1
_MAX_DELTA_SECONDS = 2**32 - 1
_NO_PARAMS = Params()
_QUOTED_PAIR = re.compile(r"\\(.)", re.DOTALL)
_NEEDS_QUOTING = re.compile(r"[\"\\]")


def unquote_string(text: str) -> str:
    """``"a \\"b\\""`` → ``a "b"``; text without quotes comes back unchanged."""
    if len(text) >= 2 and text[0] == '"' and text[-1] == '"':
        return _QUOTED_PAIR.sub(r"\1", text[1:-1])
    return text


def quote_string(text: str) -> str:
    return '"' + _NEEDS_QUOTING.sub(r"\\\g<0>", text) + '"'


def parse_params(text: str, *, what: str) -> Params:
    """Parse ``*( SEMI generic-param )``, the tail of an address or Via value."""
    if not text:
        return _NO_PARAMS
    items = []
    pos = 0
    end = len(text)
    while pos < end:
        match = SEMI_PARAM.match(text, pos)
        if match is None:
            raise RemoteProtocolError(f"invalid parameters in {what}: {text!r}")
        items.append((match.group(1), match.group(2) or ""))
        pos = match.end()
    return Params(items)


@dataclass(frozen=True, slots=True)
class Address:
    """A name-addr or addr-spec with its header parameters (From, To, Contact, Route).

    >>> a = parse_address('"Alice" <sip:alice@example.com>;tag=1928301774')
    >>> a.display_name, str(a.uri), a.tag
    ('Alice', 'sip:alice@example.com', '1928301774')
    """

    uri: Uri
    display_name: str | None = None
    params: Params = field(default_factory=Params)

    @property
    def tag(self) -> str | None:
        return self.params.get("tag")

    @property
    def expires(self) -> int | None:
        """The Contact ``expires`` parameter, or None (RFC 3261 §10.2.1.1)."""
        value = self.params.get("expires")
        if value is None:
            return None
        seconds = bounded_int(value, _MAX_DELTA_SECONDS)
        if seconds is None:
            raise RemoteProtocolError(f"invalid expires parameter {value[:20]!r}")
        return seconds

    @property
    def sip_uri(self) -> SipUri | None:
        """The URI when it is a SIP URI, else None."""
        return self.uri if isinstance(self.uri, SipUri) else None

    def __str__(self) -> str:
        head = f"<{self.uri}>"
        if self.display_name is not None:
            head = f"{quote_string(self.display_name)} {head}"
        return head + str(self.params)

    def with_tag(self, tag: str) -> Address:
        return Address(self.uri, self.display_name, self.params.with_param("tag", tag))


def parse_address(text: str) -> Address:
    """Parse ``( name-addr / addr-spec ) *( SEMI generic-param )``."""
    if len(text) <= CACHEABLE_LENGTH:
        return _parse_address_cached(text)
    return _parse_address(text)


def _parse_address(text: str) -> Address:
    s = text.strip(" \t")
    display: str | None = None
    if s.startswith('"'):
        match = QUOTED_DISPLAY.match(s)
        if match is None:
            raise RemoteProtocolError(f"unterminated quoted string in {text!r}")
        display = unquote_string(match.group(1))
        rest = s[match.end() :]
        if not rest.startswith("<"):
            raise RemoteProtocolError(f"missing <URI> after display name in {text!r}")
        return _name_addr(rest, display, text)
    lt = s.find("<")
    # A "<" after a ":" or ";" belongs to a parameter of an addr-spec, not a name-addr.
    if lt >= 0 and ":" not in s[:lt] and ";" not in s[:lt]:
        name = s[:lt].rstrip(" \t")
        if name:
            if TOKEN_DISPLAY.fullmatch(name) is None:
                raise RemoteProtocolError(f"invalid display name in {text!r}")
            display = name
        return _name_addr(s[lt:], display, text)
    semi = s.find(";")
    uri_text = (s if semi < 0 else s[:semi]).rstrip(" \t")
    # §20.10: a URI holding "," "?" or ";" must be written inside <...>.
    if "?" in uri_text or "," in uri_text or " " in uri_text or "\t" in uri_text:
        raise RemoteProtocolError(f"invalid addr-spec in {text!r}")
    uri = parse_uri(uri_text)
    params = parse_params(s[semi:] if semi >= 0 else "", what=text)
    return Address(uri, None, params)


_parse_address_cached = functools.lru_cache(maxsize=CACHE_SIZE)(_parse_address)


def _name_addr(rest: str, display: str | None, text: str) -> Address:
    gt = rest.find(">")
    if gt < 0:
        raise RemoteProtocolError(f"missing '>' in {text!r}")
    uri = parse_uri(rest[1:gt])
    return Address(uri, display, parse_params(rest[gt + 1 :], what=text))


@dataclass(frozen=True, slots=True)
class Via:
    """One Via value.

    >>> v = parse_via("SIP/2.0/UDP [2001:db8::9]:5070;branch=z9hG4bKa;rport")
    >>> v.transport, v.host, v.port, v.branch, v.rport, v.has_rport
    ('UDP', '2001:db8::9', 5070, 'z9hG4bKa', None, True)
    """

    transport: str
    host: str
    port: int | None = None
    params: Params = field(default_factory=Params)
    protocol: str = "SIP/2.0"

    @property
    def branch(self) -> str | None:
        return self.params.get("branch")

    @property
    def is_rfc3261_branch(self) -> bool:
        """Whether the branch starts with the magic cookie and has something after it
        (a bare cookie, RFC 4475 "badbranch", gets RFC 2543 matching)."""
        branch = self.branch
        return branch is not None and len(branch) > 7 and branch.startswith(MAGIC_COOKIE)

    @property
    def sent_by(self) -> tuple[str, int | None]:
        return self.host, self.port

    @property
    def received(self) -> str | None:
        value = self.params.get("received")
        return None if value is None else value.strip("[]")

    @property
    def has_rport(self) -> bool:
        return "rport" in self.params

    @property
    def rport(self) -> int | None:
        """The port in ``;rport=N`` (RFC 3581), None if absent or valueless."""
        value = self.params.get("rport")
        if not value:
            return None
        port = bounded_int(value, 65535)
        if port is None:
            raise RemoteProtocolError(f"invalid rport {value[:20]!r}")
        return port

    @property
    def maddr(self) -> str | None:
        return self.params.get("maddr")

    def with_params(self, **params: str) -> Via:
        """A copy with parameters set, e.g. ``via.with_params(received=ip, rport="5060")``."""
        new = self.params
        for name, value in params.items():
            new = new.with_param(name, value)
        return Via(self.transport, self.host, self.port, new, self.protocol)

    def __str__(self) -> str:
        port = "" if self.port is None else f":{self.port}"
        return f"{self.protocol}/{self.transport} {format_host(self.host)}{port}{self.params}"


def parse_via(text: str) -> Via:
    match = VIA_HEAD.match(text)
    if match is None:
        raise RemoteProtocolError(f"invalid Via {text!r}")
    name, version, transport, host, port = match.groups()
    params = parse_params(text[match.end() :].rstrip(" \t"), what="Via")
    for key, value in params:
        # A Via parameter may hold an unbracketed IPv6 address (received=), but a
        # ":" anywhere else is junk.
        if ":" in value and not value.startswith(('"', "[")) and key.lower() != "received":
            raise RemoteProtocolError(f"invalid Via parameter {key}={value!r}")
    return Via(
        transport.upper(),
        parse_host(host, what="Via"),
        parse_port(port, what="Via"),
        params,
        f"{name.upper()}/{version}",
    )


@dataclass(frozen=True, slots=True)
class CSeq:
    number: int
    method: str

    def __str__(self) -> str:
        return f"{self.number} {self.method}"


def parse_cseq(text: str) -> CSeq:
    if len(text) <= CACHEABLE_LENGTH:
        return _parse_cseq_cached(text)
    return _parse_cseq(text)


def _parse_cseq(text: str) -> CSeq:
    match = CSEQ.fullmatch(text)
    if match is None:
        raise RemoteProtocolError(f"invalid CSeq {text[:60]!r}")
    number = bounded_int(match.group(1), _MAX_CSEQ)
    if number is None:
        raise RemoteProtocolError(f"CSeq number out of range: {match.group(1)[:40]}")
    return CSeq(number, match.group(2))


_parse_cseq_cached = functools.lru_cache(maxsize=CACHE_SIZE)(_parse_cseq)
