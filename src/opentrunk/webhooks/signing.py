"""Callback signatures: Sinch's, and Standard Webhooks' alongside it.

``X-Sinch-Signature``: lowercase hex HMAC-SHA1 of the raw body, keyed with the UTF-8
bytes of the project's ``hmacSecret`` (what every Sinch SDK's validator computes).

Standard Webhooks (``webhook-id``, ``webhook-timestamp``, ``webhook-signature``) adds
replay protection: ``v1,`` + base64 HMAC-SHA256 of ``"{id}.{timestamp}.{body}"``. The
key is the same ``hmacSecret`` bytes, so a project has one secret to manage. Standard
Webhooks libraries take their secret as ``whsec_`` + base64(key): give them
``standard_webhooks_secret(hmac_secret)``. The timestamp is real Unix time at the
attempt, not sandbox time, because receivers compare it with their own clock.
"""

from __future__ import annotations

import base64
import hashlib
import hmac

__all__ = [
    "sinch_signature",
    "standard_signature",
    "standard_webhooks_secret",
    "verify_sinch_signature",
    "verify_standard_signature",
]


def sinch_signature(hmac_secret: str, body: bytes) -> str:
    return hmac.new(hmac_secret.encode(), body, hashlib.sha1).hexdigest()


def standard_signature(hmac_secret: str, event_id: str, timestamp: int, body: bytes) -> str:
    signed = f"{event_id}.{timestamp}.".encode() + body
    digest = hmac.new(hmac_secret.encode(), signed, hashlib.sha256).digest()
    return "v1," + base64.b64encode(digest).decode()


def standard_webhooks_secret(hmac_secret: str) -> str:
    return "whsec_" + base64.b64encode(hmac_secret.encode()).decode()


def verify_sinch_signature(hmac_secret: str, body: bytes, header: str) -> bool:
    return hmac.compare_digest(sinch_signature(hmac_secret, body), header.strip().lower())


def verify_standard_signature(
    hmac_secret: str, event_id: str, timestamp: int, body: bytes, header: str
) -> bool:
    """True when any of the space-separated ``v1,`` signatures in ``header`` matches."""
    expected = standard_signature(hmac_secret, event_id, timestamp, body)
    return any(hmac.compare_digest(expected, candidate) for candidate in header.split())
