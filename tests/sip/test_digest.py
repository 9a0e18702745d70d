"""Digest authentication: RFC vectors, headers, stateless nonces, replay protection."""

from __future__ import annotations

import pytest

from opentrunk.sip import (
    DigestAlgorithm,
    DigestAuthenticator,
    DigestChallenge,
    DigestCredentials,
    DigestVerdict,
    RemoteProtocolError,
    SipUri,
    compute_ha1,
    digest_response,
    digest_uri_matches,
    parse_uri,
)

REALM = "sip.example.com"
URI = "sip:+14155550123@trunk1.pstn.example.com"
HA1_MD5 = compute_ha1("alice", REALM, "correct horse")
HA1_SHA256 = compute_ha1("alice", REALM, "correct horse", DigestAlgorithm.SHA256)


class TestRfcVectors:
    def test_rfc2617_mufasa(self) -> None:
        # RFC 2617 §3.5
        header = (
            'Digest username="Mufasa", realm="testrealm@host.com", '
            'nonce="dcd98b7102dd2f0e8b11d0f600bfb0c093", uri="/dir/index.html", '
            'qop=auth, nc=00000001, cnonce="0a4f113b", '
            'response="6629fae49393a05397450978507c4ef1", '
            'opaque="5ccc069c403ebaf9f0171e9517f40e41"'
        )
        credentials = DigestCredentials.parse(header)
        ha1 = compute_ha1("Mufasa", "testrealm@host.com", "Circle Of Life")
        assert ha1 == "939e7578ed9e3c518a452acee763bce9"
        expected = digest_response(
            ha1=ha1,
            algorithm=credentials.algorithm,
            method="GET",
            uri=credentials.uri,
            nonce=credentials.nonce,
            qop=credentials.qop,
            nc=credentials.nc,
            cnonce=credentials.cnonce,
        )
        assert expected == credentials.response == "6629fae49393a05397450978507c4ef1"

    @pytest.mark.parametrize(
        ("algorithm", "response"),
        [
            (
                DigestAlgorithm.SHA256,
                "753927fa0e85d155564e2e272a28d1802ca10daf4496794697cf8db5856cb6c1",
            ),
            (DigestAlgorithm.MD5, "8ca523f5e9506fed4657c9700eebdbec"),
        ],
    )
    def test_rfc7616_examples(self, algorithm: DigestAlgorithm, response: str) -> None:
        # RFC 7616 §3.9.1
        ha1 = compute_ha1("Mufasa", "http-auth@example.org", "Circle of Life", algorithm)
        assert (
            digest_response(
                ha1=ha1,
                algorithm=algorithm,
                method="GET",
                uri="/dir/index.html",
                nonce="7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v",
                qop="auth",
                nc="00000001",
                cnonce="f2/wE4q74E6zIJEtWaHKaf5wv/H5QzzpXusqGemxURZJ",
            )
            == response
        )


class TestHeaders:
    def test_challenge_round_trip(self) -> None:
        challenge = DigestChallenge(
            realm='odd "realm"',
            nonce="abc",
            algorithm=DigestAlgorithm.SHA256,
            opaque="xyz",
            stale=True,
        )
        text = str(challenge)
        assert text == (
            'Digest realm="odd \\"realm\\"", nonce="abc", algorithm=SHA-256, qop="auth", '
            'opaque="xyz", stale=TRUE'
        )
        assert DigestChallenge.parse(text) == challenge

    def test_credentials_round_trip(self) -> None:
        challenge = DigestChallenge(realm=REALM, nonce="n1")
        credentials = DigestCredentials.build(
            challenge, username="alice", ha1=HA1_MD5, method="INVITE", uri=URI, cnonce="c1"
        )
        assert DigestCredentials.parse(str(credentials)) == credentials
        assert credentials.nc == "00000001"

    def test_tab_after_the_scheme_and_trailing_whitespace(self) -> None:
        challenge = DigestChallenge.parse('Digest\trealm="r",  nonce="n"  ')
        assert (challenge.realm, challenge.nonce) == ("r", "n")

    def test_parameter_names_are_case_insensitive_and_values_may_be_bare(self) -> None:
        credentials = DigestCredentials.parse(
            "digest USERNAME=alice, Realm=r, nonce=n, uri=sip:a@b, response=ABC, "
            "algorithm=sha-256, qop=auth, nc=00000002, cnonce=x"
        )
        assert credentials.algorithm is DigestAlgorithm.SHA256
        assert credentials.response == "abc"
        assert credentials.uri == "sip:a@b"

    @pytest.mark.parametrize(
        "text",
        [
            "NoOneKnowsThisScheme opaque-data=here",  # RFC 4475 regaut01
            'Digest realm="r", nonce="n", uri="u", response="x"',  # no username
            'Digest username="a" realm="r"',  # missing comma
            'Digest username="a", username="b", realm="r", nonce="n", uri="u", response="x"',
            'Digest username="a, realm="r"',
            'Digest username="a", realm="r", nonce="n", uri="u", response="x", algorithm=SHA-1',
            "",
        ],
    )
    def test_invalid_credentials(self, text: str) -> None:
        with pytest.raises(RemoteProtocolError):
            DigestCredentials.parse(text)


