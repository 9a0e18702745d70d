"""URIs, name-addr/addr-spec, Via and CSeq values."""

from __future__ import annotations

import pytest

from opentrunk.sip import (
    AbsoluteUri,
    Address,
    Params,
    RemoteProtocolError,
    SipUri,
    Via,
    parse_address,
    parse_cseq,
    parse_uri,
    parse_via,
)


class TestUri:
    def test_full_sip_uri(self) -> None:
        uri = parse_uri("sips:alice:secret@Example.COM:5061;transport=tcp;lr;maddr=10.0.0.1?h=v&x=")
        assert isinstance(uri, SipUri)
        assert (uri.scheme, uri.user, uri.password, uri.host, uri.port) == (
            "sips",
            "alice",
            "secret",
            "Example.COM",
            5061,
        )
        assert uri.transport == "tcp"
        assert uri.lr
        assert uri.maddr == "10.0.0.1"
        assert uri.headers == (("h", "v"), ("x", ""))
        assert (
            str(uri) == "sips:alice:secret@Example.COM:5061;transport=tcp;lr;maddr=10.0.0.1?h=v&x="
        )

    @pytest.mark.parametrize(
        ("text", "host", "port"),
        [
            ("sip:[2001:db8::10]", "2001:db8::10", None),
            ("sip:user@[::1]:5070", "::1", 5070),
            ("sip:[2001:db8::10:5070]", "2001:db8::10:5070", None),
            ("sip:192.0.2.1:5060", "192.0.2.1", 5060),
        ],
    )
    def test_hosts(self, text: str, host: str, port: int | None) -> None:
        uri = parse_uri(text)
        assert isinstance(uri, SipUri)
        assert (uri.host, uri.port) == (host, port)
        assert str(uri) == text

    def test_scheme_is_case_insensitive(self) -> None:
        assert str(parse_uri("SIP:a@b")) == "sip:a@b"

    def test_other_schemes_are_opaque(self) -> None:
        assert parse_uri("tel:+1-212-555-0101;phone-context=example.com") == AbsoluteUri(
            "tel", "+1-212-555-0101;phone-context=example.com"
        )

    @pytest.mark.parametrize(
        "text",
        [
            "sip:2001:db8::10",  # IPv6 without brackets
            "sip:[2001:db8::zz]",
            "sip:a@b:99999",
            "sip:a@b:5060x",
            "sip:a b@c",
            "sip:@host",
            "sip:a@b;=x",
            "sip:a@b?noequals",
            "<sip:a@b>",
            "sip:",
            "no-colon",
            "1sip:a@b",
            "tel:",
            "http://a b",
        ],
    )
    def test_invalid(self, text: str) -> None:
        with pytest.raises(RemoteProtocolError):
            parse_uri(text)

    def test_with_params(self) -> None:
        uri = parse_uri("sip:a@b;transport=udp")
        assert isinstance(uri, SipUri)
        assert str(uri.with_params(transport="tcp", lr="")) == "sip:a@b;transport=tcp;lr"


