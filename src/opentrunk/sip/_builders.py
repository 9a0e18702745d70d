"""Building the messages a SIP element derives from others.

* ``make_response``: a response to a request (§8.2.6.2): Via, From, To, Call-ID and
  CSeq copied as written, a To tag added.
* ``make_ack``: the ACK a client INVITE transaction sends for a non-2xx final
  response (§17.1.1.3).
* ``make_cancel``: the CANCEL for a pending INVITE (§9.1).
* ``error_response``: the 4xx/5xx for a message that failed to parse, when enough of
  it was read; None means drop it (and count it).
"""

from __future__ import annotations

import secrets
from collections.abc import Iterable

from ._abnf import MAGIC_COOKIE
from ._address import parse_address
from ._errors import LocalProtocolError, RemoteProtocolError
from ._headers import Headers
from ._message import Request, Response

__all__ = [
    "error_response",
    "make_ack",
    "make_cancel",
    "make_response",
    "new_branch",
    "new_tag",
    "reason_phrase",
]

_REASONS = {
    100: "Trying",
    180: "Ringing",
    181: "Call Is Being Forwarded",
    182: "Queued",
    183: "Session Progress",
    200: "OK",
    202: "Accepted",
    300: "Multiple Choices",
    301: "Moved Permanently",
    302: "Moved Temporarily",
    305: "Use Proxy",
    380: "Alternative Service",
    400: "Bad Request",
    401: "Unauthorized",
    402: "Payment Required",
    403: "Forbidden",
    404: "Not Found",
    405: "Method Not Allowed",
    406: "Not Acceptable",
    407: "Proxy Authentication Required",
    408: "Request Timeout",
    410: "Gone",
    413: "Request Entity Too Large",
    414: "Request-URI Too Long",
    415: "Unsupported Media Type",
    416: "Unsupported URI Scheme",
    420: "Bad Extension",
    421: "Extension Required",
    423: "Interval Too Brief",
    429: "Provide Referrer Identity",
    480: "Temporarily Unavailable",
    481: "Call/Transaction Does Not Exist",
    482: "Loop Detected",
    483: "Too Many Hops",
    484: "Address Incomplete",
    485: "Ambiguous",
    486: "Busy Here",
    487: "Request Terminated",
    488: "Not Acceptable Here",
    491: "Request Pending",
    493: "Undecipherable",
    500: "Server Internal Error",
    501: "Not Implemented",
    502: "Bad Gateway",
    503: "Service Unavailable",
    504: "Server Time-out",
    505: "Version Not Supported",
    513: "Message Too Large",
    600: "Busy Everywhere",
    603: "Decline",
    604: "Does Not Exist Anywhere",
    606: "Not Acceptable",
}
_CLASS_REASONS = {1: "Trying", 2: "OK", 3: "Redirect", 4: "Client Error", 5: "Server Error"}