def answer(
    challenge: DigestChallenge,
    *,
    ha1: str = HA1_MD5,
    nc: int = 1,
    method: str = "INVITE",
    uri: str = URI,
) -> DigestCredentials:
    return DigestCredentials.build(
        challenge, username="alice", ha1=ha1, method=method, uri=uri, cnonce="0a4f113b", nc=nc
    )


class TestAuthenticator:
    def setup_method(self) -> None:
        self.auth = DigestAuthenticator(b"node secret", nonce_ttl=300)

    def verify(self, credentials: DigestCredentials, now: float, **kwargs: str) -> DigestVerdict:
        return self.auth.verify(credentials, method="INVITE", now=now, **{"ha1": HA1_MD5, **kwargs})

    def test_correct_password(self) -> None:
        challenge = self.auth.challenge(REALM, now=1000.0)
        assert self.verify(answer(challenge), 1001.0, realm=REALM, uri=URI) is DigestVerdict.OK

    def test_sha256(self) -> None:
        challenge = self.auth.challenge(REALM, now=1000.0, algorithm=DigestAlgorithm.SHA256)
        credentials = answer(challenge, ha1=HA1_SHA256)
        assert credentials.algorithm is DigestAlgorithm.SHA256
        assert self.verify(credentials, 1001.0, ha1=HA1_SHA256) is DigestVerdict.OK
        assert self.verify(credentials, 1001.0, ha1=HA1_MD5) is DigestVerdict.BAD_RESPONSE

    def test_session_variant(self) -> None:
        challenge = self.auth.challenge(REALM, now=1000.0, algorithm=DigestAlgorithm.MD5_SESS)
        assert self.verify(answer(challenge), 1001.0) is DigestVerdict.OK

    def test_wrong_password(self) -> None:
        challenge = self.auth.challenge(REALM, now=1000.0)
        wrong = answer(challenge, ha1=compute_ha1("alice", REALM, "wrong"))
        assert self.verify(wrong, 1001.0) is DigestVerdict.BAD_RESPONSE

    def test_expired_nonce_is_stale_only_with_the_right_password(self) -> None:
        challenge = self.auth.challenge(REALM, now=1000.0)
        assert self.verify(answer(challenge), 1000.0 + 300.5) is DigestVerdict.STALE
        wrong = answer(challenge, ha1=compute_ha1("alice", REALM, "wrong"))
        assert self.verify(wrong, 1000.0 + 300.5) is DigestVerdict.BAD_RESPONSE

    def test_replayed_nonce_count(self) -> None:
        challenge = self.auth.challenge(REALM, now=1000.0)
        assert self.verify(answer(challenge, nc=1), 1001.0) is DigestVerdict.OK
        assert self.verify(answer(challenge, nc=1), 1002.0) is DigestVerdict.REPLAYED
        assert self.verify(answer(challenge, nc=3), 1003.0) is DigestVerdict.OK
        assert self.verify(answer(challenge, nc=2), 1004.0) is DigestVerdict.REPLAYED

    def test_a_wrong_guess_does_not_burn_the_count(self) -> None:
        challenge = self.auth.challenge(REALM, now=1000.0)
        wrong = answer(challenge, nc=5, ha1=compute_ha1("alice", REALM, "guess"))
        assert self.verify(wrong, 1001.0) is DigestVerdict.BAD_RESPONSE
        assert self.verify(answer(challenge, nc=1), 1002.0) is DigestVerdict.OK

    def test_nonce_from_another_secret(self) -> None:
        other = DigestAuthenticator(b"someone else's secret")
        challenge = other.challenge(REALM, now=1000.0)
        assert self.verify(answer(challenge), 1001.0) is DigestVerdict.BAD_NONCE

    def test_nodes_sharing_the_secret_accept_each_others_nonces(self) -> None:
        peer = DigestAuthenticator(b"node secret")
        challenge = peer.challenge(REALM, now=1000.0)
        assert self.verify(answer(challenge), 1001.0) is DigestVerdict.OK

    def test_nonce_is_bound_to_its_realm(self) -> None:
        challenge = self.auth.challenge("other.example.com", now=1000.0)
        moved = DigestChallenge(realm=REALM, nonce=challenge.nonce)
        assert self.verify(answer(moved), 1001.0) is DigestVerdict.BAD_NONCE

    @pytest.mark.parametrize("nonce", ["", "short", "A" * 43, "!" * 43])
    def test_garbage_nonces(self, nonce: str) -> None:
        forged = answer(DigestChallenge(realm=REALM, nonce=nonce))
        assert self.verify(forged, 1001.0) is DigestVerdict.BAD_NONCE

    def test_nonce_from_the_future(self) -> None:
        challenge = self.auth.challenge(REALM, now=5000.0)
        assert self.verify(answer(challenge), 1000.0) is DigestVerdict.BAD_NONCE

    def test_mismatches(self) -> None:
        challenge = self.auth.challenge(REALM, now=1000.0)
        credentials = answer(challenge)
        assert self.verify(credentials, 1001.0, realm="other") is DigestVerdict.MISMATCH
        assert self.verify(credentials, 1001.0, uri="sip:elsewhere") is DigestVerdict.WRONG_URI
        no_qop = DigestCredentials.build(
            DigestChallenge(realm=REALM, nonce=challenge.nonce, qop=()),
            username="alice",
            ha1=HA1_MD5,
            method="INVITE",
            uri=URI,
        )
        assert no_qop.qop is None
        assert self.verify(no_qop, 1001.0) is DigestVerdict.MISMATCH
        lenient = DigestAuthenticator(b"node secret", allow_no_qop=True)
        assert lenient.verify(no_qop, method="INVITE", ha1=HA1_MD5, now=1001.0) is DigestVerdict.OK

    def test_response_covers_the_method(self) -> None:
        challenge = self.auth.challenge(REALM, now=1000.0)
        register = answer(challenge, method="REGISTER")
        assert self.verify(register, 1001.0) is DigestVerdict.BAD_RESPONSE

    def test_forgetting_a_nonce_never_reopens_a_replay(self) -> None:
        auth = DigestAuthenticator(b"s", max_tracked_nonces=2)
        first = auth.challenge(REALM, now=1000.0)
        later = [auth.challenge(REALM, now=1000.0 + i) for i in (1, 2)]

        def check(challenge: DigestChallenge, nc: int, now: float) -> DigestVerdict:
            return auth.verify(answer(challenge, nc=nc), method="INVITE", ha1=HA1_MD5, now=now)

        assert check(first, 1, 1010.0) is DigestVerdict.OK
        assert check(later[0], 1, 1011.0) is DigestVerdict.OK
        assert check(later[1], 1, 1012.0) is DigestVerdict.OK  # evicts `first`
        # The replay of `first` is not accepted; the client is sent for a fresh nonce.
        assert check(first, 1, 1013.0) is DigestVerdict.STALE
        assert check(first, 2, 1013.0) is DigestVerdict.STALE
        # Nonces issued after the forgotten one are unaffected.
        assert check(later[1], 2, 1014.0) is DigestVerdict.OK

    def test_empty_secret_is_refused(self) -> None:
        with pytest.raises(ValueError, match="secret"):
            DigestAuthenticator(b"")

    def test_nonces_are_unique_and_header_safe(self) -> None:
        nonces = {self.auth.make_nonce(REALM, 1000.0) for _ in range(100)}
        assert len(nonces) == 100
        assert all(n.isascii() and '"' not in n and "," not in n for n in nonces)