class TestAddress:
    def test_name_addr_with_quoted_display_name(self) -> None:
        a = parse_address('"Bob \\"B\\" Smith" <sip:bob@example.com;transport=udp>;tag=a6c85cf')
        assert a.display_name == 'Bob "B" Smith'
        assert a.tag == "a6c85cf"
        assert isinstance(a.uri, SipUri)
        assert a.uri.transport == "udp"
        assert str(a) == '"Bob \\"B\\" Smith" <sip:bob@example.com;transport=udp>;tag=a6c85cf'

    def test_addr_spec_params_are_header_params(self) -> None:
        a = parse_address("sip:bob@example.com;tag=1;user=phone")
        assert a.display_name is None
        assert str(a.uri) == "sip:bob@example.com"
        assert a.params == Params([("tag", "1"), ("user", "phone")])

    def test_contact_expires(self) -> None:
        assert parse_address("<sip:a@b>;expires=3600").expires == 3600
        assert parse_address("<sip:a@b>").expires is None
        with pytest.raises(RemoteProtocolError):
            _ = parse_address("<sip:a@b>;expires=soon").expires

    def test_angle_bracket_inside_an_addr_spec_parameter(self) -> None:
        a = parse_address('sip:a@b;note="<x>"')
        assert a.params.get("note") == '"<x>"'

    def test_with_tag(self) -> None:
        a = parse_address("<sip:a@b>").with_tag("xyz")
        assert str(a) == "<sip:a@b>;tag=xyz"
        assert Address(parse_uri("sip:a@b"), "A B").display_name == "A B"

    @pytest.mark.parametrize(
        "text",
        [
            '"unterminated <sip:a@b>',
            "Bell, Alexander <sip:a@b>",
            "< sip:a@b >",
            "<sip:a@b",
            '"A" sip:a@b',
            "sip:a@b?x=y",
            "sip:a@b;;",
            "sip:a@b;tag=",
            "",
        ],
    )
    def test_invalid(self, text: str) -> None:
        with pytest.raises(RemoteProtocolError):
            parse_address(text)


class TestVia:
    def test_parts(self) -> None:
        via = parse_via("SIP/2.0/udp 192.0.2.1:5060;branch=z9hG4bK87asdks7;received=10.0.0.1")
        assert via.transport == "UDP"
        assert via.sent_by == ("192.0.2.1", 5060)
        assert via.branch == "z9hG4bK87asdks7"
        assert via.is_rfc3261_branch
        assert via.received == "10.0.0.1"
        assert not via.has_rport
        assert via.rport is None

    def test_rport_forms(self) -> None:
        assert parse_via("SIP/2.0/UDP h;rport").has_rport
        assert parse_via("SIP/2.0/UDP h;rport=5090").rport == 5090
        with pytest.raises(RemoteProtocolError):
            _ = parse_via("SIP/2.0/UDP h;rport=99999").rport

    def test_received_ipv6_with_or_without_brackets(self) -> None:
        assert parse_via("SIP/2.0/UDP [::1];received=[2001:db8::9]").received == "2001:db8::9"
        assert parse_via("SIP/2.0/UDP [::1];received=2001:db8::9").received == "2001:db8::9"

    def test_with_params_adds_received_and_rport(self) -> None:
        via = parse_via("SIP/2.0/UDP 10.0.0.5:5060;branch=z9hG4bKx;rport")
        updated = via.with_params(received="198.51.100.7", rport="40312")
        assert str(updated) == (
            "SIP/2.0/UDP 10.0.0.5:5060;branch=z9hG4bKx;rport=40312;received=198.51.100.7"
        )
        assert str(Via("TCP", "::1", 5061)) == "SIP/2.0/TCP [::1]:5061"

    def test_bare_magic_cookie_is_not_an_rfc3261_branch(self) -> None:
        assert not parse_via("SIP/2.0/UDP h;branch=z9hG4bK").is_rfc3261_branch
        assert not parse_via("SIP/2.0/UDP h").is_rfc3261_branch

    @pytest.mark.parametrize(
        "text",
        [
            "SIP/2.0 h",
            "SIP/2.0/UDP",
            "SIP/2.0/UDP h;branch=a:b",
            "SIP/2.0/UDP h:port",
            "SIP/2.0/UDP [::zz]",
            "SIP/2.0/UDP h;;",
        ],
    )
    def test_invalid(self, text: str) -> None:
        with pytest.raises(RemoteProtocolError):
            parse_via(text)


class TestCSeq:
    def test_parse(self) -> None:
        cseq = parse_cseq("4711 INVITE")
        assert (cseq.number, cseq.method, str(cseq)) == (4711, "INVITE", "4711 INVITE")

    @pytest.mark.parametrize("text", ["INVITE", "1", "-1 INVITE", "4294967296 INVITE", "1 IN VITE"])
    def test_invalid(self, text: str) -> None:
        with pytest.raises(RemoteProtocolError):
            parse_cseq(text)
