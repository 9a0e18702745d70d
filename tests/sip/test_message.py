"""Messages: accessors, derived messages, builders, serialisation."""

from __future__ import annotations

import dataclasses

import pytest

from opentrunk.sip import (
    Headers,
    LocalProtocolError,
    RemoteProtocolError,
    Request,
    Response,
    make_ack,
    make_cancel,
    make_response,
    new_branch,
    new_tag,
    parse_message,
    parse_uri,
    parse_via,
    reason_phrase,
)

from .messages import SDP, raw_request, request, response_to


class TestAccessors:
    def test_edge_headers(self) -> None:
        msg = request(
            extra="Route: <sip:p1.example.com;lr>, <sip:p2.example.com;lr>\r\n"
            "Record-Route: <sip:rr.example.com;lr>\r\nExpires: 300\r\n",
            body=SDP,
        )
        assert msg.top_via.sent_by == ("192.0.2.10", 5060)
        assert msg.top_via.has_rport
        assert msg.from_tag == "9fxced76sl"
        assert msg.to_tag is None
        assert msg.call_id == "3848276298220188511@pc33.example.com"
        assert (msg.cseq.number, msg.cseq.method) == (1, "INVITE")
        assert msg.max_forwards == 70
        assert [str(r.uri) for r in msg.routes] == [
            "sip:p1.example.com;lr",
            "sip:p2.example.com;lr",
        ]
        assert [str(r.uri) for r in msg.record_routes] == ["sip:rr.example.com;lr"]
        assert msg.expires == 300
        assert msg.content_type is None
        assert str(msg.contacts[0].uri) == "sip:alice@192.0.2.10:5060"

    def test_accessors_parse_once(self) -> None:
        msg = request()
        assert msg.top_via is msg.top_via
        assert msg.to is msg.to

    def test_contact_wildcard(self) -> None:
        msg = request("REGISTER", extra="Expires: 0\r\n").with_headers(
            request("REGISTER").headers.set("Contact", "*")
        )
        assert msg.is_contact_wildcard
        assert msg.contacts == ()
        with pytest.raises(RemoteProtocolError):
            _ = msg.with_headers(msg.headers.add("Contact", "<sip:a@b>")).contacts

    def test_lazy_headers_report_bad_values_when_read(self) -> None:
        msg = request(extra="Expires: soon\r\nRoute: <sip:broken\r\n")
        with pytest.raises(RemoteProtocolError):
            _ = msg.expires
        with pytest.raises(RemoteProtocolError):
            _ = msg.routes


class TestDerivedMessages:
    def test_proxy_style_via_handling(self) -> None:
        msg = request()
        ours = parse_via("SIP/2.0/UDP 203.0.113.1:5060;branch=" + new_branch())
        forwarded = msg.push_via(ours)
        assert forwarded.top_via == ours
        assert forwarded.vias[1] == msg.top_via
        assert forwarded.pop_via() == msg
        stamped = msg.with_top_via(msg.top_via.with_params(received="198.51.100.7", rport="4000"))
        assert stamped.top_via.received == "198.51.100.7"
        assert stamped.top_via.rport == 4000

    def test_messages_are_immutable(self) -> None:
        msg = request()
        with pytest.raises(dataclasses.FrozenInstanceError):
            msg.method = "BYE"  # type: ignore[misc]

    def test_replace_the_request_uri(self) -> None:
        msg = dataclasses.replace(request(), uri=parse_uri("sip:+14155550123@10.0.0.9:5080"))
        assert msg.to_bytes().startswith(b"INVITE sip:+14155550123@10.0.0.9:5080 SIP/2.0\r\n")


