"""Property-based tests: hostile input raises only ``SipProtocolError``; valid messages
survive a write/read round trip."""

from __future__ import annotations

import contextlib
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from opentrunk.sip import (
    Address,
    DigestChallenge,
    DigestCredentials,
    Headers,
    Params,
    Request,
    Response,
    SipProtocolError,
    SipUri,
    StreamEvent,
    StreamFramer,
    Via,
    parse_message,
)

from .messages import SDP, raw_request

VECTORS = sorted((Path(__file__).parent / "vectors").rglob("*.sip"))
SEEDS = [p.read_bytes() for p in VECTORS] + [
    raw_request(body=SDP),
    raw_request("REGISTER", extra="Expires: 3600\r\nRoute: <sip:p.example.com;lr>\r\n"),
]
# Bytes that matter to the grammar, so that mutations reach the interesting branches.
SPECIAL = [
    b",",
    b";",
    b":",
    b'"',
    b"\\",
    b"<",
    b">",
    b"[",
    b"]",
    b"%",
    b"=",
    b"@",
    b" ",
    b"\t",
    b"\r\n",
    b"\r\n ",
    b"\r\n\r\n",
    b"\r",
    b"\n",
    b"\x00",
    b"\xff",
    b"z9hG4bK",
    b"SIP/2.0",
    b"99999999999",
    b"-1",
    b"*",
    b"1" * 4400,  # past Python's limit for int() of a digit string
]


def read_everything(message: Request | Response) -> None:
    """Touch every accessor an edge may use; each may only raise SipProtocolError."""
    for accessor in (
        lambda: message.vias,
        lambda: [v.rport for v in message.vias],
        lambda: message.routes,
        lambda: message.record_routes,
        lambda: message.expires,
        lambda: [c.expires for c in message.contacts],
        lambda: message.max_forwards,
        lambda: message.is_contact_wildcard,
        lambda: [str(v) for v in message.vias],
        lambda: str(message.to) + str(message.from_),
        lambda: DigestCredentials.parse(message.headers.get("Authorization") or ""),
    ):
        with contextlib.suppress(SipProtocolError):
            accessor()
    if isinstance(message, Request) and isinstance(message.uri, SipUri):
        _ = message.uri.user_decoded, str(message.uri)


def check_round_trip(data: bytes) -> None:
    try:
        message = parse_message(data)
    except SipProtocolError:
        return
    read_everything(message)
    again = parse_message(message.to_bytes())
    assert again == message


@settings(max_examples=500, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=2000))
def test_arbitrary_bytes(data: bytes) -> None:
    check_round_trip(data)


@st.composite
def mutated(draw: st.DrawFn) -> bytes:
    data = bytearray(draw(st.sampled_from(SEEDS)))
    for _ in range(draw(st.integers(1, 8))):
        if not data:
            break
        at = draw(st.integers(0, len(data) - 1))
        operation = draw(st.sampled_from(["replace", "insert", "delete", "duplicate"]))
        if operation == "replace":
            data[at] = draw(st.integers(0, 255))
        elif operation == "insert":
            data[at:at] = draw(st.sampled_from(SPECIAL) | st.binary(min_size=1, max_size=4))
        elif operation == "delete":
            del data[at : at + draw(st.integers(1, 16))]
        else:
            end = min(len(data), at + draw(st.integers(1, 64)))
            data[at:at] = data[at:end]
    return bytes(data)


@settings(max_examples=1500, suppress_health_check=[HealthCheck.too_slow])
@given(mutated())
def test_mutated_valid_messages(data: bytes) -> None:
    check_round_trip(data)


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
@given(mutated(), st.lists(st.integers(1, 200), min_size=1, max_size=10))
def test_stream_framer_on_mutated_streams(data: bytes, cuts: list[int]) -> None:
    framer = StreamFramer()
    stream = data + raw_request("BYE") + b"\r\n\r\n"
    pos = 0
    for cut in [*cuts, len(stream)]:
        framer.receive_data(stream[pos : pos + cut])
        pos += cut
        while True:
            try:
                event = framer.next_event()
            except SipProtocolError:
                if framer.broken:
                    return
                continue
            if event is StreamEvent.NEED_DATA:
                break
            if not isinstance(event, StreamEvent):
                read_everything(event)


