"""Edge policy as pure functions: each rule of Sinch's diagnostics table, time passed in."""

from __future__ import annotations

import pytest

from opentrunk.sip import (
    DigestAlgorithm,
    DigestAuthenticator,
    DigestChallenge,
    DigestCredentials,
    Request,
    SipUri,
    compute_ha1,
    parse_message,
)
from opentrunk.sip.edge import Admit, CallRateLimiter, Reject, check_inbound, check_outbound
from opentrunk.sip.element import Flow
from opentrunk.trunking.routing import BlockingRule, CredentialHash

from .net import CARRIER, DOMAIN, EDGE, PBX, REALM, invite, table, trunk

OUTSIDE = Flow("UDP", "203.0.113.99", 5060)
PASSWORD = "SecurePassword1234"


def creds(username: str = "pbx01") -> dict[str, CredentialHash]:
    return {
        username: CredentialHash(
            username,
            REALM,
            compute_ha1(username, REALM, PASSWORD),
            compute_ha1(username, REALM, PASSWORD, algorithm=DigestAlgorithm.SHA256),
        )
    }


def request(raw: bytes) -> Request:
    message = parse_message(raw)
    assert isinstance(message, Request)
    return message


def outbound(routes, raw: bytes = invite(), source: Flow = PBX, now: float = 0.0, **kwargs):  # type: ignore[no-untyped-def]
    auth = kwargs.pop("auth", DigestAuthenticator(b"secret"))
    rate = kwargs.pop("rate", CallRateLimiter())
    return check_outbound(
        routes, request(raw), source, now, authenticator=auth, realm=REALM, rate=rate, **kwargs
    )


def authorization(
    challenge_header: str,
    *,
    password: str = PASSWORD,
    user: str = "pbx01",
    uri: str = f"sip:+15551234567@{DOMAIN}",
) -> str:
    challenge = DigestChallenge.parse(challenge_header)
    credentials = DigestCredentials.build(
        challenge,
        username=user,
        ha1=compute_ha1(user, REALM, password),
        method="INVITE",
        uri=uri,
        cnonce="0a4f113b",
    )
    return str(credentials)