def reason_phrase(status: int) -> str:
    """The usual reason phrase for a status code (``486`` → ``"Busy Here"``)."""
    return _REASONS.get(status) or _CLASS_REASONS.get(status // 100, "Global Failure")


def new_branch() -> str:
    """A fresh RFC 3261 branch: the magic cookie and 64 random bits."""
    return MAGIC_COOKIE + secrets.token_hex(8)


def new_tag() -> str:
    """A fresh From/To tag (48 random bits, §19.3 asks for at least 32)."""
    return secrets.token_hex(6)


def make_response(
    request: Request,
    status: int,
    reason: str | None = None,
    *,
    to_tag: str | None = None,
    headers: Iterable[tuple[str, str]] = (),
    body: bytes = b"",
) -> Response:
    """A response to ``request``, with ``to_tag`` added to To unless it has one.

    A 100 Trying never gets a tag and copies Timestamp (§8.2.6.1).

    >>> resp = make_response(invite, 486, to_tag=new_tag())  # doctest: +SKIP
    """
    if request.method == "ACK":
        raise LocalProtocolError("an ACK is never answered")
    if not 100 <= status <= 699:
        raise LocalProtocolError(f"invalid status code {status}")
    to = request.headers.get("To")
    if to is None:
        raise LocalProtocolError("the request has no To header")
    if to_tag is not None and status != 100 and request.to.tag is None:
        to = f"{to};tag={to_tag}"
    fields = _copied(request.headers, to)
    if status == 100:
        fields += tuple(("Timestamp", v) for v in request.headers.get_all("Timestamp"))
    extra = Headers(headers)
    return Response(
        status,
        reason_phrase(status) if reason is None else reason,
        Headers._trusted(fields + tuple(extra)),
        body,
    )


def _copied(headers: Headers, to: str) -> tuple[tuple[str, str], ...]:
    fields = [("Via", via) for via in headers.get_all("Via")]
    for name in ("From", "Call-ID", "CSeq"):
        value = headers.get(name)
        if value is None:
            raise LocalProtocolError(f"the request has no {name} header")
        fields.append((name, value))
    fields.insert(len(fields) - 2, ("To", to))
    return tuple(fields)


def make_ack(request: Request, response: Response) -> Request:
    """The ACK for a non-2xx final response to ``request`` (an INVITE), §17.1.1.3.

    It goes to the same place as the INVITE, with the INVITE's top Via (same branch),
    the response's To (with its tag) and the INVITE's Route set.
    """
    if request.method != "INVITE":
        raise LocalProtocolError("only an INVITE is acknowledged")
    if response.status < 300:
        raise LocalProtocolError("the ACK for a 2xx is the TU's, not the transaction's")
    return Request("ACK", request.uri, _hop_headers(request, "ACK", response), b"")


def make_cancel(request: Request) -> Request:
    """The CANCEL for a pending ``request`` (§9.1): same Request-URI, Call-ID, From,
    To, CSeq number and top Via (so the same branch) as the request it cancels."""
    if request.method in ("ACK", "CANCEL"):
        raise LocalProtocolError(f"a {request.method} cannot be cancelled")
    return Request("CANCEL", request.uri, _hop_headers(request, "CANCEL", None), b"")


def _hop_headers(request: Request, method: str, response: Response | None) -> Headers:
    headers = request.headers
    to = headers.get("To") if response is None else response.headers.get("To")
    fields = [
        ("Via", headers.get_all("Via")[0]),
        ("Max-Forwards", headers.get("Max-Forwards") or "70"),
        ("From", _required(headers, "From")),
        ("To", to or _required(headers, "To")),
        ("Call-ID", _required(headers, "Call-ID")),
        ("CSeq", f"{request.cseq.number} {method}"),
    ]
    fields += [("Route", route) for route in headers.get_all("Route")]
    return Headers._trusted(tuple(fields))


def _required(headers: Headers, name: str) -> str:
    value = headers.get(name)
    if value is None:
        raise LocalProtocolError(f"the request has no {name} header")
    return value


def error_response(error: RemoteProtocolError, *, to_tag: str | None = None) -> Response | None:
    """The response to a request that failed to parse, or None if none is possible.

    A response needs a request (not an ACK) whose Via, From, To, Call-ID and CSeq
    could be read. Its status is the error's ``status_hint`` (400, 505, 513...). The
    values are copied as received, even if one of them is what was malformed: that is
    still the best the sender can match its transaction with.
    """
    partial = error.partial
    if partial is None or partial.method is None or partial.method == "ACK":
        return None
    headers = partial.headers
    to = headers.get("To")
    if not headers.get_all("Via") or to is None:
        return None
    if any(headers.get(name) is None for name in ("From", "Call-ID", "CSeq")):
        return None
    if to_tag is not None:
        try:
            has_tag = parse_address(to).tag is not None
        except RemoteProtocolError:
            has_tag = True  # a To we cannot parse is copied untouched
        if not has_tag:
            to = f"{to};tag={to_tag}"
    status = error.status_hint
    return Response(status, reason_phrase(status), Headers._trusted(_copied(headers, to)))
