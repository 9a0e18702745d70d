"""The header section: names, folding, list splitting, limits, CRLF rules, datagrams."""

from __future__ import annotations

import pytest

from opentrunk.sip import (
    DatagramParser,
    Headers,
    LocalProtocolError,
    RemoteProtocolError,
    Request,
    Response,
    error_response,
    is_keepalive,
    parse_message,
)

from .messages import SDP, raw_request, request


def parse(data: bytes) -> Request | Response:
    return parse_message(data)


class TestHeaderNames:
    def test_compact_forms_become_long_forms(self) -> None:
        data = (
            b"OPTIONS sip:a@example.com SIP/2.0\r\n"
            b"v: SIP/2.0/UDP h.example.com;branch=z9hG4bK1\r\n"
            b"f: <sip:b@example.com>;tag=1\r\nt: <sip:a@example.com>\r\ni: abc\r\n"
            b"CSeq: 1 OPTIONS\r\nm: <sip:b@h.example.com>\r\nk: timer\r\n"
            b"s: hello\r\nc: text/plain\r\no: presence\r\nu: dialog\r\nl: 2\r\n\r\nhi"
        )
        msg = parse(data)
        assert [name for name, _ in msg.headers] == [
            "Via",
            "From",
            "To",
            "Call-ID",
            "CSeq",
            "Contact",
            "Supported",
            "Subject",
            "Content-Type",
            "Event",
            "Allow-Events",
        ]
        assert msg.body == b"hi"

    def test_lookup_is_case_insensitive_and_accepts_compact_forms(self) -> None:
        msg = request()
        assert msg.headers.get("call-id") == msg.headers.get("i") == msg.call_id
        assert "VIA" in msg.headers
        assert "v" in msg.headers

    def test_unknown_names_keep_their_spelling(self) -> None:
        msg = request(extra="X-Custom-thing: 1\r\nx-custom-THING: 2\r\n")
        assert msg.headers.get_all("X-CUSTOM-THING") == ("1", "2")
        assert b"X-Custom-thing: 1\r\nx-custom-THING: 2\r\n" in msg.to_bytes()


class TestFolding:
    def test_folded_lines_join_with_one_space(self) -> None:
        msg = request(extra="Subject: hello\r\n  \t there\r\n\tworld\r\n")
        assert msg.headers.get("Subject") == "hello there world"

    def test_whitespace_around_the_colon(self) -> None:
        msg = request(extra="Subject   :   spaced  \r\n")
        assert msg.headers.get("Subject") == "spaced"


class TestListHeaders:
    def test_several_vias_on_one_line(self) -> None:
        # What SIPp's [last_Via:] echoes back (sip-anchors.md pitfall 2).
        data = raw_request().replace(
            b"Via: SIP/2.0/UDP 192.0.2.10:5060;branch=z9hG4bK74bf9;rport",
            b"Via: SIP/2.0/UDP proxy.example.com;branch=z9hG4bKp1, "
            b"SIP/2.0/UDP [2001:db8::1]:5070;branch=z9hG4bKu1;received=192.0.2.9",
        )
        msg = parse(data)
        assert [(v.host, v.port, v.branch) for v in msg.vias] == [
            ("proxy.example.com", None, "z9hG4bKp1"),
            ("2001:db8::1", 5070, "z9hG4bKu1"),
        ]
        relayed = msg.pop_via()
        assert relayed.top_via.branch == "z9hG4bKu1"
        assert b"proxy.example.com" not in relayed.to_bytes()

    def test_commas_inside_quotes_and_brackets_do_not_split(self) -> None:
        msg = request(
            extra='Route: "a, b" <sip:p1.example.com;lr>, <sip:p2.example.com;lr;x=1,2>\r\n'
        )
        assert msg.headers.get_all("Route") == (
            '"a, b" <sip:p1.example.com;lr>',
            "<sip:p2.example.com;lr;x=1,2>",
        )

    @pytest.mark.parametrize(
        "line",
        [
            'WWW-Authenticate: Digest realm="a", nonce="b", qop="auth,auth-int"',
            'Authorization: Digest username="u", realm="a", nonce="b", uri="sip:x", response="c"',
            'Proxy-Authenticate: Digest realm="a", nonce="b"',
            "Date: Sat, 13 Nov 2010 23:29:00 GMT",
            "X-Unknown: a, b, c",
        ],
    )
    def test_headers_with_their_own_commas_are_not_split(self, line: str) -> None:
        msg = request(extra=line + "\r\n")
        name, value = line.split(": ", 1)
        assert msg.headers.get_all(name) == (value,)

    def test_headers_built_locally_are_split_the_same_way(self) -> None:
        assert Headers([("Via", "a, b")]) == Headers([("Via", "a"), ("Via", "b")])