class TestOutbound:
    def test_an_unknown_trunk_domain_is_404(self) -> None:
        verdict = outbound(table(trunk()), invite(domain="nope.pstn.sinch.com"))
        assert isinstance(verdict, Reject)
        assert verdict.status == 404
        assert verdict.call is None  # nobody's call history

    def test_a_source_in_the_acl_is_admitted(self) -> None:
        verdict = outbound(table(trunk()))
        assert isinstance(verdict, Admit)
        assert verdict.call.to_country == "US"
        assert (verdict.call.from_number, verdict.call.to_number) == (
            "+15550001111",
            "+15551234567",
        )

    def test_a_source_outside_the_acl_is_403_and_not_recorded(self) -> None:
        verdict = outbound(table(trunk()), source=OUTSIDE)
        assert isinstance(verdict, Reject)
        assert (verdict.status, verdict.call) == (403, None)

    def test_a_trunk_with_neither_acl_nor_credentials_is_403(self) -> None:
        verdict = outbound(table(trunk(acl=())))
        assert isinstance(verdict, Reject)
        assert verdict.status == 403

    def test_credentials_are_challenged_407_then_admitted(self) -> None:
        routes = table(trunk(acl=(), credentials=creds()))
        auth = DigestAuthenticator(b"secret")
        first = outbound(routes, auth=auth, source=OUTSIDE)
        assert isinstance(first, Reject)
        assert first.status == 407
        ((name, challenge),) = first.headers
        assert name == "Proxy-Authenticate"
        assert 'realm="pstn.sinch.com"' in challenge
        header = authorization(challenge)
        second = outbound(
            routes, invite(extra=f"Proxy-Authorization: {header}\r\n"), auth=auth, source=OUTSIDE
        )
        assert isinstance(second, Admit)
        # The same credentials again (a replay) are not accepted a second time.
        third = outbound(
            routes, invite(extra=f"Proxy-Authorization: {header}\r\n"), auth=auth, source=OUTSIDE
        )
        assert isinstance(third, Reject)
        assert third.status == 407

    @pytest.mark.parametrize(
        ("user", "password"), [("pbx01", "WrongPassword99"), ("nobody", PASSWORD)]
    )
    def test_wrong_credentials_are_403(self, user: str, password: str) -> None:
        routes = table(trunk(acl=(), credentials=creds()))
        auth = DigestAuthenticator(b"secret")
        first = outbound(routes, auth=auth)
        assert isinstance(first, Reject)
        header = authorization(first.headers[0][1], password=password, user=user)
        second = outbound(routes, invite(extra=f"Proxy-Authorization: {header}\r\n"), auth=auth)
        assert isinstance(second, Reject)
        assert second.status == 403

    @pytest.mark.parametrize(
        "uri",
        [
            f"sip:+15559990000@{DOMAIN}",  # made for a call to another number
            "sip:+15551234567@other.pstn.sinch.com",  # to another trunk
            f"sip:+15551234567@{DOMAIN}:5080",
        ],
    )
    def test_credentials_made_for_another_request_uri_are_403(self, uri: str) -> None:
        # RFC 3261 §22.4: the right password, but the digest covers another
        # Request-URI: credentials lifted from another request are refused like a
        # wrong password (403, no call record), not re-challenged.
        routes = table(trunk(acl=(), credentials=creds()))
        auth = DigestAuthenticator(b"secret")
        first = outbound(routes, auth=auth, source=OUTSIDE)
        assert isinstance(first, Reject)
        header = authorization(first.headers[0][1], uri=uri)
        second = outbound(
            routes, invite(extra=f"Proxy-Authorization: {header}\r\n"), auth=auth, source=OUTSIDE
        )
        assert isinstance(second, Reject)
        assert (second.status, second.reason, second.call) == (
            403,
            "Forbidden - bad credentials",
            None,
        )

    def test_credentials_for_an_equivalent_request_uri_are_admitted(self) -> None:
        routes = table(trunk(acl=(), credentials=creds()))
        auth = DigestAuthenticator(b"secret")
        first = outbound(routes, auth=auth, source=OUTSIDE)
        assert isinstance(first, Reject)
        uri = f"sip:+15551234567@{DOMAIN.upper()};user=phone"
        header = authorization(first.headers[0][1], uri=uri)
        second = outbound(
            routes, invite(extra=f"Proxy-Authorization: {header}\r\n"), auth=auth, source=OUTSIDE
        )
        assert isinstance(second, Admit)

    def test_credentials_naming_the_edge_itself_are_admitted(self) -> None:
        # What SIPp's [authentication] writes: sip:<remote_ip>:<remote_port>.
        routes = table(trunk(acl=(), credentials=creds()))
        auth = DigestAuthenticator(b"secret")
        edge = SipUri("sip", None, EDGE.host, EDGE.port)
        first = outbound(routes, auth=auth, source=OUTSIDE)
        assert isinstance(first, Reject)
        header = authorization(first.headers[0][1], uri=f"sip:{EDGE.host}:{EDGE.port}")
        raw = invite(extra=f"Proxy-Authorization: {header}\r\n")
        assert isinstance(outbound(routes, raw, auth=auth, source=OUTSIDE, server_uri=edge), Admit)
        # Only the edge: another host or port is still another resource.
        other = SipUri("sip", None, EDGE.host, EDGE.port + 1)
        refused = outbound(routes, raw, auth=auth, source=OUTSIDE, server_uri=other)
        assert isinstance(refused, Reject)
        assert refused.status == 403

    def test_acl_and_credentials_are_both_enforced(self) -> None:
        routes = table(trunk(credentials=creds()))
        assert outbound(routes, source=OUTSIDE).status == 403  # type: ignore[union-attr]
        inside = outbound(routes)
        assert isinstance(inside, Reject)
        assert inside.status == 407

    def test_a_stale_nonce_is_rechallenged_with_stale(self) -> None:
        routes = table(trunk(acl=(), credentials=creds()))
        auth = DigestAuthenticator(b"secret", nonce_ttl=30)
        first = outbound(routes, auth=auth, now=0.0)
        header = authorization(first.headers[0][1])  # type: ignore[union-attr]
        late = outbound(
            routes, invite(extra=f"Proxy-Authorization: {header}\r\n"), auth=auth, now=60.0
        )
        assert isinstance(late, Reject)
        assert late.status == 407
        assert "stale=true" in late.headers[0][1].lower()

    def test_the_from_domain_must_be_the_trunk_domain(self) -> None:
        verdict = outbound(table(trunk()), invite(from_domain="example.com"))
        assert isinstance(verdict, Reject)
        assert verdict.status == 403
        assert verdict.call is not None  # authenticated: it is in the call history

    def test_a_country_not_enabled_is_403(self) -> None:
        verdict = outbound(table(trunk()), invite(to="+46812345678"))
        assert isinstance(verdict, Reject)
        assert (verdict.status, verdict.call.to_country) == (403, "SE")  # type: ignore[union-attr]
        enabled = outbound(table(trunk(), countries=("US", "CA", "SE")), invite(to="+46812345678"))
        assert isinstance(enabled, Admit)

    def test_outbound_blocking_rules(self) -> None:
        rule = BlockingRule("R1", "OUTBOUND", None, "+1555123")
        verdict = outbound(table(trunk(), rules=(rule,)))
        assert isinstance(verdict, Reject)
        assert verdict.status == 403
        other = outbound(table(trunk(), rules=(rule,)), invite(to="+15559990000"))
        assert isinstance(other, Admit)

    def test_calls_per_second_over_the_limit_is_603(self) -> None:
        routes = table(trunk(cps=2))
        rate = CallRateLimiter()
        statuses = [
            getattr(outbound(routes, rate=rate, now=now), "status", 200)
            for now in (0.0, 0.1, 0.2, 0.6, 1.2)
        ]
        # A burst of 2, then 2 per second.
        assert statuses == [200, 200, 603, 200, 200]


class TestInbound:
    def test_an_unassigned_number_is_404(self) -> None:
        verdict = check_inbound(table(trunk()), request(invite(uri_host=CARRIER.host)))
        assert isinstance(verdict, Reject)
        assert verdict.status == 404

    def test_an_assigned_number_finds_its_trunk(self) -> None:
        routes = table(trunk(), numbers={"+15551234567": "T1"})
        verdict = check_inbound(routes, request(invite(to="15551234567", uri_host="edge")))
        assert isinstance(verdict, Admit)
        assert (verdict.call.trunk.id, verdict.call.direction) == ("T1", "INBOUND")

    def test_inbound_blocking_rules_match_the_caller(self) -> None:
        rule = BlockingRule("R1", "INBOUND", "SE", None)
        routes = table(trunk(), numbers={"+15551234567": "T1"}, rules=(rule,))
        blocked = check_inbound(routes, request(invite(from_user="+46812345678")))
        assert isinstance(blocked, Reject)
        assert blocked.status == 403
        assert isinstance(check_inbound(routes, request(invite())), Admit)
