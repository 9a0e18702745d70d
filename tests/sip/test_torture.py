"""RFC 4475 and RFC 5118 torture messages (files in ``vectors/``)."""

from __future__ import annotations

from pathlib import Path

import pytest

from opentrunk.sip import (
    AbsoluteUri,
    RemoteProtocolError,
    Request,
    Response,
    SipUri,
    error_response,
    parse_message,
)

VECTORS = Path(__file__).parent / "vectors"


def load(name: str) -> bytes:
    return (VECTORS / f"{name}.sip").read_bytes()


def names(folder: str) -> list[str]:
    return sorted(f"{folder}/{p.stem}" for p in (VECTORS / folder).glob("*.sip"))


def request(name: str) -> Request:
    message = parse_message(load(name))
    assert isinstance(message, Request)
    return message


REJECTED_BY_PARSER = {"semantic/insuf", "semantic/multi01", "semantic/mcl01", "rfc5118/ipv6-bad"}
ACCEPTED = [
    n for n in names("valid") + names("semantic") + names("rfc5118") if n not in REJECTED_BY_PARSER
]
REJECTED = names("invalid") + sorted(REJECTED_BY_PARSER)


def test_every_vector_is_classified() -> None:
    assert len(names("valid")) == 13
    assert len(names("invalid")) == 19
    assert len(ACCEPTED) + len(REJECTED) == len(list(VECTORS.rglob("*.sip")))


@pytest.mark.parametrize("name", ACCEPTED)
def test_valid_message_parses_and_round_trips(name: str) -> None:
    message = parse_message(load(name))
    assert parse_message(message.to_bytes()) == message


@pytest.mark.parametrize("name", REJECTED)
def test_invalid_message_is_rejected(name: str) -> None:
    with pytest.raises(RemoteProtocolError):
        parse_message(load(name))


class TestValidDetails:
    def test_wsinv_folding_compact_forms_and_comma_vias(self) -> None:
        msg = request("valid/wsinv")
        assert msg.method == "INVITE"
        assert isinstance(msg.uri, SipUri)
        assert msg.uri.params.get("unknownparam") == ""
        assert msg.to.tag == "1918181833n"
        assert msg.from_.display_name == 'J Rosenberg \\"'
        assert msg.from_tag == "98asjd8"
        assert msg.max_forwards == 68
        assert (msg.cseq.number, msg.cseq.method) == (9, "INVITE")
        assert [(v.transport, v.host, v.branch) for v in msg.vias] == [
            ("UDP", "192.0.2.2", "390skdjuw"),
            ("TCP", "spindle.example.com", "z9hG4bK9ikj8"),
            ("UDP", "192.168.255.111", "z9hG4bK30239"),
        ]
        assert msg.headers.get("Subject") == ""
        assert msg.headers.get("NewFangledHeader") == "newfangled value continued newfangled value"
        assert msg.headers.get("UnknownHeaderWithUnusualValue") == ";;,,;;,;"
        (contact,) = msg.contacts
        assert contact.display_name == 'Quoted string ""'
        assert contact.params.get("newparam") == "newvalue"
        assert contact.params.get("secondparam") == ""
        assert contact.params.get("q") == "0.33"
        (route,) = msg.routes
        assert isinstance(route.uri, SipUri)
        assert route.uri.lr
        assert len(msg.body) == 150

    def test_intmeth_wide_range_of_characters(self) -> None:
        msg = request("valid/intmeth")
        assert msg.method == "!interesting-Method0123456789_*+`.%indeed'~"
        assert isinstance(msg.uri, SipUri)
        assert msg.uri.user == "1_unusual.URI~(to-be!sure)&isn't+it$/crazy?,/;;*"
        assert msg.uri.password == "&it+has=1,weird!*pas$wo~d_too.(doesn't-it)"
        assert msg.to.display_name == "BEL:\x07 NUL:\x00 DEL:\x7f"
        assert msg.from_.display_name == "token1~` token2'+_ token3*%!.-"
        assert msg.from_.params.get("fromParam''~+*_!.-%") == '"работающий"'
        assert msg.from_tag == "_token~1'+`*%!-."
        assert msg.call_id == "intmeth.word%ZK-!.*_+'@word`~)(><:\\/\"][?}{"
        assert msg.headers.get("extensionHeader-!.%*+_`'~") == "\ufeff大停電"
        assert msg.top_via.branch == "z9hG4bK-.!%66*_+`'~"

    def test_esc01_keeps_escapes_as_written(self) -> None:
        msg = request("valid/esc01")
        assert isinstance(msg.uri, SipUri)
        assert msg.uri.user == "sips%3Auser%40example.com"
        assert msg.uri.user_decoded == "sips:user@example.com"
        assert msg.to.sip_uri is not None
        assert msg.to.sip_uri.user_decoded == "user"
        contact = msg.contacts[0].sip_uri
        assert contact is not None
        assert contact.params.get("n%61me") == "v%61lue%25%34%31"

    def test_escnull_registers_two_contacts(self) -> None:
        msg = request("valid/escnull")
        users = [c.sip_uri.user_decoded for c in msg.contacts if c.sip_uri]
        assert users == ["\x00", "\x00\x00"]

    def test_esc02_percent_is_not_an_escape_in_methods_or_names(self) -> None:
        msg = request("valid/esc02")
        assert msg.method == "RE%47IST%45R"
        assert [c.sip_uri.user for c in msg.contacts if c.sip_uri] == ["alias1", "alias3"]
        assert msg.headers.get("C%6Fntact") == "<sip:alias2@host2.example.com>"

    def test_lwsdisp_display_name_without_space(self) -> None:
        assert request("valid/lwsdisp").from_.display_name == "caller"

    def test_longreq_many_vias_and_long_values(self) -> None:
        msg = request("valid/longreq")
        assert len(msg.vias) == 34
        assert msg.vias[0].host == "sip33.example.com"
        assert msg.vias[-1].received == "192.0.2.5"
        assert msg.to.sip_uri is not None
        assert msg.to.sip_uri.port == 6000

    def test_dblreq_ignores_octets_after_the_body(self) -> None:
        msg = request("valid/dblreq")
        assert msg.method == "REGISTER"
        assert msg.body == b""

    def test_semiuri_user_part_holds_a_semicolon(self) -> None:
        msg = request("valid/semiuri")
        assert isinstance(msg.uri, SipUri)
        assert msg.uri.user_decoded == "user;par=u@example.net"
        assert msg.uri.host == "example.com"
        assert len(msg.headers.get_all("Accept")) == 6

    def test_transports(self) -> None:
        msg = request("valid/transports")
        assert [v.transport for v in msg.vias] == ["UDP", "SCTP", "TLS", "UNKNOWN", "TCP"]

    def test_mpart01_binary_body_survives(self) -> None:
        msg = request("valid/mpart01")
        assert b"\x00" in msg.body
        assert msg.top_via.has_rport
        assert msg.top_via.rport is None
        assert parse_message(msg.to_bytes()).body == msg.body

    def test_unreason_and_noreason(self) -> None:
        unreason = parse_message(load("valid/unreason"))
        assert isinstance(unreason, Response)
        assert unreason.reason == "= 2**3 * 5**2 но сто девяносто девять - простое"
        noreason = parse_message(load("valid/noreason"))
        assert isinstance(noreason, Response)
        assert (noreason.status, noreason.reason) == (100, "")


