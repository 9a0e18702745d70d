"""From bytes to ``Request``/``Response``: the header section, validation, datagrams.

Parsing is split so that datagrams and streams share everything but framing:

* ``parse_head`` turns the bytes before the empty line into a start line and
  ``Headers``: CRLF line ends only, line folds undone, compact names expanded, list
  headers split on their top-level commas, Content-Length taken out.
* ``build_message`` adds the body and checks what every edge reads (top Via, From, To,
  Call-ID, CSeq matching the method, Contact, Max-Forwards, Date); the parsed views
  are cached, so the edge does not parse them again.

Any failure is a ``RemoteProtocolError``; once the header section could be split, the
error carries a ``PartialMessage`` so that a 400 can still be answered.

The header section is decoded as UTF-8 with ``surrogateescape``: display names and
reason phrases read as text, and any byte that is not UTF-8 survives a round trip.
"""

from __future__ import annotations

from typing import NamedTuple

from ._abnf import (
    CALL_ID,
    HEADER_NAME,
    METHOD,
    SIP_DATE,
    SIP_VERSION,
    STATUS_CODE,
    bounded_int,
)
from ._errors import PartialMessage, RemoteProtocolError
from ._headers import CANONICAL_BY_LOWER, LIST_HEADERS, Headers, split_list_value
from ._message import Request, Response
from ._uri import SipUri, Uri, parse_uri

__all__ = ["DatagramParser", "Head", "build_message", "is_keepalive", "parse_head"]

DEFAULT_MAX_MESSAGE_SIZE = 65_535
DEFAULT_MAX_HEADER_COUNT = 128
DEFAULT_MAX_HEADER_LINE = 8_192
_TOO_LARGE = 513
_VERSION_NOT_SUPPORTED = 505
# Larger than any message a size limit lets through; bigger values are malformed.
_MAX_CONTENT_LENGTH = 2**32 - 1
_SINGLE = tuple((name.lower(), name) for name in ("From", "To", "Call-ID", "CSeq", "Max-Forwards"))

#: name as received → (stored spelling, lower-case lookup key); both the lower-case and
#: the canonical spelling are keys, so the common case needs no ``lower()``.
_NAMES: dict[str, tuple[str, str]] = {
    lowered: (canonical, canonical.lower()) for lowered, canonical in CANONICAL_BY_LOWER.items()
}
_NAMES.update({known[0]: known for known in list(_NAMES.values())})
_NAMES.update({name.upper(): _NAMES[name] for name in list(_NAMES) if len(name) == 1})


class Head(NamedTuple):
    """A parsed start line and header section, waiting for its body."""

    start_line: str
    method: str | None
    uri: Uri | None
    status: int | None
    reason: str
    headers: Headers
    content_length: int | None

    @property
    def partial(self) -> PartialMessage:
        return PartialMessage(self.start_line, self.method, self.status, self.headers)


