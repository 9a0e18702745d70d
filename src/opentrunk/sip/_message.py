"""Requests and responses: frozen, slotted dataclasses with lazy typed accessors.

A message keeps its header values as text. The accessors (``top_via``, ``to``,
``cseq``, ...) parse on first use and cache the result on the (immutable) ``Headers``,
so reading ``msg.top_via.branch`` twice parses once. The parser has already checked
the headers every edge reads (top Via, From, To, Call-ID, CSeq, Contact,
Max-Forwards), so on a parsed message those accessors cannot fail; the others raise
``RemoteProtocolError`` when the value is malformed.

Content-Length is framing, not content: the parser consumes it and ``to_bytes()``
writes the length of ``body``, so a message can never announce the wrong length.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import Self

from ._abnf import METHOD, bounded_int
from ._address import Address, CSeq, Via, parse_address, parse_cseq, parse_via
from ._errors import LocalProtocolError, RemoteProtocolError
from ._headers import Headers
from ._uri import Uri

__all__ = ["Message", "Request", "Response"]

_MAX_DELTA_SECONDS = 2**32 - 1


class _MessageBase:
    """Accessors shared by requests and responses."""

    __slots__ = ()

    headers: Headers
    body: bytes

    def forget_parsed(self) -> None:
        """Drop the parsed views of the headers (Via, From, To, ...); they are parsed
        again if read. For a message kept only to be matched or sent again."""
        self.headers._cache.clear()

    # The accessors below are written out rather than built from a helper: they run on
    # every message at the edge, and a closure per call costs more than the parsing.

    def _first(self, key: str, name: str) -> str:
        values = self.headers._index.get(key)
        if values is None:
            raise RemoteProtocolError(f"missing {name} header")
        return values[0]

    # --- the headers every edge reads --------------------------------------------------

    @property
    def call_id(self) -> str:
        return self._first("call-id", "Call-ID")

    @property
    def cseq(self) -> CSeq:
        cache = self.headers._cache
        value: CSeq | None = cache.get("cseq")
        if value is None:
            value = cache["cseq"] = parse_cseq(self._first("cseq", "CSeq"))
        return value

    @property
    def vias(self) -> tuple[Via, ...]:
        """Every Via, topmost first."""
        cache = self.headers._cache
        value: tuple[Via, ...] | None = cache.get("vias")
        if value is None:
            value = cache["vias"] = tuple(map(parse_via, self.headers.get_all("Via")))
        return value

    @property
    def top_via(self) -> Via:
        cache = self.headers._cache
        value: Via | None = cache.get("top_via")
        if value is None:
            value = cache["top_via"] = parse_via(self._first("via", "Via"))
        return value

    @property
    def from_(self) -> Address:
        cache = self.headers._cache
        value: Address | None = cache.get("from")
        if value is None:
            value = cache["from"] = parse_address(self._first("from", "From"))
        return value

    @property
    def to(self) -> Address:
        cache = self.headers._cache
        value: Address | None = cache.get("to")
        if value is None:
            value = cache["to"] = parse_address(self._first("to", "To"))
        return value

    @property
    def from_tag(self) -> str | None:
        return self.from_.tag

    @property
    def to_tag(self) -> str | None:
        return self.to.tag

    @property
    def max_forwards(self) -> int | None:
        """Max-Forwards, or None when absent (a proxy then assumes 70, §16.6)."""
        values = self.headers._index.get("max-forwards")
        if values is None:
            return None
        hops = bounded_int(values[0], 255)
        if hops is None:
            raise RemoteProtocolError(f"invalid Max-Forwards {values[0][:20]!r}")
        return hops

    @property
    def contacts(self) -> tuple[Address, ...]:
        """Contact addresses; empty for ``Contact: *`` (see ``is_contact_wildcard``)."""
        cache = self.headers._cache
        value: tuple[Address, ...] | None = cache.get("contacts")
        if value is None:
            value = cache["contacts"] = self._contacts()
        return value

    def _contacts(self) -> tuple[Address, ...]:
        values = self.headers._index.get("contact")
        if values is None:
            return ()
        if values == ("*",):
            return ()
        if "*" in values:
            raise RemoteProtocolError("Contact: * mixed with other contacts")
        return tuple(map(parse_address, values))

    @property
    def is_contact_wildcard(self) -> bool:
        """``Contact: *`` (a REGISTER removing every binding, RFC 3261 §10.2.2)."""
        return self.headers.get_all("Contact") == ("*",)

    @property
    def expires(self) -> int | None:
        """The Expires header in seconds, or None."""
        value = self.headers.get("Expires")
        if value is None:
            return None
        seconds = bounded_int(value, _MAX_DELTA_SECONDS)
        if seconds is None:
            raise RemoteProtocolError(f"invalid Expires {value[:20]!r}")
        return seconds

    @property
    def routes(self) -> tuple[Address, ...]:
        return tuple(map(parse_address, self.headers.get_all("Route")))

    @property
    def record_routes(self) -> tuple[Address, ...]:
        return tuple(map(parse_address, self.headers.get_all("Record-Route")))

    @property
    def content_type(self) -> str | None:
        return self.headers.get("Content-Type")

    # --- deriving new messages -----------------------------------------------------------

    def with_headers(self, headers: Headers) -> Self:
        return dataclasses.replace(self, headers=headers)  # type: ignore[type-var]

    def push_via(self, via: Via | str) -> Self:
        """A copy with ``via`` added on top (what a proxy does before forwarding)."""
        return self.with_headers(self.headers.add("Via", str(via), first=True))

    def pop_via(self) -> Self:
        """A copy without the top Via (what a proxy does to a response it relays)."""
        return self.with_headers(self.headers.remove_first("Via"))

    def with_top_via(self, via: Via | str) -> Self:
        """A copy whose top Via is replaced, e.g. to add ``received`` and ``rport``."""
        return self.with_headers(self.headers.replace_first("Via", str(via)))

    # --- writing -------------------------------------------------------------------------

    def _start_line(self) -> str:
        raise NotImplementedError

    def to_bytes(self) -> bytes:
        """The wire form, with a Content-Length that matches ``body``."""
        lines = [self._start_line()]
        for name, value in self.headers:
            if name != "Content-Length":
                lines.append(f"{name}: {value}")
        lines.append(f"Content-Length: {len(self.body)}\r\n\r\n")
        try:
            head = "\r\n".join(lines).encode("utf-8", "surrogateescape")
        except UnicodeEncodeError as exc:
            # Only text built locally can hold a surrogate that is not an escaped byte.
            raise LocalProtocolError(f"unencodable character in a header: {exc}") from None
        return head + self.body


@dataclass(frozen=True, slots=True)
class Request(_MessageBase):
    """A SIP request.

    >>> req = Request("OPTIONS", parse_uri("sip:example.com"), Headers([("Via", "SIP/2.0/UDP h")]))
    >>> req.to_bytes().splitlines()[0]
    b'OPTIONS sip:example.com SIP/2.0'
    """

    method: str
    uri: Uri
    headers: Headers
    body: bytes = b""

    def _start_line(self) -> str:
        if METHOD.fullmatch(self.method) is None:
            raise LocalProtocolError(f"invalid method {self.method!r}")
        return f"{self.method} {self.uri} SIP/2.0"


@dataclass(frozen=True, slots=True)
class Response(_MessageBase):
    """A SIP response; build one from a request with ``make_response``."""

    status: int
    reason: str
    headers: Headers
    body: bytes = b""

    def _start_line(self) -> str:
        if not 100 <= self.status <= 699:
            raise LocalProtocolError(f"invalid status code {self.status}")
        if "\r" in self.reason or "\n" in self.reason:
            raise LocalProtocolError("reason phrase contains CR or LF")
        return f"SIP/2.0 {self.status} {self.reason}"

    @property
    def is_provisional(self) -> bool:
        return self.status < 200


Message = Request | Response
