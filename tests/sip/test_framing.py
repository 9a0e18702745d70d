"""Framing on a stream: Content-Length, keep-alives, limits, errors."""

from __future__ import annotations

import pytest

from opentrunk.sip import (
    RemoteProtocolError,
    Request,
    Response,
    StreamEvent,
    StreamFramer,
    error_response,
)

from .messages import SDP, raw_request


def drain(framer: StreamFramer) -> list[Request | Response | StreamEvent]:
    events: list[Request | Response | StreamEvent] = []
    while (event := framer.next_event()) is not StreamEvent.NEED_DATA:
        events.append(event)
    return events


def test_pipelined_messages_in_one_chunk() -> None:
    framer = StreamFramer()
    framer.receive_data(raw_request(body=SDP) + raw_request("BYE", cseq=2))
    first, second = drain(framer)
    assert isinstance(first, Request)
    assert first.body == SDP
    assert isinstance(second, Request)
    assert second.method == "BYE"
    assert framer.buffered == 0


def test_a_message_arriving_one_byte_at_a_time() -> None:
    framer = StreamFramer()
    data = raw_request(body=SDP)
    events: list[Request | Response | StreamEvent] = []
    for i in range(len(data)):
        framer.receive_data(data[i : i + 1])
        events += drain(framer)
    assert len(events) == 1
    assert isinstance(events[0], Request)
    assert events[0].body == SDP


def test_body_split_across_chunks() -> None:
    framer = StreamFramer()
    data = raw_request(body=SDP)
    framer.receive_data(data[:-10])
    assert framer.next_event() is StreamEvent.NEED_DATA
    framer.receive_data(data[-10:])
    assert isinstance(framer.next_event(), Request)


def test_keepalive_ping_and_pong() -> None:
    framer = StreamFramer()
    # a ping, a stray CRLF (a pong from the peer), a message, another ping
    framer.receive_data(b"\r\n\r\n" + b"\r\n" + raw_request() + b"\r\n\r\n")
    events = drain(framer)
    assert events[0] is StreamEvent.PING
    assert isinstance(events[1], Request)
    assert events[2] is StreamEvent.PING
    assert len(events) == 3


def test_half_a_ping_waits_for_more() -> None:
    framer = StreamFramer()
    framer.receive_data(b"\r\n")
    assert framer.next_event() is StreamEvent.NEED_DATA
    framer.receive_data(b"\r\n")
    assert framer.next_event() is StreamEvent.PING


def test_missing_content_length_breaks_the_stream() -> None:
    framer = StreamFramer()
    framer.receive_data(raw_request().replace(b"Content-Length: 0\r\n", b""))
    with pytest.raises(RemoteProtocolError, match="Content-Length") as caught:
        framer.next_event()
    assert framer.broken
    assert error_response(caught.value) is not None  # answer 400, then close
    with pytest.raises(RemoteProtocolError):
        framer.next_event()


def test_a_bad_header_in_a_well_framed_message_does_not_break_the_stream() -> None:
    framer = StreamFramer()
    bad = raw_request().replace(b"CSeq: 1 INVITE", b"CSeq: x INVITE")
    framer.receive_data(bad + raw_request("BYE", cseq=2))
    with pytest.raises(RemoteProtocolError, match="CSeq"):
        framer.next_event()
    assert not framer.broken
    (message,) = drain(framer)
    assert isinstance(message, Request)
    assert message.method == "BYE"


def test_header_section_that_never_ends() -> None:
    framer = StreamFramer(max_message_size=1000)
    framer.receive_data(b"INVITE sip:a@b SIP/2.0\r\n" + b"X-Junk: aaaaaaaa\r\n" * 100)
    with pytest.raises(RemoteProtocolError) as caught:
        framer.next_event()
    assert caught.value.status_hint == 513


def test_announced_body_too_large() -> None:
    framer = StreamFramer(max_message_size=2000)
    framer.receive_data(raw_request().replace(b"Content-Length: 0", b"Content-Length: 5000"))
    with pytest.raises(RemoteProtocolError) as caught:
        framer.next_event()
    assert caught.value.status_hint == 513
    assert error_response(caught.value) is not None


def test_too_many_headers() -> None:
    framer = StreamFramer(max_header_count=5)
    framer.receive_data(raw_request())
    with pytest.raises(RemoteProtocolError) as caught:
        framer.next_event()
    assert caught.value.status_hint == 513