class TestRequestUri:
    """The credentials' ``uri`` must name the Request-URI (RFC 3261 §22.4, RFC 2617
    §3.2.2.5, RFC 7616 §3.4.6), compared as SIP URIs (RFC 3261 §19.1.4)."""

    def setup_method(self) -> None:
        self.auth = DigestAuthenticator(b"node secret", nonce_ttl=300)

    def verify(self, uri: str, request_uri: str, nc: int = 1) -> DigestVerdict:
        challenge = self.auth.challenge(REALM, now=1000.0)
        credentials = answer(challenge, uri=uri, nc=nc)
        return self.auth.verify(
            credentials, method="INVITE", ha1=HA1_MD5, now=1001.0, realm=REALM,
            uri=parse_uri(request_uri),
        )  # fmt: skip

    def test_the_same_uri_is_accepted(self) -> None:
        assert self.verify(URI, URI) is DigestVerdict.OK

    @pytest.mark.parametrize(
        "request_uri",
        [
            "sip:+14155550199@trunk1.pstn.example.com",  # another number
            "sip:+14155550123@trunk2.pstn.example.com",  # another trunk
            "sip:+14155550123@trunk1.pstn.example.com:5080",  # another port
            "sip:+14155550123@trunk1.pstn.example.com:5060",  # absent is not 5060
            "sips:+14155550123@trunk1.pstn.example.com",  # another scheme
            "sip:trunk1.pstn.example.com",  # no user
            "tel:+14155550123",
        ],
    )
    def test_credentials_for_another_resource_are_refused(self, request_uri: str) -> None:
        assert self.verify(URI, request_uri) is DigestVerdict.WRONG_URI

    def test_refused_before_the_nonce_count_is_recorded(self) -> None:
        # Lifted credentials must not burn the count of the request they came from.
        assert self.verify(URI, "sip:+14155550199@trunk1.pstn.example.com") is (
            DigestVerdict.WRONG_URI
        )
        assert self.verify(URI, URI) is DigestVerdict.OK

    @pytest.mark.parametrize(
        ("uri", "request_uri"),
        [
            # host case, a trailing dot; parameters in another order or left out
            (URI, "sip:+14155550123@TRUNK1.pstn.Example.COM"),
            ("sip:+14155550123@trunk1.pstn.example.com.", URI),
            (
                "sip:+14155550123@trunk1.pstn.example.com;transport=tcp;user=phone",
                "sip:+14155550123@Trunk1.pstn.example.com;user=phone;transport=TCP",
            ),
            (URI, f"{URI};user=phone"),
            ("SIP:+14155550123@trunk1.pstn.example.com", URI),  # scheme case
            ("sip:%2B14155550123@trunk1.pstn.example.com", URI),  # escaped user
            ("sip:alice@[2001:db8::1]:5060", "sip:alice@[2001:DB8:0::1]:5060"),
            ("sip:alice@192.0.2.1", "sip:alice@192.0.2.1"),
        ],
    )
    def test_equivalent_uris_are_accepted(self, uri: str, request_uri: str) -> None:
        assert digest_uri_matches(uri, parse_uri(request_uri))
        assert self.verify(uri, request_uri) is DigestVerdict.OK

    def test_the_user_part_is_case_sensitive(self) -> None:
        assert not digest_uri_matches("sip:Alice@example.com", "sip:alice@example.com")

    @pytest.mark.parametrize(
        ("uri", "request_uri", "expected"),
        [
            ("tel:+14155550123", "tel:+14155550123", True),
            ("TEL:+14155550123", "tel:+14155550123", True),
            ("tel:+14155550199", "tel:+14155550123", False),
            ("not a uri", URI, False),
            ("not a uri", "not a uri", True),  # a textual match is accepted as such
            ("/dir/index.html", URI, False),
        ],
    )
    def test_other_forms(self, uri: str, request_uri: str, expected: bool) -> None:
        assert digest_uri_matches(uri, request_uri) is expected

    def test_a_uri_naming_the_server_itself_is_accepted_when_allowed(self) -> None:
        # SIPp's [authentication] writes sip:<remote_ip>:<remote_port>, whatever the
        # Request-URI.
        server = parse_uri("sip:192.0.2.10:5060")
        assert isinstance(server, SipUri)

        def verify(uri: str, server_uri: SipUri | None) -> DigestVerdict:
            challenge = self.auth.challenge(REALM, now=1000.0)
            return self.auth.verify(
                answer(challenge, uri=uri), method="INVITE", ha1=HA1_MD5, now=1001.0,
                uri=parse_uri(URI), server_uri=server_uri,
            )  # fmt: skip

        assert verify("sip:192.0.2.10:5060", server) is DigestVerdict.OK
        assert verify("sip:192.0.2.10:5060", None) is DigestVerdict.WRONG_URI
        assert verify("sip:192.0.2.10:5080", server) is DigestVerdict.WRONG_URI
        assert verify("sip:192.0.2.11:5060", server) is DigestVerdict.WRONG_URI
        # With a user part it names someone behind the server, not the server.
        assert verify("sip:+14155550199@192.0.2.10:5060", server) is DigestVerdict.WRONG_URI
        # The Request-URI is still accepted when a server URI is given.
        assert verify(URI, server) is DigestVerdict.OK

    def test_an_empty_uri_is_refused(self) -> None:
        assert self.verify("", URI) is DigestVerdict.WRONG_URI

    def test_credentials_without_a_uri_are_refused(self) -> None:
        header = str(answer(self.auth.challenge(REALM, now=1000.0)))
        without = ", ".join(p for p in header.split(", ") if not p.startswith("uri="))
        assert "uri=" not in without
        with pytest.raises(RemoteProtocolError, match="without uri"):
            DigestCredentials.parse(without)