@settings(max_examples=300)
@given(st.text(max_size=300))
def test_authentication_headers(text: str) -> None:
    for parse in (DigestChallenge.parse, DigestCredentials.parse):
        with contextlib.suppress(SipProtocolError):
            parse(text)


# --- generated valid messages ----------------------------------------------------------

TOKEN = st.text(
    "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-.!%*_+`'~", min_size=1
)
USER = st.text("abcxyz0123456789-_.!~*'()&=+$,;?/", min_size=1, max_size=20)
HOST = st.one_of(
    st.from_regex(r"[a-z][a-z0-9-]{0,10}(\.[a-z][a-z0-9-]{0,10}){0,3}", fullmatch=True),
    st.ip_addresses(v=4).map(str),
    st.ip_addresses(v=6).map(str),
)
PORT = st.none() | st.integers(1, 65535)
PARAM_VALUE = st.one_of(
    st.just(""),
    TOKEN,
    st.text("abc xyz,;:<>@", max_size=10).map(lambda s: '"' + s + '"'),
)
HEADER_PARAMS = st.lists(st.tuples(TOKEN, PARAM_VALUE), max_size=3).map(Params)
PARAMCHARS = "abcdefgh0123456789-_.!~*'()[]/:&+$"
URI_PARAMS = st.lists(
    st.tuples(
        st.text(PARAMCHARS, min_size=1, max_size=8),
        st.text(PARAMCHARS, max_size=8),
    ),
    max_size=3,
).map(Params)
SIP_URIS = st.builds(
    SipUri,
    scheme=st.sampled_from(["sip", "sips"]),
    user=st.none() | USER,
    host=HOST,
    port=PORT,
    params=URI_PARAMS,
)
ADDRESSES = st.builds(
    Address,
    uri=SIP_URIS,
    display_name=st.none() | st.text(st.characters(blacklist_categories=("Cs", "Cc")), max_size=12),
    params=HEADER_PARAMS,
)
VIAS = st.builds(
    Via,
    transport=st.sampled_from(["UDP", "TCP", "TLS", "SCTP"]),
    host=HOST,
    port=PORT,
    params=st.builds(
        lambda branch, rest: Params([("branch", "z9hG4bK" + branch), *rest]),
        TOKEN,
        st.lists(st.tuples(TOKEN, TOKEN | st.just("")), max_size=2),
    ),
)
TEXT_VALUE = st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="\r\n"))
CALL_ID = st.text("abcdefghij0123456789-.!%*_+`'~()<>:\\\"/[]?{}", min_size=1, max_size=30)


@st.composite
def messages(draw: st.DrawFn) -> Request | Response:
    method = draw(st.sampled_from(["INVITE", "OPTIONS", "BYE", "REGISTER"]) | TOKEN)
    fields = [("Via", str(v)) for v in draw(st.lists(VIAS, min_size=1, max_size=3))]
    fields += [
        ("From", str(draw(ADDRESSES))),
        ("To", str(draw(ADDRESSES))),
        ("Call-ID", draw(CALL_ID)),
        ("CSeq", f"{draw(st.integers(0, 2**32 - 1))} {method}"),
        ("Max-Forwards", str(draw(st.integers(0, 255)))),
    ]
    fields += [("Contact", str(a)) for a in draw(st.lists(ADDRESSES, max_size=2))]
    fields += [("X-" + n, v) for n, v in draw(st.lists(st.tuples(TOKEN, TEXT_VALUE), max_size=4))]
    headers = Headers(draw(st.permutations(fields)))
    body = draw(st.binary(max_size=300))
    if draw(st.booleans()):
        return Request(method, draw(SIP_URIS), headers, body)
    reason = draw(st.text(st.characters(blacklist_categories=("Cs", "Cc")), max_size=20))
    return Response(draw(st.integers(100, 699)), reason, headers, body)


@settings(max_examples=400, suppress_health_check=[HealthCheck.too_slow])
@given(messages())
def test_generated_messages_round_trip(message: Request | Response) -> None:
    parsed = parse_message(message.to_bytes())
    assert parsed == message
    assert parsed.top_via == message.vias[0]
    assert parsed.to == Address(message.to.uri, message.to.display_name, message.to.params)