def parse_head(data: bytes, *, max_header_count: int, max_header_line: int) -> Head:
    """Parse the bytes before the empty line (without its CRLF CRLF)."""
    text = data.decode("utf-8", "surrogateescape")
    lines = text.split("\r\n")
    # A lone CR or LF would let a value smuggle a line break through to the next hop.
    if text.count("\r") != len(lines) - 1 or text.count("\n") != len(lines) - 1:
        raise RemoteProtocolError("bare CR or LF in the header section")
    if "\r\n " in text or "\r\n\t" in text:
        lines = _unfold(lines)
    # A broken line, or a limit exceeded, is reported only after the whole section is
    # read, so that the error carries the headers (enough, often, to answer 400 or
    # 513). The work stays bounded: the caller has capped the section's size.
    problem: str | None = None
    status_hint = 400
    if len(lines) - 1 > max_header_count:
        problem, status_hint = "too many header fields", _TOO_LARGE
    elif max(map(len, lines)) > max_header_line:
        problem, status_hint = "header line too long", _TOO_LARGE

    items: list[tuple[str, str]] = []
    # Values in tuples, not lists: a young collection stops tracking a tuple of strings,
    # so the headers of messages kept for retransmissions cost full collections nothing.
    index: dict[str, tuple[str, ...]] = {}
    content_length: str | None = None
    for line in lines[1:]:
        name, colon, value = line.partition(":")
        known = _NAMES.get(name)
        if known is None:
            name = name.rstrip(" \t")
            key = name.lower()
            known = _NAMES.get(key)
        if known is not None and colon:
            name, key = known
        elif not colon or HEADER_NAME.fullmatch(name) is None:
            problem = problem or f"malformed header line {line[:40]!r}"
            continue
        value = value.strip(" \t")
        if key == "content-length":
            if content_length is not None:
                problem = problem or "more than one Content-Length"
            content_length = value
        elif key in LIST_HEADERS and "," in value:
            elements = split_list_value(value)
            items.extend((name, element) for element in elements)
            index[key] = index.get(key, ()) + tuple(elements)
        else:
            items.append((name, value))
            values = index.get(key)
            index[key] = (value,) if values is None else (*values, value)
    headers = Headers._trusted(tuple(items), index)

    head = _parse_start_line(lines[0], headers)
    if problem is not None:
        raise RemoteProtocolError(problem, status_hint=status_hint, partial=head.partial)
    if content_length is None:
        return head
    length = bounded_int(content_length, _MAX_CONTENT_LENGTH)
    if length is None:
        raise RemoteProtocolError(
            f"invalid Content-Length {content_length[:20]!r}", partial=head.partial
        )
    return head._replace(content_length=length)


def _unfold(lines: list[str]) -> list[str]:
    # §7.3.1: a line starting with SP or HTAB continues the previous one; the fold and
    # the whitespace around it stand for a single SP.
    unfolded = [lines[0]]
    for line in lines[1:]:
        if line[:1] in (" ", "\t") and len(unfolded) > 1:
            unfolded[-1] = unfolded[-1].rstrip(" \t") + " " + line.lstrip(" \t")
        else:
            unfolded.append(line)
    return unfolded


def _parse_start_line(line: str, headers: Headers) -> Head:
    if line.startswith("SIP/") or line.startswith("sip/"):
        version, _, rest = line.partition(" ")
        code, _, reason = rest.partition(" ")
        try:
            _check_version(version)
            if STATUS_CODE.fullmatch(code) is None:
                raise RemoteProtocolError(f"invalid status code {code[:20]!r}")
        except RemoteProtocolError as exc:
            raise exc.with_partial(PartialMessage(line, None, None, headers)) from None
        return Head(line, None, None, int(code), reason, headers, None)

    parts = line.split(" ")
    method = parts[0]
    if METHOD.fullmatch(method) is None:
        raise RemoteProtocolError(f"invalid start line {line[:60]!r}")
    try:
        if len(parts) != 3:
            # Extra SP, LWS inside the Request-URI, trailing SP (RFC 4475 "lwsstart",
            # "lwsruri", "trws"): all rejected rather than guessed at.
            raise RemoteProtocolError(f"malformed Request-Line {line[:60]!r}")
        _check_version(parts[2])
        uri = parse_uri(parts[1])
        if isinstance(uri, SipUri) and uri.headers:
            # §19.1.1: no headers in a Request-URI (RFC 4475 "escruri").
            raise RemoteProtocolError("headers in the Request-URI")
    except RemoteProtocolError as exc:
        raise exc.with_partial(PartialMessage(line, method, None, headers)) from None
    return Head(line, method, uri, None, "", headers, None)


def _check_version(version: str) -> None:
    if version == "SIP/2.0" or version.upper() == "SIP/2.0":
        return
    if SIP_VERSION.fullmatch(version) is not None:
        raise RemoteProtocolError(
            f"unsupported version {version}", status_hint=_VERSION_NOT_SUPPORTED
        )
    raise RemoteProtocolError(f"invalid SIP version {version[:20]!r}")


