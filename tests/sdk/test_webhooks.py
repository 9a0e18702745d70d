"""Callback signatures: Sinch's ``X-Sinch-Signature`` and Standard Webhooks."""

from __future__ import annotations

import base64

import pytest

from opentrunk.sdk import StandardWebhook, WebhookVerificationError, sign_callback, verify_callback

# The vector of shared/reference/imported-api.md §5, computed independently there.
BODY = (
    '{"resourceType":"IMPORTED_NUMBER","eventType":"LINK_TO_10DLC_CAMPAIGN",'
    '"eventId":"01hzzexampleeventid0000000","timestamp":"2024-05-01T12:00:00.123456Z",'
    '"projectId":"11111111-2222-3333-4444-555555555555","resourceId":"+12025550134",'
    '"status":"FAILED","failureCode":"CAMPAIGN_NOT_AVAILABLE"}'
)
SIGNATURE = "34da6cf0b166c2b82ee0f39aaea8fc4544ec17bd"


class TestSinchSignature:
    def test_known_vector(self) -> None:
        assert sign_callback(BODY, "my-hmac-secret") == SIGNATURE
        assert verify_callback(BODY.encode(), SIGNATURE, "my-hmac-secret")
        assert verify_callback(BODY, SIGNATURE.upper(), "my-hmac-secret")  # hex, any case

    @pytest.mark.parametrize(
        ("body", "signature", "secret"),
        [
            (BODY + " ", SIGNATURE, "my-hmac-secret"),  # one byte more
            (BODY, SIGNATURE, "another-secret"),
            (BODY, SIGNATURE[:-1] + "0", "my-hmac-secret"),
            (BODY, "", "my-hmac-secret"),
            (BODY, None, "my-hmac-secret"),
        ],
    )
    def test_anything_else_fails(self, body: str, signature: str | None, secret: str) -> None:
        assert not verify_callback(body, signature, secret)


class TestStandardWebhooks:
    KEY = base64.b64encode(b"0123456789abcdef0123456789abcdef").decode()

    def _webhook(self, now: float = 1_700_000_000) -> StandardWebhook:
        return StandardWebhook("whsec_" + self.KEY, tolerance=300, clock=lambda: now)

    def _headers(self, signature: str, timestamp: int = 1_700_000_000) -> dict[str, str]:
        return {
            "Webhook-Id": "msg_1",
            "Webhook-Timestamp": str(timestamp),
            "Webhook-Signature": signature,
        }

    def test_a_signed_message_verifies(self) -> None:
        webhook = self._webhook()
        signature = webhook.sign("msg_1", 1_700_000_000, b'{"a":1}')
        assert signature.startswith("v1,")
        webhook.verify(b'{"a":1}', self._headers(signature))
        # Several signatures (key rotation): any one may match.
        webhook.verify(b'{"a":1}', self._headers(f"v1,AAAA {signature}"))
        # The raw key works as well as the whsec_ form.
        StandardWebhook(base64.b64decode(self.KEY), clock=lambda: 1_700_000_000).verify(
            b'{"a":1}', self._headers(signature)
        )

    def test_the_spec_example(self) -> None:
        # The example of the Standard Webhooks specification.
        webhook = StandardWebhook(
            "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", clock=lambda: 1614265330
        )
        webhook.verify(
            b'{"test": 2432232314}',
            {
                "webhook-id": "msg_p5jXN8AQM9LWM0D4loKWxJek",
                "webhook-timestamp": "1614265330",
                "webhook-signature": "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=",
            },
        )

    @pytest.mark.parametrize(
        ("body", "timestamp", "now"),
        [
            (b'{"a":2}', 1_700_000_000, 1_700_000_000),  # body changed
            (b'{"a":1}', 1_700_000_001, 1_700_000_000),  # timestamp changed
            (b'{"a":1}', 1_700_000_000, 1_700_000_301),  # too old
        ],
    )
    def test_tampering_and_replays_fail(self, body: bytes, timestamp: int, now: float) -> None:
        signature = self._webhook().sign("msg_1", 1_700_000_000, b'{"a":1}')
        with pytest.raises(WebhookVerificationError):
            self._webhook(now).verify(body, self._headers(signature, timestamp))

    def test_missing_headers_fail(self) -> None:
        with pytest.raises(WebhookVerificationError, match="missing"):
            self._webhook().verify(b"{}", {})
