"""Builders of ordinary test messages (the torture ones are files in ``vectors/``)."""

from __future__ import annotations

from opentrunk.sip import Request, Response, make_response, parse_message

SDP = (
    b"v=0\r\no=- 1 1 IN IP4 192.0.2.10\r\ns=-\r\nc=IN IP4 192.0.2.10\r\nt=0 0\r\n"
    b"m=audio 49170 RTP/AVP 0\r\n"
)
URI = "sip:+14155550123@trunk1.pstn.example.com"


def raw_request(
    method: str = "INVITE",
    *,
    branch: str = "z9hG4bK74bf9",
    sent_by: str = "192.0.2.10:5060",
    cseq: int = 1,
    to_tag: str | None = None,
    extra: str = "",
    body: bytes = b"",
) -> bytes:
    to = f"<{URI}>" + (f";tag={to_tag}" if to_tag else "")
    head = (
        f"{method} {URI} SIP/2.0\r\n"
        f"Via: SIP/2.0/UDP {sent_by};branch={branch};rport\r\n"
        "Max-Forwards: 70\r\n"
        f"To: {to}\r\n"
        'From: "Alice" <sip:+14155550100@trunk1.pstn.example.com>;tag=9fxced76sl\r\n'
        "Call-ID: 3848276298220188511@pc33.example.com\r\n"
        f"CSeq: {cseq} {method}\r\n"
        "Contact: <sip:alice@192.0.2.10:5060>\r\n"
        f"{extra}"
        f"Content-Length: {len(body)}\r\n\r\n"
    )
    return head.encode() + body


def request(
    method: str = "INVITE",
    *,
    branch: str = "z9hG4bK74bf9",
    sent_by: str = "192.0.2.10:5060",
    cseq: int = 1,
    to_tag: str | None = None,
    extra: str = "",
    body: bytes = b"",
) -> Request:
    message = parse_message(
        raw_request(
            method,
            branch=branch,
            sent_by=sent_by,
            cseq=cseq,
            to_tag=to_tag,
            extra=extra,
            body=body,
        )
    )
    assert isinstance(message, Request)
    return message


def response_to(req: Request, status: int, *, to_tag: str | None = "as83kd9") -> Response:
    """The response the next hop sends back, as read off the wire."""
    message = parse_message(make_response(req, status, to_tag=to_tag).to_bytes())
    assert isinstance(message, Response)
    return message