class TestSemantic:
    def test_unknown_schemes_are_carried(self) -> None:
        assert request("semantic/unkscm").uri == AbsoluteUri(
            "nobodyknowsthisscheme", "totallyopaquecontent"
        )
        assert str(request("semantic/novelsc").uri) == "soap.beep://192.0.2.103:3002"
        msg = request("semantic/unksm2")
        assert str(msg.to.uri) == "isbn:2983792873"
        assert str(msg.contacts[0].uri) == "name:John_Smith"

    def test_badbranch_gets_rfc2543_matching(self) -> None:
        assert not request("semantic/badbranch").top_via.is_rfc3261_branch

    def test_zero_max_forwards_and_rfc2543_invite(self) -> None:
        assert request("semantic/zeromf").max_forwards == 0
        inv = request("semantic/inv2543")
        assert inv.max_forwards is None
        assert inv.top_via.branch is None

    def test_addr_spec_contact_params_belong_to_the_contact(self) -> None:
        (contact,) = request("semantic/cparam01").contacts
        assert contact.params.get("unknownparam") == ""
        (contact,) = request("semantic/cparam02").contacts
        assert contact.sip_uri is not None
        assert "unknownparam" in contact.sip_uri.params


class TestRejections:
    @pytest.mark.parametrize(
        ("name", "status"),
        [("invalid/badvers", 505), ("invalid/mismatch01", 400), ("invalid/quotbal", 400)],
    )
    def test_status_hint(self, name: str, status: int) -> None:
        with pytest.raises(RemoteProtocolError) as caught:
            parse_message(load(name))
        assert caught.value.status_hint == status

    @pytest.mark.parametrize(
        "name",
        [
            "invalid/badinv01",
            "invalid/clerr",
            "invalid/ncl",
            "invalid/scalar02",
            "invalid/quotbal",
            "invalid/ltgtruri",
            "invalid/lwsruri",
            "invalid/lwsstart",
            "invalid/trws",
            "invalid/escruri",
            "invalid/baddate",
            "invalid/regbadct",
            "invalid/badaspec",
            "invalid/baddn",
            "invalid/badvers",
            "invalid/mismatch01",
            "invalid/mismatch02",
            "semantic/multi01",
            "semantic/mcl01",
        ],
    )
    def test_bad_requests_can_still_be_answered(self, name: str) -> None:
        with pytest.raises(RemoteProtocolError) as caught:
            parse_message(load(name))
        response = error_response(caught.value, to_tag="t1")
        assert response is not None
        assert response.status == caught.value.status_hint
        sent = response.to_bytes()
        assert sent.startswith(f"SIP/2.0 {response.status} ".encode())
        call_id = load(name).split(b"Call-ID: ")[1].split(b"\r\n")[0]
        assert b"\r\nCall-ID: " + call_id + b"\r\n" in sent

    @pytest.mark.parametrize("name", ["invalid/scalarlg", "invalid/bigcode", "semantic/insuf"])
    def test_responses_and_headless_requests_are_dropped(self, name: str) -> None:
        with pytest.raises(RemoteProtocolError) as caught:
            parse_message(load(name))
        assert error_response(caught.value) is None