class TestStartLine:
    def test_response_with_extra_words_in_the_reason(self) -> None:
        msg = parse(
            b"SIP/2.0 503 Service   Unavailable now\r\n"
            b"Via: SIP/2.0/UDP h;branch=z9hG4bK1\r\nFrom: <sip:a@b>;tag=1\r\n"
            b"To: <sip:c@d>;tag=2\r\nCall-ID: x\r\nCSeq: 1 INVITE\r\n\r\n"
        )
        assert isinstance(msg, Response)
        assert (msg.status, msg.reason) == (503, "Service   Unavailable now")

    @pytest.mark.parametrize(
        "line",
        [
            b"INVITE sip:a@b SIP/2.0 extra",
            b"INVITE sip:a@b",
            b"IN VITE sip:a@b SIP/2.0",
            b"INVITE sip:a@b HTTP/1.1",
            b"SIP/2.0 99 Too small",
            b"SIP/2.0 700 Too big",
            b"SIP/2.0 20x OK",
        ],
    )
    def test_malformed_start_lines(self, line: str) -> None:
        data = raw_request().split(b"\r\n", 1)[1]
        with pytest.raises(RemoteProtocolError):
            parse(line + b"\r\n" + data)

    def test_lower_case_version_is_accepted(self) -> None:
        data = raw_request().replace(b" SIP/2.0\r\n", b" sip/2.0\r\n", 1)
        assert parse(data).to_bytes().startswith(b"INVITE sip:+14155550123@")


class TestMandatoryHeaders:
    @pytest.mark.parametrize("name", ["Via", "From", "To", "Call-ID", "CSeq"])
    def test_missing(self, name: str) -> None:
        lines = [
            line
            for line in raw_request().split(b"\r\n")
            if not line.startswith(name.encode() + b":")
        ]
        with pytest.raises(RemoteProtocolError, match=name):
            parse(b"\r\n".join(lines))

    def test_max_forwards_may_be_absent_but_not_wrong(self) -> None:
        data = raw_request().replace(b"Max-Forwards: 70\r\n", b"")
        assert parse(data).max_forwards is None
        with pytest.raises(RemoteProtocolError, match="Max-Forwards"):
            parse(raw_request().replace(b"Max-Forwards: 70", b"Max-Forwards: 256"))

    def test_via_must_speak_sip_2_0(self) -> None:
        with pytest.raises(RemoteProtocolError):
            parse(raw_request().replace(b"SIP/2.0/UDP", b"SIP/3.0/UDP"))


class TestLineEnds:
    @pytest.mark.parametrize("bad", [b"X-A: 1\nX-B: 2\r\n", b"X-A: 1\rX-B: 2\r\n"])
    def test_bare_cr_or_lf_in_the_header_section_is_rejected(self, bad: bytes) -> None:
        data = raw_request().replace(b"Content-Length", bad + b"Content-Length")
        with pytest.raises(RemoteProtocolError, match="bare CR or LF"):
            parse(data)

    def test_locally_built_header_values_cannot_inject_lines(self) -> None:
        with pytest.raises(LocalProtocolError):
            Headers([("Subject", "hi\r\nVia: evil")])
        with pytest.raises(LocalProtocolError):
            Headers([("Bad Name", "x")])

    def test_leading_crlfs_are_skipped(self) -> None:
        assert parse(b"\r\n\r\n" + raw_request()).method == "INVITE"  # type: ignore[union-attr]

    def test_missing_empty_line_at_the_end_of_a_datagram(self) -> None:
        data = raw_request()
        assert data.endswith(b"\r\n\r\n")
        assert parse(data[:-2]) == parse(data)

    def test_keepalive_datagrams(self) -> None:
        assert is_keepalive(b"\r\n\r\n")
        assert is_keepalive(b"")
        assert is_keepalive(b"\r\n")
        assert not is_keepalive(raw_request())
        with pytest.raises(RemoteProtocolError):
            parse(b"\r\n\r\n")