class TestMakeResponse:
    def test_copies_the_dialog_headers_and_adds_a_to_tag(self) -> None:
        req = request(extra="Subject: x\r\n")
        resp = make_response(req, 486, to_tag="8321234356")
        assert (resp.status, resp.reason) == (486, "Busy Here")
        assert [name for name, _ in resp.headers] == ["Via", "From", "To", "Call-ID", "CSeq"]
        assert resp.headers.get("Via") == req.headers.get("Via")
        assert resp.to_tag == "8321234356"
        assert resp.from_tag == req.from_tag

    def test_existing_to_tag_is_kept(self) -> None:
        req = request("BYE", to_tag="dialog1")
        assert make_response(req, 200, to_tag="other").to_tag == "dialog1"

    def test_100_trying_has_no_tag_and_copies_timestamp(self) -> None:
        resp = make_response(request(extra="Timestamp: 54\r\n"), 100, to_tag="x")
        assert resp.to_tag is None
        assert resp.headers.get("Timestamp") == "54"

    def test_extra_headers_and_body(self) -> None:
        resp = make_response(
            request(), 200, "Fine", to_tag="t", headers=[("Contact", "<sip:b@h>")], body=SDP
        )
        assert resp.reason == "Fine"
        assert resp.body == SDP
        assert parse_message(resp.to_bytes()) == resp

    def test_never_answers_an_ack(self) -> None:
        with pytest.raises(LocalProtocolError):
            make_response(request("ACK"), 200)

    @pytest.mark.parametrize("status", [99, 700])
    def test_status_range(self, status: int) -> None:
        with pytest.raises(LocalProtocolError):
            make_response(request(), status)

    def test_reason_phrases(self) -> None:
        assert reason_phrase(407) == "Proxy Authentication Required"
        assert reason_phrase(603) == "Decline"
        assert reason_phrase(499) == "Client Error"


class TestAckAndCancel:
    def test_ack_for_a_non_2xx(self) -> None:
        invite = request(extra="Route: <sip:p1.example.com;lr>\r\n")
        busy = response_to(invite, 486)
        ack = make_ack(invite, busy)
        assert ack.method == "ACK"
        assert ack.uri == invite.uri
        assert ack.headers.get_all("Via") == (invite.headers.get("Via"),)
        assert ack.to_tag == "as83kd9"
        assert (ack.cseq.number, ack.cseq.method) == (1, "ACK")
        assert ack.headers.get_all("Route") == ("<sip:p1.example.com;lr>",)
        assert ack.body == b""

    def test_ack_is_only_for_non_2xx_invite_answers(self) -> None:
        invite = request()
        with pytest.raises(LocalProtocolError):
            make_ack(invite, response_to(invite, 200))
        options = request("OPTIONS")
        with pytest.raises(LocalProtocolError):
            make_ack(options, response_to(options, 404))

    def test_cancel(self) -> None:
        invite = request()
        cancel = make_cancel(invite)
        assert cancel.method == "CANCEL"
        assert cancel.top_via.branch == invite.top_via.branch
        assert cancel.headers.get("To") == invite.headers.get("To")
        assert (cancel.cseq.number, cancel.cseq.method) == (1, "CANCEL")
        with pytest.raises(LocalProtocolError):
            make_cancel(request("ACK"))


class TestSerialisation:
    def test_wire_form(self) -> None:
        req = Request(
            "OPTIONS",
            parse_uri("sip:example.com"),
            Headers(
                [
                    ("v", "SIP/2.0/UDP h.example.com;branch=z9hG4bKa"),
                    ("Content-Length", "999"),
                    ("f", "<sip:a@example.com>;tag=1"),
                ]
            ),
            b"hello",
        )
        assert req.to_bytes() == (
            b"OPTIONS sip:example.com SIP/2.0\r\n"
            b"Via: SIP/2.0/UDP h.example.com;branch=z9hG4bKa\r\n"
            b"From: <sip:a@example.com>;tag=1\r\n"
            b"Content-Length: 5\r\n\r\nhello"
        )

    def test_invalid_start_lines_are_refused(self) -> None:
        with pytest.raises(LocalProtocolError):
            Request("BAD METHOD", parse_uri("sip:a@b"), Headers()).to_bytes()
        with pytest.raises(LocalProtocolError):
            Response(200, "OK\r\nX: y", Headers()).to_bytes()
        with pytest.raises(LocalProtocolError):
            Response(1000, "Huge", Headers()).to_bytes()

    def test_utf8_and_stray_bytes_survive_a_round_trip(self) -> None:
        raw = raw_request(extra="X-Name: café\r\n").replace(b"caf", b"\xff\xfecaf")
        msg = parse_message(raw)
        assert msg.headers.get("X-Name") == "\udcff\udcfecafé"
        assert b"X-Name: \xff\xfecaf\xc3\xa9\r\n" in msg.to_bytes()
        assert parse_message(msg.to_bytes()) == msg

    def test_identifiers(self) -> None:
        branch, tag = new_branch(), new_tag()
        assert branch.startswith("z9hG4bK")
        assert len(branch) == 23
        assert len(tag) == 12
        assert tag != new_tag()
