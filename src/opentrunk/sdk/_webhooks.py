"""Checking that a callback really comes from the server that holds your secret.

* ``verify_callback``: Sinch's ``X-Sinch-Signature``, the lowercase hex HMAC-SHA1 of the
  raw body keyed with the project's ``hmacSecret`` (Imported Numbers callbacks).
* ``StandardWebhook``: the Standard Webhooks scheme (``webhook-id``,
  ``webhook-timestamp``, ``webhook-signature: v1,<base64 HMAC-SHA256 of
  "{id}.{timestamp}.{body}">``), with a tolerance on the timestamp against replays.

Both compare in constant time and want the body exactly as received, before any JSON
parsing.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import time
from collections.abc import Mapping

from opentrunk.sdk._errors import WebhookVerificationError
from opentrunk.sdk._runtime import Clock

__all__ = ["StandardWebhook", "sign_callback", "verify_callback"]


def _bytes(value: bytes | str) -> bytes:
    return value.encode() if isinstance(value, str) else value


def sign_callback(body: bytes | str, secret: str) -> str:
    """The ``X-Sinch-Signature`` of ``body``.

    Example::

        signature = sign_callback(b'{"eventId": "..."}', "my-hmac-secret")
    """
    return hmac.new(secret.encode(), _bytes(body), hashlib.sha1).hexdigest()


def verify_callback(body: bytes | str, signature: str | None, secret: str) -> bool:
    """Whether ``signature`` (the ``X-Sinch-Signature`` header) signs ``body``.

    Example::

        if not verify_callback(request.body, request.headers.get("X-Sinch-Signature"),
                               secret):
            return Response(status_code=401)
    """
    if not signature:
        return False
    return hmac.compare_digest(sign_callback(body, secret), signature.strip().lower())


class StandardWebhook:
    """A Standard Webhooks verifier for one endpoint secret (``whsec_<base64>`` or the
    raw key).

    Example::

        webhook = StandardWebhook("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw")
        webhook.verify(body, request.headers)  # raises WebhookVerificationError
    """

    def __init__(
        self, secret: str | bytes, *, tolerance: float = 300.0, clock: Clock | None = None
    ) -> None:
        if isinstance(secret, str):
            secret = base64.b64decode(secret.removeprefix("whsec_"))
        self._key = secret
        self._tolerance = tolerance
        self._clock = clock or time.time

    def sign(self, msg_id: str, timestamp: int, body: bytes | str) -> str:
        """The ``webhook-signature`` value for a message.

        Example::

            header = webhook.sign("msg_1", 1700000000, b"{}")  # "v1,..."
        """
        signed = f"{msg_id}.{timestamp}.".encode() + _bytes(body)
        digest = hmac.new(self._key, signed, hashlib.sha256).digest()
        return "v1," + base64.b64encode(digest).decode()

    def verify(self, body: bytes | str, headers: Mapping[str, str]) -> None:
        """Raise ``WebhookVerificationError`` unless ``headers`` sign ``body`` with a
        timestamp within the tolerance.

        Example::

            webhook.verify(await request.body(), request.headers)
        """
        lowered = {k.lower(): v for k, v in headers.items()}
        msg_id = lowered.get("webhook-id")
        stamp = lowered.get("webhook-timestamp")
        signatures = lowered.get("webhook-signature")
        if not msg_id or not stamp or not signatures:
            raise WebhookVerificationError("missing webhook-id, -timestamp or -signature")
        try:
            timestamp = int(stamp)
        except ValueError:
            raise WebhookVerificationError("webhook-timestamp is not a number") from None
        if abs(self._clock() - timestamp) > self._tolerance:
            raise WebhookVerificationError("webhook-timestamp is outside the tolerance")
        expected = self.sign(msg_id, timestamp, body).encode()
        for candidate in signatures.split():
            if candidate.startswith("v1,") and hmac.compare_digest(expected, candidate.encode()):
                return
        raise WebhookVerificationError("no webhook-signature matches")