class TestBodies:
    def test_datagram_without_content_length_takes_the_rest(self) -> None:
        data = raw_request(body=SDP).replace(f"Content-Length: {len(SDP)}\r\n".encode(), b"")
        assert parse(data).body == SDP

    def test_content_length_is_framing_not_a_header(self) -> None:
        msg = request(body=SDP)
        assert "Content-Length" not in msg.headers
        assert f"Content-Length: {len(SDP)}\r\n".encode() in msg.to_bytes()

    def test_body_longer_than_content_length_is_truncated(self) -> None:
        data = raw_request(body=b"abc").replace(b"Content-Length: 3", b"Content-Length: 2")
        assert parse(data).body == b"ab"

    @pytest.mark.parametrize("value", [b"abc", b"-1", b"1.0", b"", b"0x10"])
    def test_bad_content_length(self, value: bytes) -> None:
        data = raw_request().replace(b"Content-Length: 0", b"Content-Length: " + value)
        with pytest.raises(RemoteProtocolError, match="Content-Length"):
            parse(data)


class TestNumbers:
    LONG = "9" * 5000  # past Python's 4300-digit limit for int()

    @pytest.mark.parametrize(
        ("old", "new"),
        [
            (b"CSeq: 1 INVITE", b"CSeq: %s INVITE"),
            (b"Content-Length: 0", b"Content-Length: %s"),
            (b"Max-Forwards: 70", b"Max-Forwards: %s"),
        ],
    )
    def test_huge_numbers_are_protocol_errors(self, old: bytes, new: bytes) -> None:
        with pytest.raises(RemoteProtocolError):
            parse(raw_request().replace(old, new % self.LONG.encode()))

    def test_huge_numbers_in_lazy_headers(self) -> None:
        msg = request(extra=f"Expires: {self.LONG}\r\n")
        with pytest.raises(RemoteProtocolError):
            _ = msg.expires
        via = msg.top_via.with_params(rport=self.LONG)
        with pytest.raises(RemoteProtocolError):
            _ = via.rport

    def test_leading_zeros(self) -> None:
        data = raw_request().replace(b"Max-Forwards: 70", b"Max-Forwards: " + b"0" * 5000 + b"70")
        assert parse(data).max_forwards == 70


class TestLimits:
    def test_too_many_headers(self) -> None:
        parser = DatagramParser(max_header_count=10)
        with pytest.raises(RemoteProtocolError) as caught:
            parser.parse(raw_request(extra="X-A: 1\r\nX-B: 2\r\nX-C: 3\r\n"))
        assert caught.value.status_hint == 513
        assert error_response(caught.value) is not None  # 513 can be answered

    def test_header_line_too_long(self) -> None:
        parser = DatagramParser(max_header_line=100)
        with pytest.raises(RemoteProtocolError) as caught:
            parser.parse(raw_request(extra="X-Long: " + "a" * 200 + "\r\n"))
        assert caught.value.status_hint == 513

    def test_message_too_large_is_answerable(self) -> None:
        parser = DatagramParser(max_message_size=600)
        with pytest.raises(RemoteProtocolError) as caught:
            parser.parse(raw_request(body=b"x" * 600))
        assert caught.value.status_hint == 513
        response = error_response(caught.value, to_tag="x")
        assert response is not None
        assert response.status == 513
        assert response.reason == "Message Too Large"

    def test_limits_accept_what_fits(self) -> None:
        data = raw_request()
        assert DatagramParser(max_message_size=len(data)).parse(data)


class TestPartialMessages:
    def test_a_bad_header_line_keeps_the_others(self) -> None:
        data = raw_request(extra="this line has no colon\r\n")
        with pytest.raises(RemoteProtocolError) as caught:
            parse(data)
        partial = caught.value.partial
        assert partial is not None
        assert partial.method == "INVITE"
        assert partial.headers.get("Call-ID") == "3848276298220188511@pc33.example.com"
        response = error_response(caught.value, to_tag="abc")
        assert response is not None
        assert response.to_tag == "abc"
        assert response.top_via.branch == "z9hG4bK74bf9"
        assert response.cseq.number == 1

    def test_a_garbage_start_line_gives_nothing_to_answer(self) -> None:
        with pytest.raises(RemoteProtocolError) as caught:
            parse(b"\x00\x01\x02 garbage\r\n\r\n")
        assert error_response(caught.value) is None

    def test_a_bad_ack_is_never_answered(self) -> None:
        data = raw_request("ACK").replace(b"CSeq: 1 ACK", b"CSeq: one ACK")
        with pytest.raises(RemoteProtocolError) as caught:
            parse(data)
        assert caught.value.partial is not None
        assert error_response(caught.value) is None