def build_message(head: Head, body: bytes) -> Request | Response:
    """Attach the body and check the headers an edge relies on."""
    message: Request | Response
    if head.method is not None:
        assert head.uri is not None
        message = Request(head.method, head.uri, head.headers, body)
    else:
        assert head.status is not None
        message = Response(head.status, head.reason, head.headers, body)
    try:
        _validate(message)
    except RemoteProtocolError as exc:
        raise exc.with_partial(head.partial) from None
    return message


def _validate(message: Request | Response) -> None:
    headers = message.headers
    index = headers._index
    for key, name in _SINGLE:
        values = index.get(key)
        if values is not None and len(values) > 1:
            raise RemoteProtocolError(f"more than one {name} header")
    top_via = message.top_via
    if top_via.protocol != "SIP/2.0":
        raise RemoteProtocolError(f"unsupported Via protocol {top_via.protocol}")
    # Parsed here to validate them; the accessors cache the result for the caller.
    _ = message.from_, message.to
    if CALL_ID.fullmatch(message.call_id) is None:
        raise RemoteProtocolError(f"invalid Call-ID {message.call_id[:60]!r}")
    cseq = message.cseq
    if isinstance(message, Request):
        if cseq.method != message.method:
            raise RemoteProtocolError(f"CSeq method {cseq.method} does not match {message.method}")
        _ = message.max_forwards
    _ = message.contacts
    date = headers.get("Date") if "date" in index else None
    if date is not None and SIP_DATE.fullmatch(date) is None:
        raise RemoteProtocolError(f"invalid Date {date!r} (RFC 1123 GMT form required)")


def is_keepalive(datagram: bytes) -> bool:
    """Whether a datagram is only CR/LF (a NAT keep-alive), to be ignored, not parsed."""
    return not datagram.strip(b"\r\n")


class DatagramParser:
    """Parses one message per datagram (UDP).

    Content-Length is optional; bytes past it are ignored (§18.3) and a body shorter
    than it is an error.

    >>> DatagramParser().parse(b"OPTIONS sip:a@b SIP/2.0\\r\\n...")  # doctest: +SKIP
    """

    def __init__(
        self,
        *,
        max_message_size: int = DEFAULT_MAX_MESSAGE_SIZE,
        max_header_count: int = DEFAULT_MAX_HEADER_COUNT,
        max_header_line: int = DEFAULT_MAX_HEADER_LINE,
    ) -> None:
        self.max_message_size = max_message_size
        self.max_header_count = max_header_count
        self.max_header_line = max_header_line

    def parse(self, data: bytes) -> Request | Response:
        if data[:1] in (b"\r", b"\n"):
            data = data.lstrip(b"\r\n")
        end = data.find(b"\r\n\r\n", 0, self.max_message_size)
        if end >= 0:
            head_bytes, rest = data[:end], data[end + 4 :]
        elif len(data) > self.max_message_size:
            raise RemoteProtocolError("message too large", status_hint=_TOO_LARGE)
        elif data.endswith(b"\r\n"):
            # The empty line is missing but nothing can follow in a datagram.
            head_bytes, rest = data[:-2], b""
        else:
            raise RemoteProtocolError("no end of the header section")
        head = parse_head(
            head_bytes,
            max_header_count=self.max_header_count,
            max_header_line=self.max_header_line,
        )
        if len(data) > self.max_message_size:
            raise RemoteProtocolError("message too large", status_hint=_TOO_LARGE).with_partial(
                head.partial
            )
        if head.content_length is None:
            body = rest
        elif head.content_length > len(rest):
            # RFC 4475 "clerr": over UDP the missing octets will never come.
            raise RemoteProtocolError(
                f"Content-Length {head.content_length} exceeds the {len(rest)} octets received"
            ).with_partial(head.partial)
        else:
            body = rest[: head.content_length]
        return build_message(head, body)


_DEFAULT_PARSER = DatagramParser()


def parse_message(data: bytes) -> Request | Response:
    """Parse one complete message (a datagram) with the default limits."""
    return _DEFAULT_PARSER.parse(data)
